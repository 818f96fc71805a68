// embedding: one invocation per output element of [N, …S, dim]: position
// r = i / dim reads its id and copies weight[id, i % dim]. An id outside
// 0..num − 1 gives 0 (a shader cannot raise as PyTorch does; the zero row
// is the choice op.ts explains), and the weight is never read out of range.
import { intAttr } from "../contract.js";
import type { Lowering } from "../lowering.js";
import { wgsl, type Binding } from "../../core/kernel/index.js";
import { perElementKernel } from "../templates/elementwise.js";

export const lower: Lowering = (ctx) => {
  const num = intAttr(ctx.attrs, "num");
  const dim = intAttr(ctx.attrs, "dim");
  return perElementKernel<[Binding]>(ctx, ([ids], out, k) => {
    const weight = k.param("weight");
    return wgsl`let v = ${ids.at(`i / ${dim}u`)};
  var y = 0.0;
  if (v >= 0 && v < ${num}) { y = ${weight.at(`u32(v) * ${dim}u + i % ${dim}u`)}; }
  ${out.set("i", "y")}`;
  });
};
