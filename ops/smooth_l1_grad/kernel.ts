// smooth_l1_grad: weight·(|d| < β ? d/β : sign d)/(N·E), d = x − t.
import { numAttr } from "../contract.js";
import type { Lowering } from "../lowering.js";
import { elementCount } from "../../core/ir/graph.js";
import { f32, newKernel, wgsl, type Binding } from "../../core/kernel/index.js";
import { declareInputs } from "../templates/elementwise.js";
import { dispatchFor, perItem } from "../templates/wgsl.js";

export const lower: Lowering = (ctx) => {
  const beta = numAttr(ctx.attrs, "beta");
  const n = elementCount(ctx.out);
  const scale = numAttr(ctx.attrs, "weight") / n;
  const k = newKernel();
  const [x, target] = declareInputs(k, ctx) as [Binding, Binding];
  const out = k.output();
  k.dispatch = dispatchFor(n, ctx);
  k.body = wgsl`${perItem(n, k.dispatch)}
  let d = ${x.at("i")} - ${target.at("i")};
  ${out.set("i", `${f32(scale)} * select(sign(d), d / ${f32(beta)}, abs(d) < ${f32(beta)})`)}
}`;
  return k.build();
};
