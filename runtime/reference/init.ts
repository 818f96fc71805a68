// Parameter initialisation, deterministic from a seed (docs/autodiff.md,
// "Reference executor"):
//
// - conv, conv_transpose and dense weights: normal, mean 0, with
//   std = √(2 / fan_in) (He/Kaiming) when the network has a ReLU-family
//   activation (relu, leaky_relu, prelu, elu), else
//   std = √(2 / (fan_in + fan_out)) (Xavier/Glorot);
// - every bias 0; bn weight 1, bias 0, running_mean 0, running_var 1;
//   scale weight 1 (bias 0); prelu slopes 0.25.
//
// Fans follow PyTorch's _calculate_fan_in_and_fan_out for each layout
// (dim 1 · kh · kw in, dim 0 · kh · kw out):
// - conv [O, C/g, kh, kw]: fan_in = C/g·kh·kw, fan_out = O·kh·kw;
// - conv_transpose [C, O/g, kh, kw]: fan_in = O/g·kh·kw, fan_out = C·kh·kw;
// - dense [out, in]: fan_in = in, fan_out = out;
// - conv with a connection table ([links, kh, kw]): per link (o ← c),
//   fan_in = (inputs listed for o)·kh·kw and fan_out = (outputs that read
//   c)·kh·kw, the table's analogue of the dense case.
//
// One generator (rng.ts, seeded by `seed`) is drawn from in graph.params
// insertion order, element by element in row-major order; only the normal
// weights draw from it, so constants do not shift the stream.

import type { Graph, Node } from "../../compiler/ir/graph.js";
import { Rng } from "./rng.js";
import { zeros, type Precision, type Tensor } from "./tensor.js";

const reluFamily = new Set(["relu", "leaky_relu", "prelu", "elu"]);

function roleOf(node: Node, param: string): string {
  for (const [role, name] of Object.entries(node.params)) if (name === param) return role;
  throw new Error(`internal: node '${node.name}' does not list parameter '${param}'`);
}

export function initParams(graph: Graph, seed: number, precision: Precision = "f64"): Map<string, Tensor> {
  const he = graph.nodes.some((n) => reluFamily.has(n.op));
  const byName = new Map(graph.nodes.map((n) => [n.name, n]));
  const rng = new Rng(seed);
  const out = new Map<string, Tensor>();

  for (const [name, info] of graph.params) {
    const node = byName.get(info.owner);
    if (!node) throw new Error(`internal: parameter '${name}' names owner '${info.owner}', which is not in the graph`);
    const role = roleOf(node, name);
    const t = zeros(info.shape, precision);
    const fill = (v: number) => t.data.fill(v);
    const normal = (std: (i: number) => number) => {
      for (let i = 0; i < t.data.length; i++) t.data[i] = rng.normal() * std(i);
    };
    const std = (fanIn: number, fanOut: number) => (he ? Math.sqrt(2 / fanIn) : Math.sqrt(2 / (fanIn + fanOut)));

    if (info.kind === "bias") {
      fill(0);
    } else if (node.op === "bn") {
      if (role === "weight" || role === "running_var") fill(1);
      else fill(0);
    } else if (node.op === "scale") {
      fill(role === "weight" ? 1 : 0);
    } else if (node.op === "prelu") {
      fill(0.25);
    } else if (role === "weight" && (node.op === "conv" || node.op === "conv_transpose" || node.op === "dense")) {
      const s = info.shape;
      if (node.op === "dense") {
        const v = std(s[1]!, s[0]!);
        normal(() => v);
      } else if (node.op === "conv" && Array.isArray(node.attrs.table)) {
        const table = node.attrs.table as readonly (readonly number[])[];
        const rf = s[1]! * s[2]!;
        const readers = new Map<number, number>();
        for (const row of table) for (const c of row) readers.set(c, (readers.get(c) ?? 0) + 1);
        const perLink: number[] = [];
        for (const row of table) for (const c of row) perLink.push(std(row.length * rf, readers.get(c)! * rf));
        normal((i) => perLink[Math.floor(i / rf)]!);
      } else {
        const rf = s[2]! * s[3]!;
        const v = std(s[1]! * rf, s[0]! * rf);
        normal(() => v);
      }
    } else {
      throw new Error(`internal: no initialisation rule for parameter '${name}' (role '${role}' of op '${node.op}')`);
    }
    out.set(name, t);
  }
  return out;
}
