// mse_grad: weight·2(x − t)/(N·E), elementwise.
import { numAttr } from "../contract.js";
import type { Lowering } from "../lowering.js";
import { elementCount } from "../../core/ir/graph.js";
import { f32, newKernel, wgsl, type Binding } from "../../core/kernel/index.js";
import { declareInputs } from "../templates/elementwise.js";
import { dispatchFor, perItem } from "../templates/wgsl.js";

export const lower: Lowering = (ctx) => {
  const n = elementCount(ctx.out);
  const scale = (numAttr(ctx.attrs, "weight") * 2) / n;
  const k = newKernel();
  const [x, target] = declareInputs(k, ctx) as [Binding, Binding];
  const out = k.output();
  k.dispatch = dispatchFor(n, ctx);
  k.body = wgsl`${perItem(n, k.dispatch)}
  ${out.set("i", wgsl`${f32(scale)} * (${x.at("i")} - ${target.at("i")})`)}
}`;
  return k.build();
};
