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

import { elementCount, type Graph, type Node } from "../ir/graph.js";
import { Rng } from "../tensor/rng.js";
import { zeros, type Precision, type Tensor } from "../tensor/tensor.js";

const reluFamily = new Set(["relu", "leaky_relu", "prelu", "elu"]);

function roleOf(node: Node, param: string): string {
  for (const [role, name] of Object.entries(node.params)) if (name === param) return role;
  throw new Error(`internal: node '${node.name}' does not list parameter '${param}'`);
}

/**
 * How one parameter starts: a constant, or normal draws whose standard
 * deviation may change every `block` entries (a connection table's links).
 */
export type InitSpec = { readonly fill: number } | { readonly stds: readonly number[]; readonly block: number };

/** The initialisation rule of every parameter, in graph.params order (plain data: a compiled module carries it). */
export function initSpecs(graph: Graph): Map<string, InitSpec> {
  const he = graph.nodes.some((n) => reluFamily.has(n.op));
  const byName = new Map(graph.nodes.map((n) => [n.name, n]));
  const out = new Map<string, InitSpec>();
  for (const [name, info] of graph.params) {
    const node = byName.get(info.owner);
    if (!node) throw new Error(`internal: parameter '${name}' names owner '${info.owner}', which is not in the graph`);
    const role = roleOf(node, name);
    const size = elementCount(info.shape);
    const std = (fanIn: number, fanOut: number) => (he ? Math.sqrt(2 / fanIn) : Math.sqrt(2 / (fanIn + fanOut)));
    let spec: InitSpec;
    if (info.kind === "bias") spec = { fill: 0 };
    else if (node.op === "bn") spec = { fill: role === "weight" || role === "running_var" ? 1 : 0 };
    else if (node.op === "scale") spec = { fill: role === "weight" ? 1 : 0 };
    else if (node.op === "prelu") spec = { fill: 0.25 };
    else if (role === "weight" && (node.op === "conv" || node.op === "conv_transpose" || node.op === "dense")) {
      const s = info.shape;
      if (node.op === "dense") spec = { stds: [std(s[1]!, s[0]!)], block: size };
      else if (node.op === "conv" && Array.isArray(node.attrs.table)) {
        const table = node.attrs.table as readonly (readonly number[])[];
        const rf = s[1]! * s[2]!;
        const readers = new Map<number, number>();
        for (const row of table) for (const c of row) readers.set(c, (readers.get(c) ?? 0) + 1);
        const perLink: number[] = [];
        for (const row of table) for (const c of row) perLink.push(std(row.length * rf, readers.get(c)! * rf));
        spec = { stds: perLink, block: rf };
      } else {
        const rf = s[2]! * s[3]!;
        spec = { stds: [std(s[1]! * rf, s[0]! * rf)], block: size };
      }
    } else {
      throw new Error(`internal: no initialisation rule for parameter '${name}' (role '${role}' of op '${node.op}')`);
    }
    out.set(name, spec);
  }
  return out;
}

/** Draws parameters from their specs with one generator seeded by `seed`, in the specs' order. */
export function sampleParams(specs: ReadonlyMap<string, InitSpec>, shapes: ReadonlyMap<string, readonly number[]>, seed: number, precision: Precision = "f64"): Map<string, Tensor> {
  const rng = new Rng(seed);
  const out = new Map<string, Tensor>();
  for (const [name, spec] of specs) {
    const t = zeros(shapes.get(name)!, precision);
    if ("fill" in spec) t.data.fill(spec.fill);
    else for (let i = 0; i < t.data.length; i++) t.data[i] = rng.normal() * spec.stds[Math.floor(i / spec.block)]!;
    out.set(name, t);
  }
  return out;
}

export function initParams(graph: Graph, seed: number, precision: Precision = "f64"): Map<string, Tensor> {
  return sampleParams(initSpecs(graph), new Map([...graph.params].map(([k, p]) => [k, p.shape])), seed, precision);
}
