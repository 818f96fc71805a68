// flatten: [N, …] → [N, product of the rest], row-major: the data is already
// in that order, so the kernel is a copy.
import type { Lowering } from "../lowering.js";
import { copyKernel } from "../templates/elementwise.js";

export const lower: Lowering = (ctx) => copyKernel(ctx);
