// smooth_l1_grad: weight·(|d| < β ? d/β : sign d)/(N·E), d = x − t.
import { numAttr } from "../contract.js";
import type { Lowering } from "../lowering.js";
import { elementCount } from "../../core/ir/graph.js";
import { f32, wgsl, type Binding } from "../../core/kernel/index.js";
import { perElementKernel } from "../templates/elementwise.js";

export const lower: Lowering = (ctx) => {
  const beta = numAttr(ctx.attrs, "beta");
  const n = elementCount(ctx.out);
  const scale = numAttr(ctx.attrs, "weight") / n;
  return perElementKernel<[Binding, Binding]>(
    ctx,
    ([x, target], out) => wgsl`let d = ${x.at("i")} - ${target.at("i")};
  ${out.set("i", `${f32(scale)} * select(sign(d), d / ${f32(beta)}, abs(d) < ${f32(beta)})`)}`,
  );
};
