// batch_sum: out[i] = Σₙ dy[n·size + i], n = 0 … N−1 in order (the
// reference's order), one invocation per element of the per-sample shape.
import { wgsl, type Binding } from "../../core/kernel/index.js";
import { elementCount } from "../../core/ir/graph.js";
import type { Lowering } from "../lowering.js";
import { perElementKernel } from "../templates/elementwise.js";

export const lower: Lowering = (ctx) => {
  const size = elementCount(ctx.out);
  return perElementKernel<[Binding]>(
    ctx,
    ([dy], out) => wgsl`var total = 0.0;
  for (var n = 0u; n < ${ctx.inputs[0]![0]!}u; n++) { total += ${dy.at(`n * ${size}u + i`)}; }
  ${out.set("i", "total")}`,
  );
};
