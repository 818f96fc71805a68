// split_sum: out[i] = Σ_s in0[s·size + i], s = 0 … S−1 in order (the
// reference's order), one invocation per element of the result. Unbatched.
import { wgsl, type Binding } from "../../core/kernel/index.js";
import { elementCount } from "../../core/ir/graph.js";
import type { Lowering } from "../lowering.js";
import { perElementKernel } from "../templates/elementwise.js";

export const lower: Lowering = (ctx) => {
  const S = ctx.inputs[0]![0]!;
  const n = elementCount(ctx.out);
  return perElementKernel<[Binding]>(
    ctx,
    ([x], out) => wgsl`var acc = 0.0;
  for (var s = 0u; s < ${S}u; s++) {
    acc += ${x.at(`s * ${n}u + i`)};
  }
  ${out.set("i", "acc")}`,
  );
};
