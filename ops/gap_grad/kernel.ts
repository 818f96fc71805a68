// gap_grad: dx[n, c, i, j] = dy[n, c] / (H·W). One invocation per element.
import type { Lowering } from "../lowering.js";
import { elementCount } from "../../core/ir/graph.js";
import { wgsl, type Binding } from "../../core/kernel/index.js";
import { perElementKernel } from "../templates/elementwise.js";

export const lower: Lowering = (ctx) => {
  const hw = elementCount(ctx.out.slice(2));
  return perElementKernel<[Binding]>(
    ctx,
    ([dy], out) => out.set("i", wgsl`${dy.at(`i / ${hw}u`)} / ${hw}.0`),
  );
};
