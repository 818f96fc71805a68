// sub: a − b, elementwise, on operands of the output's shape, as a
// pointwise formula that fusion can splice into other kernels.
import { operand, sub } from "../../core/kernel/index.js";
import type { Shape } from "../../core/ir/graph.js";
import type { Lowering, PointwiseForm } from "../lowering.js";
import { pointwiseKernel } from "../templates/pointwise_kernel.js";

const sameShape = (a: Shape, b: Shape) => a.length === b.length && a.every((d, k) => d === b[k]);

export const pointwise: PointwiseForm = {
  applies: (ins, out) => ins.length === 2 && ins.every((s) => sameShape(s, out)),
  expr: () => sub(operand(0), operand(1)),
};

export const lower: Lowering = (ctx) => pointwiseKernel(ctx, pointwise);
