// gmp: y[n, c] = max x[n, c, ·, ·]. One invocation per output.
import type { Lowering } from "../lowering.js";
import { elementCount } from "../../core/ir/graph.js";
import { wgsl, type Binding } from "../../core/kernel/index.js";
import { perElementKernel } from "../templates/elementwise.js";

export const lower: Lowering = (ctx) => {
  const hw = elementCount(ctx.inputs[0]!.slice(2));
  return perElementKernel<[Binding]>(
    ctx,
    ([x], out) => wgsl`var m = ${x.at(`i * ${hw}u`)};
  for (var q = 1u; q < ${hw}u; q++) { m = max(m, ${x.at(`i * ${hw}u + q`)}); }
  ${out.set("i", "m")}`,
  );
};
