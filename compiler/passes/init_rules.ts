// Parameter initialisation rules, deterministic from a seed (docs/autodiff.md,
// "Reference executor"). Each parameter starts as the op that owns it
// declares (ParamDecl.init, ops/contract.ts); today's ops say:
//
// - conv, conv_transpose and dense weights: normal, mean 0, with
//   std = √(2 / fan_in) (He/Kaiming) when the network has an op marked
//   `heInit` (the ReLU family: relu, leaky_relu, prelu, elu), else
//   std = √(2 / (fan_in + fan_out)) (Xavier/Glorot), with PyTorch's fans
//   (ops/conv/op.ts, ops/conv_transpose/op.ts, ops/dense/op.ts; a connection
//   table has fans per link);
// - every bias 0; bn weight 1, bias 0, running_mean 0, running_var 1;
//   scale weight 1 (bias 0); prelu slopes 0.25;
// - a `param` tensor: zeros, ones, or normal with its own std (`normal`:
//   the std is fixed by the op, not by the network's activations).
//
// The result is plain data (core/params/init.ts's InitSpec), which a
// compiled module carries and sampleParams draws from. This lives in the
// compiler because it reads the op definitions; core/ must not import ops/.

import type { Graph, Node } from "../../core/ir/graph.js";
import { sampleParams, type InitSpec } from "../../core/params/init.js";
import type { Precision, Tensor } from "../../core/tensor/tensor.js";
import type { ParamInit } from "../../ops/contract.js";
import { lookupOp } from "../../ops/registry.js";

function roleOf(node: Node, param: string): string {
  for (const [role, name] of Object.entries(node.params)) if (name === param) return role;
  throw new Error(`internal: node '${node.name}' does not list parameter '${param}'`);
}

/** The initialisation rule of every parameter, in graph.params order (plain data: a compiled module carries it). */
export function initSpecs(graph: Graph): Map<string, InitSpec> {
  // One op preferring He anywhere switches every weight to He, as PyTorch users do for ReLU networks.
  const he = graph.nodes.some((n) => lookupOp(n.op)?.heInit === true);
  const byName = new Map(graph.nodes.map((n) => [n.name, n]));
  const out = new Map<string, InitSpec>();
  for (const [name, info] of graph.params) {
    const node = byName.get(info.owner);
    if (!node) throw new Error(`internal: parameter '${name}' names owner '${info.owner}', which is not in the graph`);
    const role = roleOf(node, name);
    const op = lookupOp(node.op);
    const decl = op?.params({ inputs: node.inputs.map((i) => graph.nodes[i]!.shape), attrs: node.attrs }).find((p) => p.role === role);
    if (!decl || "forward" in decl.init) {
      throw new Error(`internal: no initialisation rule for parameter '${name}' (role '${role}' of op '${node.op}')`);
    }
    out.set(name, specOf(decl.init, decl.shape, he));
  }
  return out;
}

/**
 * The InitSpec of one declared init. A fixed-std normal is the one-block
 * case of the std-per-block spec (a block as large as the tensor), so a
 * compiled module's sampler and manifest need no new kind.
 */
export function specOf(init: Exclude<ParamInit, { readonly forward: true }>, shape: readonly number[], he: boolean): InitSpec {
  if ("fill" in init) return { fill: init.fill };
  if ("normal" in init) return { stds: [init.normal], block: Math.max(1, shape.reduce((a, b) => a * b, 1)) };
  const std = ([fanIn, fanOut]: readonly [number, number]) => (he ? Math.sqrt(2 / fanIn) : Math.sqrt(2 / (fanIn + fanOut)));
  return { stds: init.fans.map(std), block: init.block };
}

export function initParams(graph: Graph, seed: number, precision: Precision = "f64"): Map<string, Tensor> {
  return sampleParams(initSpecs(graph), new Map([...graph.params].map(([k, p]) => [k, p.shape])), seed, precision);
}
