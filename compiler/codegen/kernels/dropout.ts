// dropout in eval mode: the identity, a copy. (Training graphs hold
// dropout_mask and mul instead.)
import type { Lowering } from "../contract.js";
import { copyKernel } from "./elementwise_common.js";

export const lower: Lowering = (ctx) => copyKernel(ctx);
