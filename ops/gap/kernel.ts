// gap: y[n, c] = (1/(H·W))·Σ x[n, c, ·, ·]. One invocation per output (the
// maps it sees are small: the last feature map of a network).
import type { Lowering } from "../lowering.js";
import { elementCount } from "../../core/ir/graph.js";
import { wgsl, type Binding } from "../../core/kernel/index.js";
import { perElementKernel } from "../templates/elementwise.js";

export const lower: Lowering = (ctx) => {
  const hw = elementCount(ctx.inputs[0]!.slice(2));
  return perElementKernel<[Binding]>(
    ctx,
    ([x], out) => wgsl`var sum = 0.0;
  for (var q = 0u; q < ${hw}u; q++) { sum += ${x.at(`i * ${hw}u + q`)}; }
  ${out.set("i", `sum / ${hw}.0`)}`,
  );
};
