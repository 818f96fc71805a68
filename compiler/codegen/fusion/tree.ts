// An elementwise tree as one WGSL function, `fn NAME(i: u32[, v: f32]) ->
// f32`: the tree's root at flat element i. Each operand from outside the
// tree is loaded once into a local (t_x<k>), each node's formula (its
// PointwiseForm, rendered by renderExpr) becomes a local (t_v<id>) named in
// a comment after its IR node, and the leaf whose value the caller already
// holds (an anchor's result, before its store) is passed as v. The same
// function serves an epilogue, a pure elementwise kernel and a prologue.

import type { Graph, Shape } from "../../../core/ir/graph.js";
import { join, kernelFn, renderExpr, wgsl, type Code, type KernelFunction } from "../../../core/kernel/index.js";
import { kernelModuleOf } from "../lower.js";
import { pointwiseOf } from "../pointwise.js";
import type { KernelDraft } from "./draft.js";

export function treeFunction(g: Graph, shapes: readonly Shape[], nodes: readonly number[], name: string, k: KernelDraft, leaf?: number): KernelFunction {
  const members = new Set(nodes);
  const ident = new Map<number, string>();
  if (leaf !== undefined) ident.set(leaf, "v");
  const lines: Code[] = [];
  for (const id of nodes) {
    const n = g.nodes[id]!;
    for (const i of n.inputs) {
      if (members.has(i) || ident.has(i)) continue;
      const local = `t_x${ident.size}`;
      ident.set(i, local);
      lines.push(wgsl`
  let ${local} = ${k.bind({ value: i }).at("i")};`);
    }
    const inputShapes = n.inputs.map((i) => shapes[i]!);
    const p = pointwiseOf(n.op, inputShapes, shapes[id]!, n.attrs);
    if (!p) throw new Error(`internal: node '${n.name}' (${n.op}) is not pointwise but was fused`);
    const expr = p.expr({ node: n, attrs: n.attrs, inputShapes, out: shapes[id]!, kernelOf: kernelModuleOf });
    const value = renderExpr(expr, {
      operand: (j) => {
        const local = ident.get(n.inputs[j]!);
        if (local === undefined) throw new Error(`internal: ${n.op} '${n.name}' reads operand ${j} of ${n.inputs.length}`);
        return [local];
      },
      param: (role) => {
        const p = n.params[role];
        if (p === undefined) throw new Error(`internal: ${n.op} '${n.name}' reads parameter '${role}', which it does not have`);
        return k.bind({ param: p });
      },
      index: wgsl`i`,
      useFunction: (f) => k.addFunction(f),
    });
    ident.set(id, `t_v${id}`);
    lines.push(wgsl`
  let t_v${id} = ${value}; // ${n.op} '${n.name}'`);
  }
  return kernelFn(
    name,
    wgsl`fn ${name}(i: u32${leaf !== undefined ? ", v: f32" : ""}) -> f32 {${join(lines, "")}
  return t_v${nodes[nodes.length - 1]!};
}`,
  );
}
