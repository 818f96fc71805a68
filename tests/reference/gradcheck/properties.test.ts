// Properties of the derived gradients, end to end (language → autodiff →
// float64 reference executor): a zero loss weight gives exactly zero
// gradients, runs are bitwise reproducible, a loss on frozen layers only is
// diagnosed, a shared layer gets one gradient (the sum of its uses), and a
// value read by several nodes accumulates its gradients.

import { describe, expect, it } from "vitest";
import type { TrainingGraph } from "../../../compiler/passes/autodiff.js";
import { checkFile } from "../../../compiler/pipeline.js";
import { execute } from "../../../reference/executor.js";
import { integerRange, randomFeeds } from "../../../reference/gradcheck.js";
import { initParams } from "../../../compiler/passes/init_rules.js";
import { backwardKernels } from "../../../ops/implementations.js";
import { Rng } from "../../../core/tensor/rng.js";
import type { Tensor } from "../../../core/tensor/tensor.js";
import { compileTraining, expectGradsOk, gradcheckSource } from "./helpers.js";

/** Runs a training graph once (float64, batch 2) and returns every gradient: params, then inputs. */
function runGradients(t: TrainingGraph, seed = 3): { loss: number; grads: Map<string, Tensor> } {
  const params = initParams(t.graph, seed, "f64");
  const feeds = randomFeeds(t, 2, new Rng(seed));
  const values = execute(t.graph, { feeds, params, batch: 2, precision: "f64", step: 0, kernels: backwardKernels }).values;
  const grads = new Map<string, Tensor>();
  for (const [name, node] of t.gradients) grads.set(`param:${name}`, values[node]!);
  for (const [name, node] of t.inputGradients) grads.set(`input:${name}`, values[node]!);
  return { loss: values[t.loss]!.data[0]!, grads };
}

/** A network with most kinds of backward rule on the way: conv, bn (training), relu, pooling, dropout, residual, SE-style mul, concat, dense. */
const MIXED = (losses: string) => `network x {
  input image: [3, 6, 6]
  a = image |> conv(4, k=3, p=1) |> bn |> relu
  b = a |> conv(4, k=3, p=1, bias=false) |> bn
  r = (a + b) |> relu |> maxpool(k=2)
  s = r |> gap |> dense(2) |> relu |> dense(4) |> sigmoid
  h = concat(r * s, r |> avgpool(k=3, s=1, p=1)) |> dropout(0.25)
  output o = h |> flatten |> dense(3)
  output c = h |> gap |> dense(4)
}
train x {
${losses}
  optimizer sgd(lr = 0.1)
}
`;

describe("gradient properties", () => {
  it("(a) a zero output gradient (loss weight 0) gives exactly zero gradients everywhere", () => {
    const { training } = compileTraining(MIXED("  loss mse(o, t, weight = 0)"));
    const { loss, grads } = runGradients(training);
    expect(loss).toBe(0);
    expect(grads.size).toBeGreaterThan(10);
    expect(grads.has("input:image")).toBe(true);
    for (const [name, g] of grads) {
      const nonzero = [...g.data].filter((v) => v !== 0);
      expect(nonzero, name).toEqual([]);
    }
    // The seed itself is zero.
    const seed = training.graph.nodes.find((n) => n.op === "mse_grad")!;
    const values = execute(training.graph, { feeds: randomFeeds(training, 2, new Rng(3)), params: initParams(training.graph, 3, "f64"), batch: 2, precision: "f64", kernels: backwardKernels }).values;
    expect([...values[seed.id]!.data].every((v) => v === 0)).toBe(true);
  });

  it("(a') a zero-weight head contributes nothing: the gradients equal those of the other head alone", () => {
    const both = compileTraining(MIXED("  loss cross_entropy(c, label)\n  loss mse(o, t, weight = 0)")).training;
    const one = compileTraining(MIXED("  loss cross_entropy(c, label)")).training;
    // Same seed, same feeds for the shared input; the extra label `t` is fed but weighted 0.
    const params = initParams(both.graph, 5, "f64");
    const feedsBoth = randomFeeds(both, 2, new Rng(5));
    const feedsOne = new Map([...feedsBoth].filter(([k]) => k !== "t"));
    const vb = execute(both.graph, { feeds: feedsBoth, params, batch: 2, precision: "f64", kernels: backwardKernels }).values;
    const vo = execute(one.graph, { feeds: feedsOne, params, batch: 2, precision: "f64", kernels: backwardKernels }).values;
    // The zero-weighted head's own layer (dense3 of output o) still gets an entry: exactly zero.
    const extra = [...both.gradients.keys()].filter((k) => !one.gradients.has(k)).sort();
    expect(extra).toEqual(["dense3.bias", "dense3.weight"]);
    for (const k of extra) expect([...vb[both.gradients.get(k)!]!.data].every((v) => v === 0), k).toBe(true);
    for (const [name, node] of one.gradients) {
      const a = vo[node]!.data;
      const b = vb[both.gradients.get(name)!]!.data;
      // Adding an exact zero gradient changes nothing (x + 0 = x in floating point, bar the sign of zero).
      expect([...b].map((v) => v + 0), name).toEqual([...a].map((v) => v + 0));
    }
  });

  it("(b) running the training graph twice gives bitwise identical gradients (dropout mask, bn included)", () => {
    const { training } = compileTraining(MIXED("  loss cross_entropy(c, label, smoothing = 0.1)\n  loss smooth_l1(o, box, weight = 0.5)"));
    const first = runGradients(training);
    const second = runGradients(training);
    expect(Object.is(first.loss, second.loss)).toBe(true);
    expect([...second.grads.keys()]).toEqual([...first.grads.keys()]);
    for (const [name, g] of first.grads) {
      const h = second.grads.get(name)!;
      expect(h.shape, name).toEqual(g.shape);
      const a = new Uint8Array(g.data.buffer, g.data.byteOffset, g.data.byteLength);
      const b = new Uint8Array(h.data.buffer, h.data.byteOffset, h.data.byteLength);
      expect(Buffer.compare(Buffer.from(a), Buffer.from(b)), name).toBe(0);
    }
    // And a fresh compile of the same source gives the same graph and the same numbers.
    const again = compileTraining(MIXED("  loss cross_entropy(c, label, smoothing = 0.1)\n  loss smooth_l1(o, box, weight = 0.5)")).training;
    const third = runGradients(again);
    for (const [name, g] of first.grads) expect([...third.grads.get(name)!.data], name).toEqual([...g.data]);
  });

  describe("(c) a loss that depends on no trainable parameter is diagnosed", () => {
    const diagnosed = (text: string) => {
      const r = checkFile("x.net", { text, train: true });
      const errs = r.diagnostics.filter((d) => d.severity === "error").map((d) => d.message);
      expect(errs.some((m) => m.includes("does not depend on any trainable parameter")), JSON.stringify(errs)).toBe(true);
      expect(r.training).toBeUndefined();
    };

    it("every layer frozen", () => {
      diagnosed(`block trunk() (x) {
  return x |> conv(4, k=3, p=1) |> bn |> relu
}
network x {
  input image: [3, 6, 6]
  f = image |> trunk() as backbone
  output y = f |> gap |> dense(2) as head
}
train x {
  loss cross_entropy(y, label)
  optimizer sgd(lr = 0.1)
  freeze backbone, head
}`);
    });

    it("the loss reads only a frozen head while another, trainable head has no loss", () => {
      diagnosed(`network x {
  input image: [3, 6, 6]
  f = image |> conv(4, k=3, p=1) as stem |> relu
  output y = f |> gap |> dense(2) as frozen_head
  output z = f |> gap |> dense(2) as free_head
}
train x {
  loss mse(y, t)
  optimizer sgd(lr = 0.1)
  freeze stem, frozen_head
}`);
    });

    it("a network without parameters", () => {
      diagnosed(`network x {
  input image: [3, 4, 4]
  output y = image |> relu |> gap
}
train x {
  loss mse(y, t)
  optimizer sgd(lr = 0.1)
}`);
    });

    it("but with input gradients requested there is something to differentiate", () => {
      const r = checkFile("x.net", { text: "network x {\n input image: [3, 4, 4]\n output y = image |> relu |> gap\n}\ntrain x {\n loss mse(y, t)\n optimizer sgd(lr = 0.1)\n}", train: true, inputGradients: true });
      expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      expect(r.training!.gradients.size).toBe(0);
      expect(expectGradsOk(r.training!).tensors.map((t) => t.name)).toEqual(["image"]);
    });
  });

  it("(d) a layer bound to a name and applied twice gets one gradient entry, the sum of both uses", () => {
    const { training, result } = gradcheckSource(`network x {
  input left: [2, 5, 5]
  input right: [2, 5, 5]
  enc = conv(2, k=3, p=1) as enc
  head = dense(3) as head
  l = left |> enc |> tanh |> enc |> tanh
  r = right |> enc |> tanh
  output y = add(l |> gap |> head, r |> gap |> head)
}
train x {
  loss mse(y, t)
  optimizer sgd(lr = 0.1)
}`, { seed: 2, samples: 1e9 });
    expect([...training.gradients.keys()].sort()).toEqual(["enc.bias", "enc.weight", "head.bias", "head.weight"]);
    // enc is applied three times, head twice: each gradient is one `add` of the per-use gradients.
    const sumOf = (p: string) => training.graph.nodes[training.gradients.get(p)!]!;
    expect(sumOf("enc.weight").op).toBe("add");
    expect(sumOf("enc.weight").inputs.map((i) => training.graph.nodes[i]!.op)).toEqual(["conv_grad_weight", "conv_grad_weight", "conv_grad_weight"]);
    expect(sumOf("head.weight").inputs.map((i) => training.graph.nodes[i]!.op)).toEqual(["dense_grad_weight", "dense_grad_weight"]);
    expect(result.tensors.filter((t) => t.kind === "param").map((t) => t.name).sort()).toEqual(["enc.bias", "enc.weight", "head.bias", "head.weight"]);

    // The sum, numerically: equal to the sum of the per-use gradient nodes.
    const params = initParams(training.graph, 2, "f64");
    const values = execute(training.graph, { feeds: randomFeeds(training, 2, new Rng(2)), params, batch: 2, precision: "f64", kernels: backwardKernels }).values;
    const node = sumOf("enc.weight");
    const total = values[node.id]!.data;
    const parts = node.inputs.map((i) => values[i]!.data);
    total.forEach((v, k) => expect(v).toBeCloseTo(parts.reduce((s, p) => s + p[k]!, 0), 14));
  });

  it("(e) the gradients of a value read by several nodes accumulate (residuals, fan-out) — gradcheck passes", () => {
    const { training } = gradcheckSource(`network x {
  input image: [3, 5, 5]
  a = image |> conv(3, k=3, p=1) |> tanh
  b = a + (a |> conv(3, k=3, p=1) |> relu)
  c = b + (b |> conv(3, k=1) |> sigmoid) + image
  d = concat(c, a, c * a)
  output y = d |> conv(2, k=1)
}
train x {
  loss mse(y, t)
  optimizer sgd(lr = 0.1)
}`, { seed: 4, samples: 1e9 });
    // a is read by the residual branch, the sum, the concat and the product; the gradient sums name their value.
    const sums = training.graph.nodes.filter((n) => n.op === "add" && /^grad\..*\.sum/.test(n.name)).map((n) => n.name);
    expect(sums.some((s) => s.includes("tanh1"))).toBe(true);
    expect(sums.some((s) => s.startsWith("grad.image"))).toBe(true);
  });
});

// Random integer feeds must be values the network accepts and should cover
// them: ids over every row an embedding has (not only 0 and 1, which left
// the other rows' gradients unchecked), labels over the classes.
describe("random integer feeds", () => {
  it("draw ids over all of an embedding's rows and labels over the classes", () => {
    const { training } = compileTraining(`network e {
  input ids: i32[64]
  output o = ids |> embedding(7, 3) |> mean(axis=0) |> dense(5)
}
train e { loss cross_entropy(o, label)\n optimizer sgd(lr = 0.1) }`, { inputGradients: false });
    const g = training.graph;
    const idsNode = g.inputs.find((i) => g.nodes[i]!.name === "ids")!;
    const labelNode = g.inputs.find((i) => g.nodes[i]!.name === "label")!;
    expect(integerRange(training, idsNode)).toBe(7);
    expect(integerRange(training, labelNode)).toBe(5);
    const feeds = randomFeeds(training, 4, new Rng(11));
    const ids = [...feeds.get("ids")!.data];
    expect(new Set(ids)).toEqual(new Set([0, 1, 2, 3, 4, 5, 6]));
    expect(Math.max(...feeds.get("label")!.data)).toBeLessThan(5);
  });
});
