import { describe, expect, it } from "vitest";
import { checkFile } from "../../compiler/pipeline.js";
import type { Graph } from "../../core/ir/graph.js";
import { initParams } from "../../compiler/passes/init_rules.js";
import type { Tensor } from "../../core/tensor/tensor.js";

function graphOf(body: string): Graph {
  const r = checkFile("init_test.net", { text: `network init_test {\n${body}\n}` });
  if (!r.graph) throw new Error(r.diagnostics.map((d) => d.message).join("\n"));
  return r.graph;
}

function stats(t: Tensor): { mean: number; std: number } {
  let s = 0;
  for (const v of t.data) s += v;
  const mean = s / t.data.length;
  let q = 0;
  for (const v of t.data) q += (v - mean) * (v - mean);
  return { mean, std: Math.sqrt(q / t.data.length) };
}

function expectStd(t: Tensor, target: number): void {
  const { mean, std } = stats(t);
  expect(Math.abs(std / target - 1)).toBeLessThan(0.1);
  expect(Math.abs(mean)).toBeLessThan(0.1 * target);
}

const all = (t: Tensor, v: number) => expect(Array.from(t.data).every((x) => x === v)).toBe(true);

describe("initParams", () => {
  it("He normal for a ReLU network: std √(2/fan_in)", () => {
    const g = graphOf(`
      input x: [16, 8, 8]
      output y = x |> conv(64, k=3) |> relu |> conv(64, k=3, g=4) |> gap |> dense(500) |> relu |> dense(10)`);
    const p = initParams(g, 1);
    expectStd(p.get("conv1.weight")!, Math.sqrt(2 / (16 * 9)));
    expectStd(p.get("conv2.weight")!, Math.sqrt(2 / (16 * 9)));
    expectStd(p.get("dense1.weight")!, Math.sqrt(2 / 64));
    expectStd(p.get("dense2.weight")!, Math.sqrt(2 / 500));
    for (const n of ["conv1.bias", "conv2.bias", "dense1.bias", "dense2.bias"]) all(p.get(n)!, 0);
  });

  it("Xavier normal without a ReLU-family activation: std √(2/(fan_in + fan_out))", () => {
    const g = graphOf(`
      input x: [32, 4, 4]
      output y = x |> deconv(16, k=4, s=2) |> tanh |> flatten |> dense(300) |> sigmoid`);
    const p = initParams(g, 3);
    // conv_transpose weight [32, 16, 4, 4]: PyTorch's fan_in = 16·16, fan_out = 32·16.
    expectStd(p.get("conv_transpose1.weight")!, Math.sqrt(2 / (256 + 512)));
    // deconv output [16, 10, 10]: (4 − 1)·2 + 4 = 10, flattened to 1600.
    expectStd(p.get("dense1.weight")!, Math.sqrt(2 / (16 * 10 * 10 + 300)));
  });

  it("conv with a connection table: fans count the table's links", () => {
    // Every output reads 2 of 4 inputs; every input is read by 50 of 100 outputs (k 5 → 25 taps).
    const table = Array.from({ length: 100 }, (_, o) => (o % 2 === 0 ? [0, 1] : [2, 3]));
    const g = graphOf(`
      input x: [4, 8, 8]
      output y = x |> conv(100, k=5, table=${JSON.stringify(table)}) |> tanh`);
    const w = initParams(g, 5).get("conv1.weight")!;
    expect(w.shape).toEqual([200, 5, 5]);
    expectStd(w, Math.sqrt(2 / (2 * 25 + 50 * 25)));
  });

  it("constants: bn, scale, prelu, biases", () => {
    const g = graphOf(`
      input x: [3, 4, 4]
      output y = x |> conv(4, k=1) |> bn |> prelu |> scale`);
    const p = initParams(g, 9);
    all(p.get("conv1.bias")!, 0);
    all(p.get("bn1.weight")!, 1);
    all(p.get("bn1.bias")!, 0);
    all(p.get("bn1.running_mean")!, 0);
    all(p.get("bn1.running_var")!, 1);
    all(p.get("prelu1.weight")!, 0.25);
    all(p.get("scale1.weight")!, 1);
    all(p.get("scale1.bias")!, 0);
    expect([...p.keys()]).toEqual([...g.params.keys()]);
    for (const [name, info] of g.params) expect(p.get(name)!.shape).toEqual(info.shape);
  });

  it("is deterministic by seed, and honours the precision", () => {
    const g = graphOf(`
      input x: [8]
      output y = x |> dense(8) |> relu |> dense(2)`);
    const a = initParams(g, 11);
    const b = initParams(g, 11);
    const c = initParams(g, 12);
    for (const name of g.params.keys()) expect(Array.from(b.get(name)!.data)).toEqual(Array.from(a.get(name)!.data));
    expect(Array.from(c.get("dense1.weight")!.data)).not.toEqual(Array.from(a.get("dense1.weight")!.data));
    const f = initParams(g, 11, "f32");
    expect(f.get("dense1.weight")!.data).toBeInstanceOf(Float32Array);
    expect(f.get("dense1.weight")!.data[0]).toBe(Math.fround(a.get("dense1.weight")!.data[0]!));
  });
});
