// Cross-check against TensorFlow.js: the same networks with the same weights,
// built independently from tf ops (tests/helpers/tfjs_model.ts), must give the
// reference executor's outputs, losses and parameter gradients within 1e-4
// relative, both in float32. The error of a tensor is
// max|a − b| / max(max|a|, max|b|).

import "@tensorflow/tfjs-backend-cpu";
import * as tf from "@tensorflow/tfjs-core";
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import type { Graph } from "../../core/ir/graph.js";
import type { TrainingGraph } from "../../compiler/passes/autodiff.js";
import { checkFile } from "../../compiler/pipeline.js";
import { execute } from "../../reference/executor.js";
import { initParams } from "../../compiler/passes/init_rules.js";
import { backwardKernels } from "../../ops/implementations.js";
import { fromArray, type Tensor } from "../../core/tensor/tensor.js";
import { tfjsForward, tfjsLoss } from "../helpers/tfjs_model.js";

const TOL = 1e-4;
const BATCH = 2;

beforeAll(async () => {
  await tf.setBackend("cpu");
  await tf.ready();
});

/** Seeded uniform [0, 1) (mulberry32) and standard normal (Box–Muller). */
function rng(seed: number) {
  let a = seed >>> 0;
  const uniform = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
  return { uniform, normal };
}

function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
    scale = Math.max(scale, Math.abs(a[i]!), Math.abs(b[i]!));
  }
  if (Number.isNaN(diff)) return NaN;
  return scale === 0 ? 0 : diff / scale;
}

const maxAbs = (a: ArrayLike<number>) => Array.from(a).reduce((m, v) => Math.max(m, Math.abs(v)), 0);

interface Case {
  readonly name: string;
  /** The file the network is compiled as (imports resolve from it). */
  readonly path: string;
  readonly text: string;
  readonly inputs?: ReadonlyMap<string, readonly number[]>;
  /** Scope whose parameters the training section freezes (checked to have no gradient of ours). */
  readonly frozenScope?: string;
}

function compile(c: Case): { graph: Graph; training: TrainingGraph } {
  const r = checkFile(c.path, { text: c.text, inputs: c.inputs, train: true });
  if (!r.graph || !r.training) throw new Error(`${c.name} does not compile:\n${r.diagnostics.map((d) => d.message).join("\n")}`);
  return { graph: r.graph, training: r.training };
}

interface Comparison {
  readonly what: string;
  readonly err: number;
  readonly scale: number;
}

/** Runs one network both ways and returns every comparison made. */
function crossCheck(c: Case, seed = 7) {
  const { graph, training } = compile(c);
  const train = graph.train!;
  const r = rng(seed);

  // Same weights on both sides: initParams in float32, then every parameter
  // other than a conv/dense weight moved off its constant initial value (BN
  // γ = 1, β = 0, zero biases, prelu 0.25), so that a mistake in how a bias or
  // a scale enters cannot hide, and relu(γ·x̂) is no longer homogeneous in γ
  // (which would make some gradients exactly zero, leaving nothing to compare).
  const params = initParams(graph, seed, "f32");
  const owners = new Map(graph.nodes.map((n) => [n.name, n]));
  for (const [name, t] of params) {
    const info = graph.params.get(name)!;
    const owner = owners.get(info.owner)!;
    const isWeight = info.kind === "weight" && (owner.op === "conv" || owner.op === "conv_transpose" || owner.op === "dense");
    if (info.kind === "buffer" || isWeight) continue;
    for (let i = 0; i < t.data.length; i++) t.data[i] = t.data[i]! + 0.2 * r.normal();
  }
  const paramData = new Map([...params].map(([n, t]) => [n, t.data as Float32Array]));

  // Inputs: standard normal. Labels: class indices in range, or floats suited to the loss.
  const feeds = new Map<string, Tensor>();
  const inputs = new Map<string, Float32Array>();
  for (const id of graph.inputs) {
    const node = graph.nodes[id]!;
    const shape = [BATCH, ...node.shape];
    const data = Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => r.normal());
    inputs.set(node.name, data);
    feeds.set(node.name, fromArray(shape, data, "f32"));
  }
  const labels = new Map<string, Float32Array>();
  for (const l of train.losses) {
    if (labels.has(l.label)) continue;
    const shape = [BATCH, ...l.labelShape];
    const count = shape.reduce((a, b) => a * b, 1);
    const out = graph.nodes[graph.outputs.find((o) => o.name === l.output)!.node]!;
    let gen: () => number;
    if (l.labelDType === "i32") gen = () => Math.floor(r.uniform() * out.shape[0]!);
    else if (l.kind === "bce") gen = () => r.uniform();
    else if (l.kind === "smooth_l1") gen = () => 2 * r.normal(); // both sides of β
    else gen = () => r.normal();
    const data = Float32Array.from({ length: count }, gen);
    labels.set(l.label, data);
    feeds.set(l.label, fromArray(shape, data, "f32"));
  }

  const ref = execute(training.graph, { feeds, params, batch: BATCH, precision: "f32", kernels: backwardKernels });

  // Dropout: the mask the reference drew (the second operand of the training graph's mul).
  const masks = new Map<string, Float32Array>();
  for (const n of graph.nodes) {
    if (n.op !== "dropout") continue;
    const mul = training.graph.nodes[training.forwardMap[n.id]!]!;
    masks.set(n.name, ref.values[mul.inputs[1]!]!.data as Float32Array);
  }

  const theirs = tfjsLoss(graph, train, paramData, { batch: BATCH, inputs, labels, masks });

  const comparisons: Comparison[] = [];
  const compare = (what: string, ours: ArrayLike<number>, tfs: ArrayLike<number>) =>
    comparisons.push({ what, err: relErr(ours, tfs), scale: Math.max(maxAbs(ours), maxAbs(tfs)) });
  for (const o of graph.outputs) compare(`output ${o.name}`, ref.values[training.forwardMap[o.node]!]!.data, theirs.outputs.get(o.name)!);
  training.losses.forEach((l, i) => compare(`loss ${l.spec.kind}(${l.spec.output})`, ref.values[l.node]!.data, [theirs.losses[i]!]));
  compare("total loss", ref.values[training.loss]!.data, [theirs.loss]);
  for (const [name, id] of training.gradients) {
    const tfg = theirs.gradients.get(name);
    if (!tfg) throw new Error(`${c.name}: dlc has a gradient for '${name}', which tf.js does not differentiate`);
    compare(`grad ${name}`, ref.values[id]!.data, tfg);
  }
  return { graph, training, theirs, comparisons };
}

function expectAgreement(c: Case) {
  const { graph, training, theirs, comparisons } = crossCheck(c);

  // Every trainable weight and bias has a gradient of ours, and no other parameter does.
  const trainable = [...graph.params.values()].filter((p) => p.kind !== "buffer" && p.trainable).map((p) => p.name).sort();
  expect([...training.gradients.keys()].sort()).toEqual(trainable);
  expect(trainable.length).toBeGreaterThan(0);

  // Frozen parameters: tf.js differentiates them too (the loss does depend on
  // them), but that gradient is ignored; ours has no entry at all.
  const frozen = [...theirs.frozen].sort();
  if (c.frozenScope === undefined) {
    expect(frozen).toEqual([]);
  } else {
    const inScope = [...graph.params.values()].filter((p) => p.kind !== "buffer" && p.name.startsWith(`${c.frozenScope}.`)).map((p) => p.name).sort();
    expect(inScope.length).toBeGreaterThan(0);
    expect(frozen).toEqual(inScope);
    for (const p of frozen) {
      expect(training.gradients.has(p), `${p} has no gradient of ours`).toBe(false);
      expect(maxAbs(theirs.gradients.get(p)!), `tf.js gradient of frozen ${p} is nonzero`).toBeGreaterThan(0);
    }
  }

  if (process.env.CROSSCHECK_VERBOSE) {
    const worst = [...comparisons].sort((a, b) => b.err - a.err).slice(0, 3);
    console.log(`${c.name}: ${comparisons.length} tensors, worst ${worst.map((x) => `${x.what} ${x.err.toExponential(1)}`).join(", ")}`);
  }
  const bad = comparisons.filter((x) => !(x.err <= TOL));
  const report = bad.map((x) => `${x.what}: relative error ${x.err.toExponential(2)} (scale ${x.scale.toExponential(2)})`).join("\n");
  expect(bad, `${c.name} disagrees with tf.js:\n${report}`).toEqual([]);
  // Meaningful comparisons: no gradient that is zero on both sides.
  for (const x of comparisons) expect(x.scale, `${x.what} is all zeros`).toBeGreaterThan(0);
  return comparisons;
}

const std = (name: string) => readFileSync(new URL(`../../stdlib/models/${name}.net`, import.meta.url), "utf8");

const cases: Case[] = [
  {
    name: "lenet5",
    path: "stdlib/models/lenet5.net",
    // The paper's network as stdlib ships it, with a training section added.
    text: `${std("lenet5")}
train lenet5 {
  loss cross_entropy(logits, label, smoothing = 0.1)
  optimizer sgd(lr = 0.1)
}
`,
  },
  {
    name: "resnet (projection shortcut)",
    path: "crosscheck_resnet.net",
    text: `import "std/resnet_blocks"
network crosscheck_resnet {
  input x: [3, 16, 16]
  h = x |> resnet_stem(8) as stem |> basic(8) as block1 |> basic(16, 2) as block2
  output logits = h |> gap |> dense(5) as fc
}
train crosscheck_resnet {
  loss cross_entropy(logits, label)
  optimizer sgd(lr = 0.1, momentum = 0.9)
}
`,
  },
  {
    name: "densenet block",
    path: "crosscheck_densenet.net",
    text: `import "std/blocks"
network crosscheck_densenet {
  input x: [3, 10, 10]
  h = x |> conv(8, k=3, p=1, bias=false) as stem
  h = h |> dense_block(3, growth=4, bn_size=2) as block1 |> transition(10) as trans1
        |> dense_block(2, growth=4, bn_size=2) as block2
  output logits = h |> bn |> relu |> gap |> dense(5) as fc
}
train crosscheck_densenet {
  loss cross_entropy(logits, label)
  optimizer sgd(lr = 0.1)
}
`,
  },
  {
    name: "inception module",
    path: "crosscheck_inception.net",
    text: `import "std/inception_blocks"
import "std/blocks"
network crosscheck_inception {
  input x: [3, 9, 9]
  h = x |> conv_bn_relu(8, k=3) as stem
  h = h |> inception(4, 3, 6, 2, 4, 3, k5=5) as inc1 |> inception_module(4, 4, 6, 2, 3, 3) as inc2
  h = h |> maxpool(k=3, s=2, ceil=true)
  output logits = h |> gap |> dense(4) as fc
}
train crosscheck_inception {
  loss bce(logits, targets)
  optimizer adam()
}
`,
  },
  {
    name: "grouped and depthwise convolutions",
    path: "crosscheck_grouped.net",
    text: `import "std/blocks"
network crosscheck_grouped {
  input x: [4, 12, 12]
  h = x |> conv_bn_relu(16, k=3) as stem
  h = h |> conv(16, k=3, p=1, groups=4, bias=false) as gconv |> bn |> relu
  h = h |> dwconv(3, 2) as dw |> bn |> relu
  h = h |> conv(32, k=3, p=1, groups=16) as dw_mult |> relu
  # A ShuffleNet-like unit: half the channels pass, half go 1x1 → 3x3 depthwise → 1x1.
  # (std/blocks' shuffle_unit has bn → 1x1 conv → bn, where the first bn's
  # shift has a gradient of exactly zero: noise on both sides, nothing to compare.)
  a, b = split(h, 2)
  b = b |> conv_bn_relu(16, k=1) as unit_in |> dwconv(3) as unit_dw |> bn |> relu |> conv_bn_relu(16, k=1) as unit_out
  h = [a, b] |> concat |> shuffle(2) |> separable(24) as sep
  output scores = h |> gap |> dense(6) as fc
}
train crosscheck_grouped {
  loss smooth_l1(scores, target, beta = 0.5)
  optimizer sgd(lr = 0.01)
}
`,
  },
  {
    name: "dilated convolutions",
    path: "crosscheck_dilated.net",
    text: `import "std/blocks"
network crosscheck_dilated {
  input x: [3, 12, 12]
  h = x |> conv(6, k=3, p=2, d=2) as d2 |> relu
  h = h |> conv(6, k=3, p=3, d=3, groups=2) as d3 |> leaky_relu(0.1)
  h = h |> conv(8, k=[3, 5], d=[2, 1], p=[2, 2]) as drect |> relu |> se(2) as gate
  h = h |> conv(8, k=3, s=2, d=2, p="same") as dsame |> relu
  # output_padding past the kernel's reach: a row and a column of bias only.
  h = h |> conv_transpose(4, k=2, s=2, d=2, output_padding=1) as up |> tanh
  output logits = h |> flatten |> dense(4) as fc
}
train crosscheck_dilated {
  loss cross_entropy(logits, label)
  optimizer sgd(lr = 0.01)
}
`,
  },
  {
    name: "mini U-Net",
    path: "crosscheck_unet.net",
    text: `import "std/blocks"
network crosscheck_unet {
  input x: [3, 16, 16]
  e1 = x |> conv_bn_relu(8) as enc1a |> conv_bn_relu(8) as enc1b
  e2 = e1 |> maxpool(k=2) |> conv_bn_relu(16) as enc2
  b = e2 |> maxpool(k=2) |> conv_bn_relu(32) as bottom
  u2 = b |> conv_transpose(16, k=2, s=2) as up2
  d2 = [u2, e2] |> concat |> conv_bn_relu(16) as dec2
  u1 = d2 |> conv_transpose(8, k=3, s=2, p=1, output_padding=1, groups=2) as up1
  d1 = [u1, e1] |> concat |> conv_bn_relu(8) as dec1
  output seg = d1 |> conv(4, k=1) as head
}
train crosscheck_unet {
  loss cross_entropy(seg, mask)
  optimizer adam()
}
`,
  },
  {
    name: "multi-task, frozen trunk",
    path: "stdlib/models/multitask_localization.net",
    text: std("multitask_localization"),
    inputs: new Map([["image", [3, 32, 32]]]),
    frozenScope: "trunk",
  },
  {
    name: "lrn, dropout, prelu, elu, upsampling, avgpool without padding counts",
    path: "crosscheck_misc.net",
    text: `network crosscheck_misc {
  input x: [3, 8, 8]
  h = x |> conv(8, k=3, p=1) as c1 |> lrn(size=3, alpha=0.5, beta=0.75, k=2) |> prelu(per_channel=true)
  h = h |> avgpool(k=3, s=2, p=1, ceil=true, count_include_pad=false)
  h = h |> lrn(size=4, alpha=0.3, beta=0.6, k=1)
  h = h |> dropout(0.3) |> elu(alpha=0.5) |> upsample(2, mode="bilinear")
  # Ceil mode clips the last window at the padded border: divisor 2·3, not 3·3.
  t = h |> avgpool(k=3, s=2, p=1, ceil=true) |> gap
  a, b = split(h, 2)
  a = a |> conv(4, k=3, p=1) as c2 |> prelu |> upsample(2)
  a = a |> maxpool(k=3, s=2, ceil=true)
  b = b |> avgpool(k=3, s=1, p=1)
  m = [a, b] |> concat |> shuffle(2) |> conv(6, k=3, s=2, p=1) as c3
  m = m |> leaky_relu(0.2) |> scale as sc
  g = m |> gmp
  q = m |> adaptive_avgpool(3) |> flatten
  r = m |> slice(0, 4) |> reshape([4, 25]) |> dense(3) as rowwise |> tanh |> flatten
  f = [g, q, r, t] |> concat
  output probs = f |> dense(5) as head |> softmax
  output flags = f |> dense(4) as aux_head
}
train crosscheck_misc {
  loss mse(probs, target)
  loss bce(flags, flag_gt, weight = 0.3)
  optimizer adam()
}
`,
  },
];

describe("cross-check against TensorFlow.js (float32)", () => {
  for (const c of cases) {
    it(`${c.name}: outputs, losses and parameter gradients agree within ${TOL}`, () => {
      const comparisons = expectAgreement(c);
      expect(comparisons.length).toBeGreaterThan(2);
    });
  }

  it("the bilinear upsampling of the tf.js model is tf.image.resizeBilinear with half-pixel centres (forward)", () => {
    // The model writes bilinear upsampling as interpolation matrices because
    // tf.js's CPU gradient of resizeBilinear ignores halfPixelCenters; its
    // forward value is PyTorch's align_corners = false and must match ours.
    const { graph } = compile(cases[cases.length - 1]!);
    const up = graph.nodes.find((n) => n.op === "upsample" && n.attrs.mode === "bilinear")!;
    const [c, h, w] = graph.nodes[up.inputs[0]!]!.shape as [number, number, number];
    const r = rng(3);
    const x = Float32Array.from({ length: BATCH * c * h * w }, () => r.normal());
    const sub: Graph = {
      name: "up",
      nodes: [
        { id: 0, name: "x", op: "input", inputs: [], attrs: { shape: [c, h, w], dtype: "f32" }, params: {}, shape: [c, h, w], dtype: "f32", batched: true },
        { ...up, id: 1, inputs: [0] },
      ],
      inputs: [0],
      outputs: [{ name: "y", node: 1 }],
      params: new Map(),
    };
    const [mine, theirs] = tf.tidy(() => {
      const y = tfjsForward(sub, new Map(), { batch: BATCH, inputs: new Map([["x", x]]) })[1]!;
      const [sh, sw] = up.attrs.scale as number[];
      const nhwc = tf.transpose(tf.tensor4d(x, [BATCH, c, h, w]), [0, 2, 3, 1]);
      const z = tf.transpose(tf.image.resizeBilinear(nhwc, [h * sh!, w * sw!], false, true), [0, 3, 1, 2]);
      return [y.dataSync().slice(), z.dataSync().slice()];
    });
    expect(relErr(mine, theirs)).toBeLessThanOrEqual(1e-6);
  });
});
