// Every forward layer and every loss through the WHOLE pipeline: a tiny .net
// source per row → elaboration and shape inference → the autodiff pass →
// the float64 reference executor, and every derived gradient (all trainable
// parameters and the input) against central finite differences, eps 1e-6,
// relative error ≤ 1e-6. Inputs, weights and targets are random normal
// (seeded), so ties of max/maxpool and zeros of relu are improbable; no
// tolerance is ever loosened for a row.

import { describe, expect, it } from "vitest";
import { gradcheckSource, opsOf } from "./helpers.js";

interface Row {
  /** What the row covers. */
  readonly name: string;
  /** Network body (inside `network x { … }`); the output used by the default loss is `y`. */
  readonly body: string;
  /** Loss lines of the training section; default: `loss mse(y, t)`. */
  readonly losses?: string;
  /** Forward or backward ops that must appear in the training graph. */
  readonly ops: readonly string[];
  readonly seed?: number;
}

function source(r: Row): string {
  return `network x {\n${r.body}\n}\ntrain x {\n${r.losses ?? "loss mse(y, t)"}\noptimizer sgd(lr = 0.1)\n}\n`;
}

const rows: Row[] = [
  // Convolutions.
  { name: "conv stride 2, padding 1", body: "input image: [2, 7, 7]\noutput y = image |> conv(3, k=3, s=2, p=1)", ops: ["conv_grad_input", "conv_grad_weight", "reduce_axis"] },
  { name: "conv rectangular kernel, asymmetric stride/padding", body: "input image: [2, 7, 6]\noutput y = image |> conv(3, k=[3, 2], s=[1, 2], p=[0, 1])", ops: ["conv_grad_input", "conv_grad_weight"] },
  { name: 'conv padding "same"', body: 'input image: [2, 5, 5]\noutput y = image |> conv(3, k=3, p="same")', ops: ["conv_grad_input", "conv_grad_weight"] },
  { name: "conv dilation 2", body: "input image: [2, 7, 7]\noutput y = image |> conv(3, k=3, d=2, p=1)", ops: ["conv_grad_input", "conv_grad_weight"] },
  { name: "conv groups 2", body: "input image: [4, 5, 5]\noutput y = image |> conv(6, k=3, g=2, p=1)", ops: ["conv_grad_input", "conv_grad_weight"] },
  { name: "conv depthwise (groups = channels), stride 2, no bias", body: "input image: [3, 6, 6]\noutput y = image |> conv(3, k=3, s=2, p=1, g=3, bias=false)", ops: ["conv_grad_input", "conv_grad_weight"] },
  { name: "conv depthwise multiplier 2 (groups = in, out = 2·in)", body: "input image: [2, 5, 5]\noutput y = image |> conv(4, k=3, g=2)", ops: ["conv_grad_input", "conv_grad_weight"] },
  { name: "conv without bias", body: "input image: [2, 4, 4]\noutput y = image |> conv(3, k=1, bias=false)", ops: ["conv_grad_input", "conv_grad_weight"] },
  { name: "conv with a connection table", body: "input image: [3, 6, 6]\noutput y = image |> conv(4, k=3, table=[[0], [0, 1], [1, 2], [2, 0, 1]])", ops: ["conv_grad_input", "conv_grad_weight"] },
  { name: "conv_transpose stride 2", body: "input image: [3, 3, 3]\noutput y = image |> conv_transpose(2, k=2, s=2)", ops: ["conv_transpose_grad_input", "conv_transpose_grad_weight"] },
  { name: "conv_transpose stride 2, padding 1, output_padding 1", body: "input image: [3, 3, 4]\noutput y = image |> conv_transpose(2, k=3, s=2, p=1, output_padding=1)", ops: ["conv_transpose_grad_input", "conv_transpose_grad_weight"] },
  { name: "conv_transpose groups 2, no bias", body: "input image: [4, 3, 3]\noutput y = image |> conv_transpose(6, k=3, s=2, g=2, bias=false)", ops: ["conv_transpose_grad_input", "conv_transpose_grad_weight"] },
  { name: "conv_transpose dilation 2", body: "input image: [2, 3, 3]\noutput y = image |> conv_transpose(2, k=2, d=2)", ops: ["conv_transpose_grad_input", "conv_transpose_grad_weight"] },
  // Resampling and pooling.
  { name: "upsample nearest ×2", body: "input image: [2, 3, 3]\noutput y = image |> conv(2, k=1) |> upsample(2)", ops: ["upsample_grad"] },
  { name: "upsample nearest [2, 3]", body: "input image: [2, 3, 2]\noutput y = image |> upsample([2, 3])", ops: ["upsample_grad"] },
  { name: "upsample bilinear ×2", body: 'input image: [2, 3, 4]\noutput y = image |> conv(2, k=1) |> upsample(2, mode="bilinear")', ops: ["upsample_grad"] },
  { name: "upsample bilinear ×3", body: 'input image: [1, 3, 3]\noutput y = image |> upsample(3, mode="bilinear")', ops: ["upsample_grad"] },
  { name: "maxpool k2 (stride = kernel)", body: "input image: [2, 6, 6]\noutput y = image |> conv(2, k=1) |> maxpool(k=2)", ops: ["maxpool_grad"] },
  { name: "maxpool ceil mode", body: "input image: [2, 6, 6]\noutput y = image |> maxpool(k=3, s=2, ceil=true)", ops: ["maxpool_grad"] },
  { name: "maxpool padding 1", body: "input image: [2, 5, 5]\noutput y = image |> maxpool(k=3, s=2, p=1)", ops: ["maxpool_grad"] },
  { name: "maxpool dilation 2", body: "input image: [1, 7, 7]\noutput y = image |> maxpool(k=2, s=1, d=2)", ops: ["maxpool_grad"] },
  { name: "avgpool k2", body: "input image: [2, 6, 6]\noutput y = image |> conv(2, k=1) |> avgpool(k=2)", ops: ["avgpool_grad"] },
  { name: "avgpool padding, count_include_pad false", body: "input image: [2, 5, 5]\noutput y = image |> avgpool(k=3, s=2, p=1, count_include_pad=false)", ops: ["avgpool_grad"] },
  { name: "avgpool padding, count_include_pad true, ceil", body: "input image: [2, 6, 6]\noutput y = image |> avgpool(k=3, s=2, p=1, ceil=true)", ops: ["avgpool_grad"] },
  { name: "adaptive_avgpool (overlapping windows)", body: "input image: [2, 7, 5]\noutput y = image |> adaptive_avgpool([3, 2])", ops: ["adaptive_avgpool_grad"] },
  { name: "gap", body: "input image: [3, 4, 4]\noutput y = image |> conv(3, k=1) |> gap", ops: ["gap_grad"] },
  { name: "gmp", body: "input image: [3, 4, 4]\noutput y = image |> conv(3, k=1) |> gmp", ops: ["gmp_grad"] },
  // Dense.
  { name: "dense, rank 1 input", body: "input v: [6]\noutput y = v |> dense(4)", ops: ["dense_grad_input", "dense_grad_weight"] },
  { name: "dense, rank 3 input (over the last axis)", body: "input v: [2, 3, 5]\noutput y = v |> dense(4)", ops: ["dense_grad_input", "dense_grad_weight"] },
  { name: "dense without bias", body: "input v: [5]\noutput y = v |> dense(3, bias=false)", ops: ["dense_grad_input", "dense_grad_weight"] },
  // Normalisation and regularisation.
  { name: "bn (training mode) after conv", body: "input image: [2, 4, 4]\noutput y = image |> conv(3, k=3, p=1) |> bn", ops: ["bn_grad_input", "bn_grad_weight"] },
  { name: "bn (training mode) on a vector", body: "input v: [5]\noutput y = v |> bn(eps=1e-3)", ops: ["bn_grad_input", "bn_grad_weight"] },
  { name: "bn without affine", body: "input image: [3, 3, 3]\noutput y = image |> bn(affine=false)", ops: ["bn_grad_input"] },
  { name: "dropout (mask fixed by the seed)", body: "input image: [2, 4, 4]\noutput y = image |> conv(3, k=1) |> dropout(0.3)", ops: ["dropout_mask", "mul"] },
  { name: "lrn", body: "input image: [6, 3, 3]\noutput y = image |> lrn(size=3, alpha=0.5, beta=0.75, k=1)", ops: ["lrn_grad"] },
  { name: "lrn even size, defaults", body: "input image: [5, 2, 2]\noutput y = image |> conv(5, k=1) |> lrn(size=4)", ops: ["lrn_grad"] },
  // Activations.
  { name: "relu", body: "input image: [2, 4, 4]\noutput y = image |> conv(3, k=3, p=1) |> relu", ops: ["unary_grad"] },
  { name: "leaky_relu", body: "input image: [2, 4, 4]\noutput y = image |> conv(3, k=1) |> leaky_relu(alpha=0.1)", ops: ["unary_grad"] },
  { name: "prelu, one slope", body: "input image: [3, 4, 4]\noutput y = image |> prelu", ops: ["prelu_grad_input", "prelu_grad_weight"] },
  { name: "prelu, per channel", body: "input image: [3, 4, 4]\noutput y = image |> conv(3, k=1) |> prelu(per_channel=true)", ops: ["prelu_grad_input", "prelu_grad_weight"] },
  { name: "prelu on a vector, per channel", body: "input v: [4]\noutput y = v |> prelu(per_channel=true)", ops: ["prelu_grad_input", "prelu_grad_weight"] },
  { name: "elu", body: "input image: [2, 3, 3]\noutput y = image |> conv(2, k=1) |> elu(alpha=0.7)", ops: ["unary_grad"] },
  { name: "sigmoid", body: "input image: [2, 3, 3]\noutput y = image |> conv(2, k=1) |> sigmoid", ops: ["unary_grad"] },
  { name: "tanh", body: "input image: [2, 3, 3]\noutput y = image |> conv(2, k=1) |> tanh", ops: ["unary_grad"] },
  { name: "softmax over channels", body: "input image: [4, 2, 3]\noutput y = image |> conv(4, k=1) |> softmax", ops: ["softmax_grad"] },
  { name: "softmax over axis 2", body: "input image: [2, 3, 4]\noutput y = image |> softmax(axis=2)", ops: ["softmax_grad"] },
  // Shapes.
  { name: "flatten", body: "input image: [2, 3, 3]\noutput y = image |> conv(2, k=1) |> flatten |> dense(3)", ops: ["reshape", "dense_grad_input"] },
  { name: "reshape with -1", body: "input image: [2, 3, 4]\noutput y = image |> conv(2, k=1) |> reshape(shape=[4, -1]) |> dense(2)", ops: ["reshape"] },
  // Arithmetic and channel plumbing.
  { name: "add (three operands)", body: "input image: [2, 3, 3]\na = image |> conv(2, k=1)\nb = image |> conv(2, k=3, p=1)\noutput y = add(a, b, image)", ops: ["conv_grad_input"] },
  { name: "mul, same shapes", body: "input image: [2, 3, 3]\na = image |> conv(2, k=1)\noutput y = a * image", ops: ["mul"] },
  { name: "mul, SE-style broadcast [C] × [C, H, W]", body: "input image: [4, 3, 3]\ns = image |> gap |> dense(2) |> relu |> dense(4) |> sigmoid\noutput y = image * s", ops: ["sum_to", "gap_grad"] },
  { name: "mul, broadcast [C, H, W] × [C] (vector second)", body: "input image: [3, 2, 2]\ninput v: [3]\noutput y = v * image", ops: ["sum_to"] },
  { name: "concat over channels", body: "input image: [2, 3, 3]\na = image |> conv(3, k=1)\noutput y = concat(a, image, a)", ops: ["slice"] },
  { name: "concat over axis 1", body: "input image: [2, 3, 3]\na = image |> conv(2, k=1, s=[3, 1])\noutput y = concat(image, a, axis=1)", ops: ["slice"] },
  { name: "split (slice) by sizes", body: "input image: [5, 2, 2]\np, q = split(image, [2, 3])\noutput y = concat(q |> conv(2, k=1), p |> relu |> conv(2, k=1))", ops: ["slice_grad"] },
  { name: "slice over axis 2", body: "input image: [2, 3, 5]\noutput y = image |> slice(1, 4, axis=2) |> conv(2, k=1)", ops: ["slice_grad"] },
  { name: "shuffle", body: "input image: [6, 2, 2]\noutput y = image |> conv(6, k=1, g=3) |> shuffle(3) |> conv(6, k=1, g=2)", ops: ["shuffle"] },
  { name: "scale with bias", body: "input image: [3, 3, 3]\noutput y = image |> scale", ops: ["channel_scale", "scale_grad_weight", "reduce_axis"] },
  { name: "scale without bias", body: "input image: [3, 3, 3]\noutput y = image |> conv(3, k=1) |> scale(bias=false)", ops: ["channel_scale", "scale_grad_weight"] },
  // Losses.
  { name: "cross_entropy on [K] logits", body: "input v: [6]\noutput y = v |> dense(5)", losses: "loss cross_entropy(y, label)", ops: ["cross_entropy", "cross_entropy_grad"] },
  { name: "cross_entropy with label smoothing", body: "input v: [6]\noutput y = v |> dense(5)", losses: "loss cross_entropy(y, label: int, smoothing = 0.2)", ops: ["cross_entropy", "cross_entropy_grad"] },
  { name: "cross_entropy on [K, H, W] logits with [H, W] labels", body: "input image: [3, 3, 4]\noutput y = image |> conv(4, k=1)", losses: "loss cross_entropy(y, label: int[3, 4], smoothing = 0.1)", ops: ["cross_entropy", "cross_entropy_grad"] },
  { name: "bce", body: "input image: [2, 3, 3]\noutput y = image |> conv(1, k=3, p=1)", losses: "loss bce(y, t)", ops: ["bce", "bce_grad"] },
  { name: "mse with weight", body: "input v: [4]\noutput y = v |> dense(3)", losses: "loss mse(y, t, weight = 0.5)", ops: ["mse", "mse_grad"] },
  { name: "smooth_l1 (both branches: beta 0.5)", body: "input v: [4]\noutput y = v |> dense(6)", losses: "loss smooth_l1(y, t, beta = 0.5)", ops: ["smooth_l1", "smooth_l1_grad"] },
  {
    name: "two weighted heads (cross_entropy + smooth_l1)",
    body: "input image: [2, 4, 4]\nf = image |> conv(4, k=3, p=1) |> relu\noutput cls = f |> gap |> dense(3)\noutput box = f |> flatten |> dense(4)",
    losses: "loss cross_entropy(cls, label, weight = 0.3)\nloss smooth_l1(box, target: [4], weight = 2)",
    ops: ["cross_entropy_grad", "smooth_l1_grad", "weighted_sum"],
  },
  {
    name: "two weighted heads (bce + mse) on one shared output",
    body: "input v: [5]\nh = v |> dense(4) |> tanh\noutput a = h |> dense(3)\noutput b = h |> dense(2) |> sigmoid",
    losses: "loss bce(a, ta, weight = 1.5)\nloss mse(b, tb, weight = 0.25)",
    ops: ["bce_grad", "mse_grad", "weighted_sum"],
  },
];

describe("gradcheck of every op through the whole pipeline (float64, eps 1e-6, rel. error ≤ 1e-6)", () => {
  it.each(rows.map((r) => [r.name, r] as const))("%s", (_name, row) => {
    const { training, result } = gradcheckSource(source(row), { seed: row.seed ?? 1, batch: 2, samples: 1e9 });
    const ops = opsOf(training);
    for (const o of row.ops) expect(ops, `training graph should contain '${o}'`).toContain(o);
    // The input is differentiated too, and every tensor is checked whole.
    expect(result.tensors.some((t) => t.kind === "input")).toBe(true);
    for (const t of result.tensors) expect(t.checked, t.name).toBe(t.size);
  });

  it("checks every trainable parameter of the layers (gradients cover the whole parameter list)", () => {
    const row = rows.find((r) => r.name.startsWith("two weighted heads (cross"))!;
    const { training } = gradcheckSource(source(row), { seed: 1 });
    const trainable = [...training.graph.params].filter(([, p]) => p.trainable).map(([n]) => n).sort();
    expect([...training.gradients.keys()].sort()).toEqual(trainable);
  });
});
