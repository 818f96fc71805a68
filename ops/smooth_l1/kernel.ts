// smooth_l1: |d| < β ? 0.5·d²/β : |d| − 0.5·β, d = x − t, the mean over the
// batch and the elements: an unbatched scalar, summed by one workgroup.
import { numAttr } from "../contract.js";
import type { Lowering } from "../lowering.js";
import { elementCount } from "../../core/ir/graph.js";
import { f32, newKernel, wgsl, type Binding } from "../../core/kernel/index.js";
import { declareInputs, scalarSum } from "../templates/elementwise.js";

export const lower: Lowering = (ctx) => {
  const beta = numAttr(ctx.attrs, "beta");
  const count = elementCount(ctx.inputs[0]!);
  const k = newKernel();
  const [x, target] = declareInputs(k, ctx) as [Binding, Binding];
  const body = wgsl`    let d = ${x.at("j")} - ${target.at("j")};
    let a = abs(d);
    let term = select(a - ${f32(0.5 * beta)}, 0.5 * d * d / ${f32(beta)}, a < ${f32(beta)});`;
  return scalarSum(k, count, body, count);
};
