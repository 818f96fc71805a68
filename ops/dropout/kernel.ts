// dropout in eval mode: the identity, a copy. (Training graphs hold
// dropout_mask and mul instead.)
import type { Lowering } from "../lowering.js";
import { copyKernel } from "../templates/elementwise.js";

export const lower: Lowering = (ctx) => copyKernel(ctx);
