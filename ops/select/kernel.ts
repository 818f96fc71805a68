// select: with x viewed as [outer, len, inner] along per-sample axis
// `axis`, y[o, q] = x[o, index, q]; one invocation per output element.
import type { Lowering } from "../lowering.js";
import { elementCount } from "../../core/ir/graph.js";
import { type Binding } from "../../core/kernel/index.js";
import { perElementKernel } from "../templates/elementwise.js";
import { resolveSelect } from "../shared/select.js";

export const lower: Lowering = (ctx) => {
  const xs = ctx.inputs[0]!;
  const { axis: a, index } = resolveSelect(ctx.attrs, xs.slice(1));
  const axis = a + 1;
  const len = xs[axis]!;
  const inner = elementCount(xs.slice(axis + 1));
  return perElementKernel<[Binding]>(ctx, ([x], out) => out.set("i", x.at(`(i / ${inner}u) * ${len * inner}u + ${index * inner}u + i % ${inner}u`)));
};
