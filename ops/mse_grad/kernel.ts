// mse_grad: weight·2(x − t)/(N·E), elementwise.
import { numAttr } from "../contract.js";
import type { Lowering } from "../lowering.js";
import { elementCount } from "../../core/ir/graph.js";
import { f32, wgsl, type Binding } from "../../core/kernel/index.js";
import { perElementKernel } from "../templates/elementwise.js";

export const lower: Lowering = (ctx) => {
  const n = elementCount(ctx.out);
  const scale = (numAttr(ctx.attrs, "weight") * 2) / n;
  return perElementKernel<[Binding, Binding]>(
    ctx,
    ([x, target], out) => out.set("i", wgsl`${f32(scale)} * (${x.at("i")} - ${target.at("i")})`),
  );
};
