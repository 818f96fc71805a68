// Every network of the standard library (stdlib/models/*.net) exported to
// PyTorch: at the smallest square input it accepts (classes = 10), and
// lenet5, resnet18 and mobilenet_v2 also at full size. For each, the
// exported module's state_dict names are exactly dlc's parameter names
// (BN running statistics included), its parameter count is dlc's, and with
// the same random weights and random non-trivial BN statistics, loaded with
// the file's own load_weights from a dlc checkpoint, its eval-mode outputs
// (float32) match dlc's float64 reference executor within 1e-4 relative
// (max |Δ| / max |reference|).
//
// One Python process runs every case (parity.py), working on one while the
// next is written; cases are removed as their results come in.

import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checkFile } from "../../../../compiler/pipeline.js";
import { elementCount, type Graph } from "../../../../core/ir/graph.js";
import { root } from "../../../helpers/cli.js";
import { limitFor } from "../../../helpers/time_limits.js";
import { graphOf, writeCase } from "./cases.js";
import { ParityRun } from "./parity_run.js";

const MODELS = join(root, "stdlib/models");
const SIZES = [8, 16, 24, 32, 48, 64, 96, 128, 160, 192, 224, 256];
const FULL_SIZE = ["lenet5", "resnet18", "mobilenet_v2"];
const TOLERANCE = 1e-4;

interface Case {
  readonly key: string;
  readonly file: string;
  readonly net: string;
  readonly inputs: Map<string, number[]>;
  readonly params: Map<string, number | boolean | string>;
  readonly batch: number;
}

/** Every network a model file declares. */
function networksOf(file: string): string[] {
  return [...readFileSync(file, "utf8").matchAll(/^network\s+(\w+)/gm)].map((m) => m[1]!);
}

const checks = (file: string, net: string, inputs: Map<string, number[]>, params: Map<string, number | boolean | string>) => {
  const r = checkFile(file, { network: net, inputs, params });
  return r.graph !== undefined && !r.diagnostics.some((d) => d.severity === "error");
};

/** The network at the smallest square size its [C, H, W] input accepts, with 10 classes where it has a `classes` parameter. */
function smallCase(file: string, net: string): Case {
  const full = checkFile(file, { network: net }).graph!;
  const input = full.nodes[full.inputs[0]!]!;
  const params = new Map<string, number | boolean | string>([["classes", 10]]);
  if (!checks(file, net, new Map(), params)) params.clear();
  for (const s of input.shape.length === 3 ? SIZES : []) {
    const inputs = new Map([[input.name, [input.shape[0]!, s, s]]]);
    if (checks(file, net, inputs, params)) return { key: `${net}_small`, file, net, inputs, params, batch: 2 };
  }
  return { key: `${net}_small`, file, net, inputs: new Map(), params, batch: 2 };
}

const paramCount = (g: Graph) => [...g.params.values()].filter((p) => p.kind !== "buffer").reduce((n, p) => n + elementCount(p.shape), 0);

describe("the standard library's networks in PyTorch", () => {
  const dir = mkdtempSync(join(tmpdir(), "dlc-export-models-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(
    "have dlc's parameter names and counts, and dlc's outputs (eval mode, random weights and BN statistics)",
    async () => {
      const cases: Case[] = [];
      for (const f of readdirSync(MODELS).filter((f) => f.endsWith(".net")).sort()) {
        const file = join(MODELS, f);
        for (const net of networksOf(file)) {
          cases.push(smallCase(file, net));
          if (FULL_SIZE.includes(net)) cases.push({ key: `${net}_full`, file, net, inputs: new Map(), params: new Map(), batch: 1 });
        }
      }
      const run = ParityRun.start(limitFor(90));
      const want = new Map<string, { names: string[]; count: number; outputs: string[] }>();
      for (const [i, c] of cases.entries()) {
        const g = graphOf(c.file, { inputs: c.inputs, params: c.params, net: c.net });
        want.set(c.key, { names: [...g.params.keys()].sort(), count: paramCount(g), outputs: g.outputs.map((o) => o.name) });
        await run.send(writeCase(dir, g, { seed: i + 1, batch: c.batch, key: c.key }));
      }
      const got = await run.finish();
      const problems: string[] = [];
      for (const c of cases) {
        const w = want.get(c.key)!;
        const r = got.get(c.key);
        if (!r || r.error !== undefined) {
          problems.push(`${c.key}: ${r?.error ?? "no result"}`);
          continue;
        }
        const names = [...r.names!].sort();
        const missing = w.names.filter((n) => !names.includes(n));
        const extra = names.filter((n) => !w.names.includes(n));
        if (missing.length || extra.length) problems.push(`${c.key}: state_dict lacks ${JSON.stringify(missing.slice(0, 5))}, has extra ${JSON.stringify(extra.slice(0, 5))}`);
        if (r.params !== w.count) problems.push(`${c.key}: ${r.params} parameters in PyTorch, ${w.count} in dlc`);
        for (const o of w.outputs) {
          const e = r.errors?.[o];
          if (typeof e !== "number" || !(e <= TOLERANCE)) problems.push(`${c.key}: output '${o}' relative error ${e}`);
        }
      }
      expect(problems).toEqual([]);
      // Every file and network was run, at a size it accepts.
      expect(cases.length).toBeGreaterThanOrEqual(readdirSync(MODELS).filter((f) => f.endsWith(".net")).length + FULL_SIZE.length);
    },
    limitFor(90),
  );
});
