// bce_grad: weight·(σ(x) − t)/(N·E), σ computed without overflow.
import { numAttr } from "../contract.js";
import type { Lowering } from "../lowering.js";
import { elementCount } from "../../core/ir/graph.js";
import { f32, wgsl, type Binding } from "../../core/kernel/index.js";
import { SIGMOID_FN, perElementKernel } from "../templates/elementwise.js";

export const lower: Lowering = (ctx) => {
  const n = elementCount(ctx.out);
  const scale = numAttr(ctx.attrs, "weight") / n;
  return perElementKernel<[Binding, Binding]>(ctx, ([x, target], out, k) => {
    k.use(SIGMOID_FN);
    return out.set("i", wgsl`${f32(scale)} * (sigmoid_(${x.at("i")}) - ${target.at("i")})`);
  });
};
