// Every forward op exported to ONNX computes, in onnxruntime-node, what dlc's
// float64 reference executor computes (≤ 1e-4 of the outputs' scale), with
// random weights and batch-norm statistics: small networks that use each op
// with the attributes that change its ONNX form (odd "same" padding, ceil
// mode, counted padding, an even LRN window, per-channel slopes, broadcasts,
// transposed operands, …). The last test checks that these networks use
// every forward op of the registry, naming any that none of them uses.

import { describe, expect, it } from "vitest";
import { forwardOps } from "../../../../ops/registry.js";
import { agreement, graphOf } from "./agreement.js";
import { NETS } from "./op_networks.js";

const TOLERANCE = 1e-4;

/** Each op the networks use, from their graphs. */
const used = new Set<string>();

describe("ONNX export: each op against the float64 reference", () => {
  it.each(NETS)("%s", async (what, body) => {
    const g = graphOf("ops.net", { text: `network ops {\n${body}\n}\n` });
    for (const n of g.nodes) used.add(n.op);
    const r = await agreement(g, { batch: 3 });
    for (const [name, a] of r.outputs) {
      expect(a.ort, `${what}: output ${name}'s shape`).toEqual(a.ref);
      expect(a.diff, `${what}: output ${name}`).toBeLessThanOrEqual(TOLERANCE);
    }
  });

  it("with a dynamic batch, runs at batch sizes it was not exported with", async () => {
    const g = graphOf("dyn.net", { text: `network dyn {\ninput x: [3, 6, 6]\ncls = param([2, 3])\nt = x |> conv(4, k=3) |> bn |> relu |> gap |> dense(3) |> reshape([1, 3])\noutput y = concat(cls, t) |> flatten |> dense(2)\n}\n` });
    for (const runBatch of [1, 5]) {
      const r = await agreement(g, { batch: "dynamic", runBatch });
      expect(r.outputs.get("y")!.ort).toEqual([runBatch, 2]);
      expect(r.outputs.get("y")!.diff).toBeLessThanOrEqual(TOLERANCE);
    }
  });

  it("the networks above use every forward op", () => {
    expect(forwardOps.map((o) => o.name).filter((n) => !used.has(n))).toEqual([]);
  });
});
