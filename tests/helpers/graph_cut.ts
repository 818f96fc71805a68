// Kernel tests on a slice of a training graph: the layer under test and its
// backward nodes, with every value they read from elsewhere (dy, which the
// loss gradient would make) turned into a fresh input with random data, so
// that only the kernels under test run on both executors.

import { expect } from "vitest";
import type { Graph, Node } from "../../core/ir/graph.js";
import { checkFile } from "../../compiler/pipeline.js";
import { batchedFrom } from "../../compiler/passes/batched.js";
import { lookupOp } from "../../ops/registry.js";
import { initParams } from "../../compiler/passes/init_rules.js";
import { Rng } from "../../core/tensor/rng.js";
import type { Tensor } from "../../core/tensor/tensor.js";

/** The nodes of `ops` with their parameters; other producers become inputs. */
export function cut(tg: Graph, ops: readonly string[]): Graph {
  const keep = tg.nodes.filter((n) => ops.includes(n.op));
  const kept = new Set(keep.map((n) => n.id));
  const nodes: Node[] = [];
  const map = new Map<number, number>();
  for (const n of keep) {
    for (const i of n.inputs) {
      if (kept.has(i) || map.has(i)) continue;
      const src = tg.nodes[i]!;
      map.set(i, nodes.length);
      nodes.push({ id: nodes.length, name: src.op === "input" ? src.name : `feed.${src.name}`, op: "input", inputs: [], attrs: {}, params: {}, shape: [...src.shape], dtype: src.dtype, batched: true });
    }
  }
  const inputs = nodes.map((n) => n.id);
  for (const n of keep) {
    map.set(n.id, nodes.length);
    const ins = n.inputs.map((i) => map.get(i)!);
    // Batchedness follows the new inputs, as for any node built (compiler/passes/batched.ts).
    nodes.push({ ...n, id: nodes.length, inputs: ins, batched: batchedFrom(lookupOp(n.op)?.batched, ins.map((i) => nodes[i]!.batched)) });
  }
  const used = new Set(keep.flatMap((n) => Object.values(n.params)));
  const params = new Map([...tg.params].filter(([name]) => used.has(name)));
  return { name: tg.name, nodes, inputs, outputs: [], params };
}

/** The training graph of `x: input |> layer` with an mse loss and input gradients. */
export function trainingGraph(input: string, layer: string) {
  const text = `network k {\ninput x: ${input}\noutput y = x |> ${layer}\n}\ntrain k {\nloss mse(y, t)\noptimizer sgd(lr = 0.1)\n}\n`;
  const r = checkFile("k.net", { text, train: true, inputGradients: true });
  expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return r.training!;
}

/** The nodes of `ops` from the training graph of one layer. */
export function trainingCut(input: string, layer: string, ops: readonly string[]): Graph {
  return cut(trainingGraph(input, layer).graph, ops);
}

/** Initial weights with non-zero biases, so that the bias add is checked too. */
export function weights(g: Graph): Map<string, Tensor> {
  const params = initParams(g, 7, "f32");
  const rng = new Rng(11);
  for (const [name, info] of g.params) if (info.kind === "bias") params.get(name)!.data.forEach((_, i, a) => (a[i] = rng.normal()));
  return params;
}

// The op sets of the conv family's tests.
export const CONV_OPS = ["conv", "conv_grad_input", "conv_grad_weight"];
export const CONV_T_OPS = ["conv_transpose", "conv_transpose_grad_input", "conv_transpose_grad_weight"];
export const DENSE_OPS = ["dense", "dense_grad_input", "dense_grad_weight"];
// LeNet-5's C3: 16 maps from 6, 60 links.
export const C3_TABLE = [[0, 1, 2], [1, 2, 3], [2, 3, 4], [3, 4, 5], [0, 4, 5], [0, 1, 5], [0, 1, 2, 3], [1, 2, 3, 4], [2, 3, 4, 5], [0, 3, 4, 5], [0, 1, 4, 5], [0, 1, 2, 5], [0, 1, 3, 4], [1, 2, 4, 5], [0, 2, 3, 5], [0, 1, 2, 3, 4, 5]];
