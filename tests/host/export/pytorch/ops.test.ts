// Every op has a PyTorch form, and the forms compute what dlc computes:
// - every forward op of the registry has ops/<name>/torch.ts, listed in
//   ops/torch_exports.ts, and every loss a training section names has its
//   PyTorch loss (the failure names the op that lacks one);
// - nets/cover.net uses every forward op (with the attributes whose
//   PyTorch forms differ: "same" padding at stride 2, connection tables,
//   ceil-mode pools, bilinear upsampling, reflect padding, channel-first
//   broadcasting, …), and nets/shared.net shares a layer and names layers
//   after nn.Module's methods; exported, their state_dict names and
//   parameter counts are dlc's, and with random weights and BN statistics
//   their eval-mode outputs match the float64 reference within 1e-4.

import { rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { elementCount } from "../../../../core/ir/graph.js";
import { allOps, forwardOps } from "../../../../ops/registry.js";
import { torchExports, torchLosses } from "../../../../ops/torch_exports.js";
import { limitFor } from "../../../helpers/time_limits.js";
import { graphOf, scratchDir, writeCase } from "./cases.js";
import { ParityRun } from "./parity_run.js";

const NETS = join(import.meta.dirname, "nets");
const COVER = join(NETS, "cover.net");
const SHARED = join(NETS, "shared.net");

describe("every op has a PyTorch form", () => {
  it("every forward op of the registry has one (ops/<name>/torch.ts, listed in ops/torch_exports.ts)", () => {
    expect(forwardOps.map((op) => op.name).filter((name) => torchExports[name] === undefined)).toEqual([]);
  });

  it("every loss a training section names has one", () => {
    expect(allOps.filter((op) => op.loss !== undefined && torchLosses[op.name] === undefined).map((op) => op.name)).toEqual([]);
  });

  it("lists only the registry's forward ops and losses", () => {
    const forward = new Set(forwardOps.map((op) => op.name));
    const losses = new Set(allOps.filter((op) => op.loss !== undefined).map((op) => op.name));
    expect(Object.keys(torchExports).filter((name) => !forward.has(name))).toEqual([]);
    expect(Object.keys(torchLosses).filter((name) => !losses.has(name))).toEqual([]);
  });

  it("nets/cover.net uses every forward op, so that each form is checked against the reference", () => {
    const used = new Set(graphOf(COVER).nodes.map((n) => n.op));
    expect(forwardOps.map((op) => op.name).filter((name) => !used.has(name))).toEqual([]);
  });
});

describe("the forms compute what dlc computes", () => {
  const dir = scratchDir("dlc-export-ops-");
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(
    "nets/cover.net and nets/shared.net: dlc's names and counts, and the reference's outputs",
    async () => {
      const run = ParityRun.start(limitFor(10));
      const want = new Map<string, { names: string[]; count: number; outputs: string[] }>();
      for (const [i, file] of [COVER, SHARED].entries()) {
        const g = graphOf(file);
        const count = [...g.params.values()].filter((p) => p.kind !== "buffer").reduce((n, p) => n + elementCount(p.shape), 0);
        want.set(g.name, { names: [...g.params.keys()].sort(), count, outputs: g.outputs.map((o) => o.name) });
        await run.send(writeCase(dir, g, { seed: 11 + i, batch: 3 }));
      }
      const got = await run.finish();
      for (const [name, w] of want) {
        const r = got.get(name)!;
        expect(r.error, name).toBeUndefined();
        expect([...r.names!].sort(), name).toEqual(w.names);
        expect(r.params, name).toBe(w.count);
        for (const o of w.outputs) expect(r.errors![o], `${name}: output ${o}`).toBeLessThan(1e-4);
      }
    },
    limitFor(10),
  );
});
