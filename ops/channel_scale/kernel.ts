// channel_scale: dx = dy·w[c] over channel axis 1 of [N, C, …] (the input
// gradient of scale). One invocation per element.
import { mul, operand, paramAtChannel } from "../../core/kernel/index.js";
import { elementCount } from "../../core/ir/graph.js";
import type { Lowering, PointwiseForm } from "../lowering.js";
import { pointwiseKernel } from "../templates/pointwise_kernel.js";

export const pointwise: PointwiseForm = {
  paramRoles: () => ["weight"],
  applies: (_ins, out) => out.length >= 2,
  expr: (c) => mul(operand(0), paramAtChannel("weight", c.out[1]!, elementCount(c.out.slice(2)))),
};

export const lower: Lowering = (ctx) => pointwiseKernel(ctx, pointwise);
