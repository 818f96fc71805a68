// add: the elementwise sum of any number of same-shape operands (residuals,
// and the sums autodiff makes where gradients meet), left to right.
import { add, operand } from "../../core/kernel/index.js";
import type { Shape } from "../../core/ir/graph.js";
import type { Lowering, PointwiseForm } from "../lowering.js";
import { pointwiseKernel } from "../templates/pointwise_kernel.js";

const sameShape = (a: Shape, b: Shape) => a.length === b.length && a.every((d, k) => d === b[k]);

export const pointwise: PointwiseForm = {
  applies: (ins, out) => ins.length > 0 && ins.every((s) => sameShape(s, out)),
  expr: (c) => {
    const [first, ...rest] = c.inputShapes.map((_, j) => operand(j));
    return add(first!, ...rest);
  },
};

export const lower: Lowering = (ctx) => pointwiseKernel(ctx, pointwise);
