// `dlc run --backend reference`: the network's forward graph on the float64
// reference executor, a chunk of samples at a time (eval mode: the forward
// graph's bn nodes use running statistics and dropout is the identity).

import { elementCount, type Graph } from "../../core/ir/graph.js";
import { execute } from "../../reference/executor.js";
import type { Tensor } from "../../core/tensor/tensor.js";
import type { RunInputs } from "./run_inputs.js";

/** Output name → [N, ...shape] values, rounded to float32 as they are written. */
export function runReference(graph: Graph, weights: ReadonlyMap<string, Float32Array | Float64Array>, given: RunInputs, batch: number): Map<string, Float32Array> {
  const params = new Map<string, Tensor>();
  for (const [name, info] of graph.params) params.set(name, { shape: [...info.shape], data: Float64Array.from(weights.get(name)!) });
  const outputs = new Map(graph.outputs.map((o) => [o.name, new Float32Array(given.count * elementCount(graph.nodes[o.node]!.shape))]));
  for (let at = 0; at < given.count; at += batch) {
    const b = Math.min(batch, given.count - at);
    const feeds = new Map<string, Tensor>();
    for (const x of given.inputs) {
      const per = elementCount(x.shape.slice(1));
      feeds.set(x.name, { shape: [b, ...x.shape.slice(1)], data: x.data.subarray(at * per, (at + b) * per) });
    }
    const { values } = execute(graph, { feeds, params, batch: b, precision: "f64", step: 0 });
    for (const o of graph.outputs) {
      const per = elementCount(graph.nodes[o.node]!.shape);
      const v = values[o.node]!.data;
      if (v.length !== b * per) throw new Error(`internal: output '${o.name}' has ${v.length} values for ${b} samples of ${per}`);
      outputs.get(o.name)!.set(v, at * per);
    }
  }
  return outputs;
}

