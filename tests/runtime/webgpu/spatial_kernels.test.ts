import { describe, expect, it } from "vitest";
import { buildTrainingProgram } from "../../../compiler/codegen/program.js";
import type { Graph, Node, ParamInfo } from "../../../core/ir/graph.js";
import { checkFile } from "../../../compiler/pipeline.js";
import { batchedFrom } from "../../../compiler/passes/batched.js";
import { lookupOp } from "../../../ops/registry.js";
import { Rng } from "../../../core/tensor/rng.js";
import { fromArray, type Tensor } from "../../../core/tensor/tensor.js";
import { relativeError, runBoth } from "../../helpers/gpu_parity.js";

// Parity of the spatial family (pooling, upsampling, LRN, BN, scale and their
// gradients) with the reference executor in float32, relative error ≤ 1e-4.
// Sizes are small and odd on purpose: nothing divides the workgroups, and
// windows, ceil mode and adaptive bins fall unevenly.

/** Non-trivial values for every parameter: γ, w near 1, β and running means normal, running variances in [0.5, 2]. */
function randomParams(g: Graph, seed: number): Map<string, Tensor> {
  const rng = new Rng(seed + 1000);
  const out = new Map<string, Tensor>();
  for (const [name, p] of g.params) {
    const count = p.shape.reduce((a, b) => a * b, 1);
    const values = Array.from({ length: count }, () => {
      if (name.endsWith("running_var")) return 0.5 + 1.5 * rng.uniform();
      if (name.endsWith("weight")) return 1 + 0.5 * rng.normal();
      return 0.5 * rng.normal();
    });
    out.set(name, fromArray(p.shape, values, "f32"));
  }
  return out;
}

function expectParity(g: Graph, ids: readonly number[], gpu: Map<number, Float32Array>, ref: Map<number, Float64Array | Float32Array>) {
  for (const id of ids) {
    const a = gpu.get(id)!;
    const b = ref.get(id)!;
    expect(a.length, g.nodes[id]!.name).toBe(b.length);
    expect(relativeError(a, b), `${g.nodes[id]!.op} '${g.nodes[id]!.name}'`).toBeLessThan(1e-4);
  }
}

/**
 * A graph of `target` alone: its ancestors become inputs (random normal
 * feeds), except those `keep` accepts, which are copied with their own
 * ancestors. `edit` may change the target's attributes and parameters.
 */
function isolate(src: Graph, target: number, keep: (n: Node) => boolean = () => false, edit?: (n: Node) => Partial<Pick<Node, "attrs" | "params">>): { graph: Graph; id: number } {
  const nodes: Node[] = [];
  const inputs: number[] = [];
  const params = new Map<string, ParamInfo>();
  const map = new Map<number, number>();
  const copy = (id: number, isTarget: boolean): number => {
    const done = map.get(id);
    if (done !== undefined) return done;
    const n = src.nodes[id]!;
    let node: Node;
    if (!isTarget && (n.op === "input" || !keep(n))) {
      node = { id: nodes.length, name: `in${inputs.length}`, op: "input", inputs: [], attrs: {}, params: {}, shape: n.shape, dtype: n.dtype, batched: true };
      inputs.push(node.id);
    } else {
      const ins = n.inputs.map((i) => copy(i, false));
      const changed = isTarget && edit ? edit(n) : {};
      const ps = changed.params ?? n.params;
      for (const name of Object.values(ps)) params.set(name, { ...src.params.get(name)!, owner: n.name });
      // Batchedness follows the new inputs, as for any node built (compiler/passes/batched.ts).
      node = { ...n, id: nodes.length, inputs: ins, attrs: changed.attrs ?? n.attrs, params: ps, batched: batchedFrom(lookupOp(n.op)?.batched, ins.map((i) => nodes[i]!.batched)) };
    }
    nodes.push(node);
    map.set(id, node.id);
    return node.id;
  };
  const id = copy(target, true);
  return { graph: { name: "iso", nodes, inputs, outputs: [{ name: "out", node: id }], params }, id };
}

function forward(shape: string, body: string): Graph {
  const r = checkFile("k.net", { text: `network k { input x: ${shape}\n output y = ${body} }` });
  const errors = r.diagnostics.filter((d) => d.severity === "error");
  if (errors.length) throw new Error(errors.map((d) => d.message).join("\n"));
  return r.graph!;
}

function training(shape: string, body: string): Graph {
  const text = `network k { input x: ${shape}\n output y = ${body} }\ntrain k { loss mse(y, t)\n optimizer sgd(lr = 0.1) }`;
  const r = checkFile("k.net", { text, train: true });
  const errors = r.diagnostics.filter((d) => d.severity === "error");
  if (errors.length) throw new Error(errors.map((d) => d.message).join("\n"));
  return r.training!.graph;
}

describe("WebGPU spatial kernels match the reference executor (float32, 1e-4 relative)", () => {
  it.each([
    ["maxpool, overlapping k=3 s=2", "[3, 9, 11]", "x |> maxpool(k=3, s=2)"],
    ["maxpool, padding and ceil mode", "[2, 8, 10]", "x |> maxpool(k=3, s=2, p=1, ceil=true)"],
    ["maxpool, dilation, rectangular kernel", "[2, 9, 7]", "x |> maxpool(k=[3, 2], s=1, d=2)"],
    ["maxpool of ties (after relu)", "[3, 7, 9]", "x |> relu |> maxpool(k=3, s=2, p=1)"],
    ["avgpool, default stride", "[3, 8, 9]", "x |> avgpool(k=2)"],
    ["avgpool, padding, ceil mode, count_include_pad", "[3, 8, 9]", "x |> avgpool(k=3, s=2, p=1, ceil=true)"],
    ["avgpool, padding, ceil mode, count_include_pad=false", "[3, 8, 9]", "x |> avgpool(k=3, s=2, p=1, ceil=true, count_include_pad=false)"],
    ["adaptive_avgpool to sizes that do not divide", "[2, 7, 10]", "x |> adaptive_avgpool([3, 4])"],
    ["adaptive_avgpool upwards", "[2, 3, 5]", "x |> adaptive_avgpool([5, 7])"],
    ["gap", "[5, 3, 7]", "x |> gap"],
    ["gmp", "[5, 3, 7]", "x |> gmp"],
    ["upsample nearest [2, 3]", "[3, 5, 4]", "x |> upsample([2, 3])"],
    ["upsample bilinear 2", "[3, 5, 7]", 'x |> upsample(2, mode="bilinear")'],
    ["upsample bilinear [3, 1]", "[2, 4, 3]", 'x |> upsample([3, 1], mode="bilinear")'],
    ["lrn size 3", "[7, 3, 5]", "x |> lrn(size=3, alpha=0.5, beta=0.75, k=1)"],
    ["lrn size 5", "[7, 3, 5]", "x |> lrn(size=5, alpha=0.3, beta=0.6, k=2)"],
    ["lrn size 4 (asymmetric window)", "[6, 2, 3]", "x |> lrn(size=4, alpha=0.3, beta=0.6, k=1)"],
    ["bn eval on [C, H, W]", "[5, 3, 7]", "x |> bn"],
    ["bn eval without affine on [C]", "[6]", "x |> bn(affine=false)"],
    ["scale", "[5, 3, 7]", "x |> scale"],
    ["scale without bias", "[4, 5]", "x |> scale(bias=false)"],
  ])("%s", async (_name, shape, body) => {
    const g = forward(shape, body);
    const ids = g.nodes.filter((n) => n.op !== "input").map((n) => n.id);
    const { gpu, ref } = await runBoth(g, 3, ids, { params: randomParams(g, 1) });
    expectParity(g, ids, gpu, ref);
  });

  // Training graphs: every node of the listed ops is run alone (its inputs
  // fed random values, or computed by the nodes `keep` copies along).
  const spatialGrads = new Set(["maxpool_grad", "avgpool_grad", "adaptive_avgpool_grad", "gap_grad", "gmp_grad", "upsample_grad", "lrn_grad", "bn_grad_input", "bn_grad_weight", "reduce_axis", "scale_grad_weight", "channel_scale", "bn"]);
  it.each([
    ["maxpool_grad, overlapping, padding, ceil mode", "[3, 8, 10]", "x |> scale |> maxpool(k=3, s=2, p=1, ceil=true)", ["maxpool_grad", "scale_grad_weight", "reduce_axis"], false],
    ["maxpool_grad, dilation", "[2, 9, 7]", "x |> scale |> maxpool(k=[3, 2], s=1, d=2)", ["maxpool_grad"], false],
    ["maxpool_grad, first maximum on ties", "[3, 7, 9]", "x |> scale |> relu |> maxpool(k=3, s=2, p=1)", ["maxpool_grad"], true],
    ["avgpool_grad, count_include_pad", "[3, 8, 9]", "x |> scale |> avgpool(k=3, s=2, p=1, ceil=true)", ["avgpool_grad"], false],
    ["avgpool_grad, count_include_pad=false", "[3, 8, 9]", "x |> scale |> avgpool(k=3, s=2, p=1, ceil=true, count_include_pad=false)", ["avgpool_grad"], false],
    ["avgpool_grad, k=2", "[2, 7, 5]", "x |> scale |> avgpool(k=2)", ["avgpool_grad"], false],
    ["adaptive_avgpool_grad", "[2, 7, 10]", "x |> scale |> adaptive_avgpool([3, 4])", ["adaptive_avgpool_grad"], false],
    ["adaptive_avgpool_grad upwards", "[2, 3, 5]", "x |> scale |> adaptive_avgpool([5, 7])", ["adaptive_avgpool_grad"], false],
    ["gap_grad", "[5, 3, 7]", "x |> scale |> gap", ["gap_grad"], false],
    ["gmp_grad", "[5, 3, 7]", "x |> scale |> gmp", ["gmp_grad"], false],
    // Planes of 3 pixels after relu: some are all zero, a tie the first pixel wins.
    ["gmp_grad with ties (after relu)", "[7, 1, 3]", "x |> scale |> relu |> gmp", ["gmp_grad"], true],
    ["upsample_grad nearest", "[3, 5, 4]", "x |> scale |> upsample([2, 3])", ["upsample_grad"], false],
    ["upsample_grad bilinear", "[3, 5, 7]", 'x |> scale |> upsample(2, mode="bilinear")', ["upsample_grad"], false],
    ["upsample_grad bilinear [3, 1]", "[2, 4, 3]", 'x |> scale |> upsample([3, 1], mode="bilinear")', ["upsample_grad"], false],
    ["lrn_grad size 3", "[7, 3, 5]", "x |> scale |> lrn(size=3, alpha=0.5, beta=0.75, k=1)", ["lrn_grad"], false],
    ["lrn_grad size 5", "[7, 3, 5]", "x |> scale |> lrn(size=5, alpha=0.3, beta=0.6, k=2)", ["lrn_grad"], false],
    ["bn training: forward, input and weight gradients", "[5, 3, 7]", "x |> scale |> bn", ["bn", "bn_grad_input", "bn_grad_weight", "reduce_axis"], false],
    ["bn training without affine on [C]", "[6]", "x |> scale |> bn(affine=false)", ["bn", "bn_grad_input"], false],
    ["channel_scale and scale's gradients", "[4, 3, 5]", "x |> scale |> scale(bias=false)", ["channel_scale", "scale_grad_weight", "reduce_axis"], false],
    ["reduce_axis on the last axis (dense bias)", "[3, 7]", "x |> dense(5)", ["reduce_axis"], false],
    ["reduce_axis of rank 1 (dense bias)", "[7]", "x |> dense(5)", ["reduce_axis"], false],
  ] as const)("%s", async (_name, shape, body, ops, keepRelu) => {
    const g = training(shape, body);
    const targets = g.nodes.filter((n) => spatialGrads.has(n.op) && ops.includes(n.op as never));
    expect(new Set(targets.map((n) => n.op))).toEqual(new Set(ops));
    for (const t of targets) {
      const { graph, id } = isolate(g, t.id, (n) => keepRelu && n.op === "relu");
      const { gpu, ref } = await runBoth(graph, 3, [id], { params: randomParams(graph, 2) });
      expectParity(graph, [id], gpu, ref);
    }
  });

  // maxpool_grad's paths (ops/maxpool_grad/kernel.ts): windows
  // that do not overlap (one window per pixel), windows that do (a range of
  // them), taps guarded against the borders only where a window can cross
  // them, and windows too large to unroll. `keep` lists the ops computed
  // before the gradient: upsample(2) makes 2×2 blocks of equal values, so the
  // first maximum in scan order decides where dy goes.
  it.each([
    ["k=2 s=2, even size", "[3, 8, 10]", "x |> scale |> maxpool(k=2)", []],
    ["k=2 s=2, odd size (the last row and column in no window)", "[3, 7, 9]", "x |> scale |> maxpool(k=2, s=2)", []],
    ["k=3 s=3, sizes one and two past a multiple", "[2, 10, 11]", "x |> scale |> maxpool(k=3)", []],
    ["rectangular k=[2, 3] s=[2, 3]", "[3, 9, 10]", "x |> scale |> maxpool(k=[2, 3], s=[2, 3])", []],
    ["k=2 s=2, padding", "[2, 7, 8]", "x |> scale |> maxpool(k=2, p=1)", []],
    ["k=3 s=3, padding and ceil mode (windows cross the borders)", "[2, 8, 10]", "x |> scale |> maxpool(k=3, p=1, ceil=true)", []],
    ["k=2 s=3, gaps between windows", "[2, 8, 10]", "x |> scale |> maxpool(k=2, s=3)", []],
    ["k=2 s=3 d=2, dilated taps filling the stride", "[2, 9, 10]", "x |> scale |> maxpool(k=2, s=3, d=2)", []],
    ["k=2 s=[4, 5] d=2, dilated taps and gaps", "[2, 11, 12]", "x |> scale |> maxpool(k=2, s=[4, 5], d=2)", []],
    ["k=2 s=2 on ties: every window is equal values", "[3, 4, 5]", "x |> scale |> upsample(2) |> maxpool(k=2)", ["upsample"]],
    ["k=3 s=3 on ties across windows, and zeros after relu", "[3, 4, 5]", "x |> scale |> upsample(2) |> relu |> maxpool(k=3)", ["upsample", "relu"]],
    ["k=[2, 3] s=[2, 3] on ties", "[2, 5, 5]", "x |> scale |> upsample(2) |> maxpool(k=[2, 3], s=[2, 3])", ["upsample"]],
    ["overlapping k=3 s=2 on ties", "[2, 4, 5]", "x |> scale |> upsample(2) |> maxpool(k=3, s=2)", ["upsample"]],
    ["overlapping k=[2, 3] s=1, padding", "[2, 6, 7]", "x |> scale |> maxpool(k=[2, 3], s=1, p=1)", []],
    ["disjoint 9×9 windows (not unrolled)", "[1, 19, 20]", "x |> scale |> maxpool(k=9, p=2)", []],
    ["overlapping 9×9 windows (not unrolled), ties", "[1, 10, 11]", "x |> scale |> upsample(2) |> maxpool(k=9, s=4, p=1)", ["upsample"]],
  ] as const)("maxpool_grad, %s", async (_name, shape, body, keep) => {
    const g = training(shape, body);
    const targets = g.nodes.filter((n) => n.op === "maxpool_grad");
    expect(targets.length).toBe(1);
    const { graph, id } = isolate(g, targets[0]!.id, (n) => (keep as readonly string[]).includes(n.op));
    const { gpu, ref } = await runBoth(graph, 3, [id], { params: randomParams(graph, 5) });
    expectParity(graph, [id], gpu, ref);
  });

  it("maxpool_grad takes the following relu's mask as its epilogue", () => {
    const r = checkFile("k.net", { text: `network k { input x: [3, 8, 8]\n output y = x |> conv(4, k=3, p=1) |> relu |> maxpool(k=2) |> flatten |> dense(2) }\ntrain k { loss mse(y, t)\n optimizer sgd(lr = 0.1) }`, train: true });
    const program = buildTrainingProgram(r.training!, 2);
    const kernel = program.kernels.find((k) => k.nodes.some((n) => n.endsWith("maxpool_grad")));
    expect(kernel?.nodes.some((n) => n.endsWith("unary_grad"))).toBe(true);
  });

  it("bn gradients in eval mode use the running statistics", async () => {
    const g = training("[5, 3, 7]", "x |> scale |> bn");
    const fwd = g.nodes.find((n) => n.op === "bn")!;
    const stats = { running_mean: fwd.params.running_mean!, running_var: fwd.params.running_var! };
    for (const t of g.nodes.filter((n) => n.op === "bn_grad_input" || n.op === "bn_grad_weight")) {
      const { graph, id } = isolate(g, t.id, () => false, (n) => ({
        attrs: { ...n.attrs, training: false },
        params: n.op === "bn_grad_input" ? { ...n.params, running_var: stats.running_var } : stats,
      }));
      const { gpu, ref } = await runBoth(graph, 3, [id], { params: randomParams(graph, 3) });
      expectParity(graph, [id], gpu, ref);
    }
  });

  it("bn in training mode reduces over a batch larger than a workgroup", async () => {
    const g = training("[3, 11, 13]", "x |> scale |> bn");
    for (const t of g.nodes.filter((n) => n.op === "bn" || n.op === "bn_grad_input" || n.op === "bn_grad_weight" || n.op === "reduce_axis")) {
      const { graph, id } = isolate(g, t.id);
      const { gpu, ref } = await runBoth(graph, 2, [id], { params: randomParams(graph, 4) });
      expectParity(graph, [id], gpu, ref);
    }
  });
});
