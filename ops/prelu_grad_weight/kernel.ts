// prelu_grad_weight: Σ dy·x·[x ≤ 0] over the batch and every element ([1]),
// or per channel of [N, C, …] ([C]). Unbatched: one workgroup per slope,
// its threads striding over the (batch, inner) items and adding in a tree.
import { boolAttr } from "../contract.js";
import type { Lowering } from "../lowering.js";
import { elementCount } from "../../core/ir/graph.js";
import { newKernel, wgsl, type Binding } from "../../core/kernel/index.js";
import { declareInputs, perOutputSum } from "../templates/elementwise.js";

export const lower: Lowering = (ctx) => {
  const x = ctx.inputs[0]!;
  const perChannel = boolAttr(ctx.attrs, "per_channel");
  const total = elementCount(x);
  const c = perChannel ? x[1]! : 1;
  const inner = perChannel ? elementCount(x.slice(2)) : total;
  const batch = perChannel ? x[0]! : 1;
  // Item j of slope o: sample b = j / inner, position q = j % inner.
  const k = newKernel();
  const [xb, dy] = declareInputs(k, ctx) as [Binding, Binding];
  const body = wgsl`      let at = ((j / ${inner}u) * ${c}u + o) * ${inner}u + j % ${inner}u;
      let v = ${xb.at("at")};
      let term = select(0.0, ${dy.at("at")} * v, v <= 0.0);`;
  return perOutputSum(ctx, k, c, batch * inner, body);
};
