// bce_grad: weight·(σ(x) − t)/(N·E), σ computed without overflow.
import { numAttr } from "../contract.js";
import type { Lowering } from "../lowering.js";
import { elementCount } from "../../core/ir/graph.js";
import { f32, newKernel, wgsl, type Binding } from "../../core/kernel/index.js";
import { declareInputs, SIGMOID_FN } from "../templates/elementwise.js";
import { dispatchFor, perItem } from "../templates/wgsl.js";

export const lower: Lowering = (ctx) => {
  const n = elementCount(ctx.out);
  const scale = numAttr(ctx.attrs, "weight") / n;
  const k = newKernel();
  const [x, target] = declareInputs(k, ctx) as [Binding, Binding];
  const out = k.output();
  k.dispatch = dispatchFor(n, ctx);
  k.use(SIGMOID_FN);
  k.body = wgsl`${perItem(n, k.dispatch)}
  ${out.set("i", wgsl`${f32(scale)} * (sigmoid_(${x.at("i")}) - ${target.at("i")})`)}
}`;
  return k.build();
};
