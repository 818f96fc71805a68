// The standard library's networks (stdlib/models/*.net) exported to PyTorch
// and checked against dlc, for models_*.test.ts (split in three so that the
// suite's two workers share them): at the smallest square input each
// network accepts (classes = 10), and lenet5, resnet18 and mobilenet_v2 at
// full size. For each, the exported module's state_dict names are exactly
// dlc's parameter names (BN running statistics included), its parameter
// count is dlc's, and with the same random weights and random non-trivial BN
// statistics, loaded with the file's own load_weights from a dlc checkpoint,
// its eval-mode outputs (float32) match dlc's float64 reference executor
// within 1e-4 relative (max |Δ| / max |reference|). One sample each: what
// these networks add to ops.test.ts is their size and their names, not
// batching, which that test's covering network checks at batch 3 for every
// op.
//
// One Python process runs a file's cases (parity.py), working on one while
// the next is written; cases are removed as their results come in.

import { readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { checkFile } from "../../../../compiler/pipeline.js";
import { elementCount, type Graph } from "../../../../core/ir/graph.js";
import { root } from "../../../helpers/cli.js";
import { graphOf, scratchDir, writeCase } from "./cases.js";
import { ParityRun } from "./parity_run.js";

const MODELS = join(root, "stdlib/models");
const SIZES = [8, 16, 24, 32, 48, 64, 96, 128, 160, 192, 224, 256];
export const FULL_SIZE = ["lenet5", "resnet18", "mobilenet_v2"];
const TOLERANCE = 1e-4;

export interface ModelCase {
  readonly key: string;
  readonly file: string;
  readonly net: string;
  readonly inputs: Map<string, number[]>;
  readonly params: Map<string, number | boolean | string>;
}

/** Every model file, sorted, and the networks each declares. */
export function modelFiles(): { file: string; nets: string[] }[] {
  return readdirSync(MODELS)
    .filter((f) => f.endsWith(".net"))
    .sort()
    .map((f) => {
      const file = join(MODELS, f);
      return { file, nets: [...readFileSync(file, "utf8").matchAll(/^network\s+(\w+)/gm)].map((m) => m[1]!) };
    });
}

const checks = (file: string, net: string, inputs: Map<string, number[]>, params: Map<string, number | boolean | string>) => {
  const r = checkFile(file, { network: net, inputs, params });
  return r.graph !== undefined && !r.diagnostics.some((d) => d.severity === "error");
};

/** The network at the smallest square size its [C, H, W] input accepts, with 10 classes where it has a `classes` parameter. */
export function smallCase(file: string, net: string): ModelCase {
  const full = checkFile(file, { network: net }).graph!;
  const input = full.nodes[full.inputs[0]!]!;
  const params = new Map<string, number | boolean | string>([["classes", 10]]);
  if (!checks(file, net, new Map(), params)) params.clear();
  for (const s of input.shape.length === 3 ? SIZES : []) {
    const inputs = new Map([[input.name, [input.shape[0]!, s, s]]]);
    if (checks(file, net, inputs, params)) return { key: `${net}_small`, file, net, inputs, params };
  }
  return { key: `${net}_small`, file, net, inputs: new Map(), params };
}

/** The network as its file declares it. */
export const fullCase = (file: string, net: string): ModelCase => ({ key: `${net}_full`, file, net, inputs: new Map(), params: new Map() });

const paramCount = (g: Graph) => [...g.params.values()].filter((p) => p.kind !== "buffer").reduce((n, p) => n + elementCount(p.shape), 0);

/** Runs the cases; what disagrees with dlc, one line each (empty when all agree). */
export async function modelProblems(cases: readonly ModelCase[], timeoutMs: number): Promise<string[]> {
  const dir = scratchDir("dlc-export-models-");
  try {
    const run = ParityRun.start(timeoutMs);
    const want = new Map<string, { names: string[]; count: number; outputs: string[] }>();
    for (const [i, c] of cases.entries()) {
      const g = graphOf(c.file, { inputs: c.inputs, params: c.params, net: c.net });
      want.set(c.key, { names: [...g.params.keys()].sort(), count: paramCount(g), outputs: g.outputs.map((o) => o.name) });
      await run.send(writeCase(dir, g, { seed: i + 1, batch: 1, key: c.key }));
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
    return problems;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
