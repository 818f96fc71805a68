// dropout in eval mode: the identity, a copy. (Training graphs hold
// dropout_mask and mul instead.)
import { operand } from "../../core/kernel/index.js";
import type { Lowering, PointwiseForm } from "../lowering.js";
import { pointwiseKernel } from "../templates/pointwise_kernel.js";

export const pointwise: PointwiseForm = { expr: () => operand(0) };

export const lower: Lowering = (ctx) => pointwiseKernel(ctx, pointwise);
