import { describe, expect, it } from "vitest";
import { checkFile } from "../../compiler/pipeline.js";
import type { Graph, Node } from "../../core/ir/graph.js";
import { execute } from "../../reference/executor.js";
import type { Kernel } from "../../ops/reference_kernel.js";
import { fromArray, zeros, type Tensor } from "../../core/tensor/tensor.js";

function graphOf(body: string): Graph {
  const r = checkFile("exec_test.net", { text: `network exec_test {\n${body}\n}` });
  if (!r.graph) throw new Error(r.diagnostics.map((d) => d.message).join("\n"));
  return r.graph;
}

const small = () =>
  graphOf(`
  input x: [1, 3, 3]
  output y = x |> conv(1, k=2) |> relu |> gap |> dense(2)`);

// conv weight [[1,0],[0,1]], bias −10: x[i,j] + x[i+1,j+1] − 10. dense W = [[2],[−1]], b = [0.5, 0].
const smallParams = () =>
  new Map<string, Tensor>([
    ["conv1.weight", fromArray([1, 1, 2, 2], [1, 0, 0, 1])],
    ["conv1.bias", fromArray([1], [-10])],
    ["dense1.weight", fromArray([2, 1], [2, -1])],
    ["dense1.bias", fromArray([2], [0.5, 0])],
  ]);

// Sample 0: [[1,2,3],[4,5,6],[7,8,9]]; sample 1: zeros.
const smallFeeds = () => new Map([["x", fromArray([2, 1, 3, 3], [1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0])]]);

describe("execute", () => {
  it("runs conv → relu → gap → dense as computed by hand", () => {
    const g = small();
    const { values } = execute(g, { feeds: smallFeeds(), params: smallParams() });
    const byName = (n: string) => values[g.nodes.find((x) => x.name === n)!.id]!;
    // Sample 0: conv [6−10, 8−10, 12−10, 14−10] = [−4, −2, 2, 4]; relu [0, 0, 2, 4]; gap 1.5;
    // dense [2·1.5 + 0.5, −1.5]. Sample 1: conv −10 everywhere, relu 0, gap 0, dense [0.5, 0].
    expect(Array.from(byName("conv1").data)).toEqual([-4, -2, 2, 4, -10, -10, -10, -10]);
    expect(Array.from(byName("relu1").data)).toEqual([0, 0, 2, 4, 0, 0, 0, 0]);
    expect(Array.from(byName("gap1").data)).toEqual([1.5, 0]);
    const y = values[g.outputs[0]!.node]!;
    expect(y.shape).toEqual([2, 2]);
    expect(Array.from(y.data)).toEqual([3.5, -1.5, 0.5, 0]);
    expect(y.data).toBeInstanceOf(Float64Array);
  });

  it("f32 mode returns Float32Array values, feeds included", () => {
    const g = small();
    const { values } = execute(g, { feeds: smallFeeds(), params: smallParams(), precision: "f32" });
    for (const v of values) expect(v.data).toBeInstanceOf(Float32Array);
    expect(Array.from(values[g.outputs[0]!.node]!.data)).toEqual([3.5, -1.5, 0.5, 0]);
  });

  it("refuses a missing feed or a feed of the wrong shape, naming the input and both shapes", () => {
    const g = small();
    expect(() => execute(g, { feeds: new Map(), params: smallParams(), batch: 2 })).toThrow(/'x'/);
    const bad = new Map([["x", zeros([2, 1, 4, 4])]]);
    expect(() => execute(g, { feeds: bad, params: smallParams() })).toThrow(/'x'.*\[2, 1, 4, 4\].*\[2, 1, 3, 3\]/);
    expect(() => execute(g, { feeds: smallFeeds(), params: smallParams(), batch: 3 })).toThrow(/\[3, 1, 3, 3\]/);
  });

  it("refuses a missing parameter, naming it", () => {
    const params = smallParams();
    params.delete("dense1.bias");
    expect(() => execute(small(), { feeds: smallFeeds(), params })).toThrow(/dense1\.bias/);
  });

  it("refuses an op without a kernel, naming it; extra kernels are used", () => {
    const g = small();
    const node: Node = { id: g.nodes.length, name: "mystery1", op: "frobnicate", inputs: [g.outputs[0]!.node], attrs: {}, params: {}, shape: [2], dtype: "f32", batched: true };
    const g2: Graph = { ...g, nodes: [...g.nodes, node] };
    expect(() => execute(g2, { feeds: smallFeeds(), params: smallParams() })).toThrow(/frobnicate/);
    // An extra kernel: doubles its input (a stand-in for backward kernels).
    const double: Kernel = (inputs, _attrs, _params, ctx) => {
      const y = zeros(ctx.outShape, ctx.precision);
      inputs[0]!.data.forEach((v, i) => (y.data[i] = 2 * v));
      return y;
    };
    const { values } = execute(g2, { feeds: smallFeeds(), params: smallParams(), kernels: { frobnicate: double }, step: 3 });
    expect(Array.from(values[node.id]!.data)).toEqual([7, -3, 1, 0]);
  });

  it("training-mode bn: batch statistics, with the unbiased variance reported", () => {
    const g = graphOf(`
      input x: [1, 1, 2]
      output y = x |> bn`);
    // The training graph sets training = true on bn.
    const nodes = g.nodes.map((n) => (n.op === "bn" ? { ...n, attrs: { ...n.attrs, training: true, eps: 0 } } : n));
    const train: Graph = { ...g, nodes };
    const params = new Map<string, Tensor>([
      ["bn1.weight", fromArray([1], [2])],
      ["bn1.bias", fromArray([1], [1])],
      ["bn1.running_mean", fromArray([1], [100])],
      ["bn1.running_var", fromArray([1], [100])],
    ]);
    // Samples [1, 3] and [5, 7]: mean 4, biased variance 20/4 = 5, unbiased 20/3.
    const feeds = new Map([["x", fromArray([2, 1, 1, 2], [1, 3, 5, 7])]]);
    const { values, bnStats } = execute(train, { feeds, params });
    const y = Array.from(values[g.outputs[0]!.node]!.data);
    [-3, -1, 1, 3].forEach((d, i) => expect(y[i]).toBeCloseTo((2 * d) / Math.sqrt(5) + 1, 12));
    const s = bnStats.get("bn1")!;
    expect(Array.from(s.mean.data)).toEqual([4]);
    expect(s.var.data[0]).toBeCloseTo(20 / 3, 12);

    // Eval mode (as compiled): running statistics, and no batch statistics reported.
    const evalRun = execute(g, { feeds, params });
    expect(evalRun.bnStats.size).toBe(0);
    const ye = Array.from(evalRun.values[g.outputs[0]!.node]!.data);
    [1, 3, 5, 7].forEach((v, i) => expect(ye[i]).toBeCloseTo(((v - 100) / Math.sqrt(100 + 1e-5)) * 2 + 1, 12));
  });
});
