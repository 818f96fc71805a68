// embedding_grad_weight (unbatched [num, dim]) as a gather: one invocation
// per (v, d) scans all N·|S| positions in order and adds dy[p, d] where the
// id is v. Deterministic (a fixed order, no atomics: WGSL has no float
// atomics) at a cost of O(num·dim·N·|S|) id reads, against the
// definition's N·|S|·dim adds: fine for small vocabularies; a large one
// wants a sort of the ids by row or a scatter (a first version).
import type { Lowering } from "../lowering.js";
import { elementCount } from "../../core/ir/graph.js";
import { wgsl, type Binding } from "../../core/kernel/index.js";
import { intAttr } from "../contract.js";
import { perElementKernel } from "../templates/elementwise.js";

export const lower: Lowering = (ctx) => {
  const dim = intAttr(ctx.attrs, "dim");
  const positions = elementCount(ctx.inputs[0]!);
  return perElementKernel<[Binding, Binding]>(
    ctx,
    ([ids, dy], out) => wgsl`let v = i32(i / ${dim}u);
  let d = i % ${dim}u;
  var acc = 0.0;
  for (var p = 0u; p < ${positions}u; p++) {
    if (${ids.at("p")} == v) { acc += ${dy.at(`p * ${dim}u + d`)}; }
  }
  ${out.set("i", "acc")}`,
  );
};
