// Two training graphs of one network (before and after a GPU-program
// rewrite: split-K, column gradients) give the same parameter gradients on
// the float64 reference executor, with the same feeds and weights.

import { expect } from "vitest";
import type { Graph } from "../../core/ir/graph.js";
import type { TrainingGraph } from "../../compiler/passes/autodiff.js";
import { execute } from "../../reference/executor.js";
import { initParams } from "../../compiler/passes/init_rules.js";
import { backwardKernels } from "../../ops/implementations.js";
import { Rng } from "../../core/tensor/rng.js";
import { fromArray, type Tensor } from "../../core/tensor/tensor.js";

export function expectSameGradients(forward: Graph, t0: TrainingGraph, t1: TrainingGraph, batch: number, label: string): void {
  const params = initParams(forward, 3);
  const rng = new Rng(9);
  const feeds = new Map<string, Tensor>();
  for (const id of t0.graph.inputs) {
    const n = t0.graph.nodes[id]!;
    const size = batch * n.shape.reduce((a, b) => a * b, 1);
    feeds.set(n.name, fromArray([batch, ...n.shape], Array.from({ length: size }, () => (n.dtype === "i32" ? Math.floor(rng.uniform() * 3) : rng.normal()))));
  }
  const run = (t: TrainingGraph) => execute(t.graph, { feeds, params, batch, kernels: backwardKernels });
  const [a, b] = [run(t0), run(t1)];
  for (const [name, id] of t0.gradients) {
    const x = a.values[id]!.data;
    const y = b.values[t1.gradients.get(name)!]!.data;
    const scale = Math.max(1e-12, ...Array.from(x, Math.abs));
    const err = Math.max(...Array.from(x, (v, i) => Math.abs(v - y[i]!))) / scale;
    expect(err, `${label} ${name}`).toBeLessThan(1e-12);
  }
}
