// permute: y[n, …] gathers x[n, …] with output axis j reading input axis
// dims[j]; one invocation per output element (ops/templates/permute.ts).
import type { Lowering } from "../lowering.js";
import { permuteKernel } from "../templates/permute.js";

export const lower: Lowering = (ctx) => permuteKernel(ctx, ctx.attrs.dims as readonly number[]);
