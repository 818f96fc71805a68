// mean_grad: with dx viewed as [outer, len, inner] along per-sample axis
// `axis`, dx[o, k, q] = dy[o, q] / len; one invocation per element of dx.
import { intAttr } from "../contract.js";
import type { Lowering } from "../lowering.js";
import { elementCount } from "../../core/ir/graph.js";
import { wgsl, type Binding } from "../../core/kernel/index.js";
import { perElementKernel } from "../templates/elementwise.js";
import { resolveAxis } from "../shared/axis.js";

export const lower: Lowering = (ctx) => {
  const dxs = ctx.out;
  const axis = resolveAxis(intAttr(ctx.attrs, "axis"), dxs.slice(1)) + 1;
  const len = dxs[axis]!;
  const inner = elementCount(dxs.slice(axis + 1));
  return perElementKernel<[Binding]>(ctx, ([dy], dx) => dx.set("i", wgsl`${dy.at(`(i / ${len * inner}u) * ${inner}u + i % ${inner}u`)} / ${len}.0`));
};
