// stop_gradient: a copy (the gradient rule, not the kernel, stops the flow).
import { operand } from "../../core/kernel/index.js";
import type { Lowering, PointwiseForm } from "../lowering.js";
import { pointwiseKernel } from "../templates/pointwise_kernel.js";

export const pointwise: PointwiseForm = { expr: () => operand(0) };

export const lower: Lowering = (ctx) => pointwiseKernel(ctx, pointwise);
