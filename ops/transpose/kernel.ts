// transpose: the gather of permute (ops/templates/permute.ts) for the
// permutation that swaps per-sample axes a and b.
import { intAttr } from "../contract.js";
import type { Lowering } from "../lowering.js";
import { permuteKernel } from "../templates/permute.js";

export const lower: Lowering = (ctx) => {
  const rank = ctx.inputs[0]!.length - 1;
  const dims = Array.from({ length: rank }, (_, i) => i);
  const [a, b] = [intAttr(ctx.attrs, "a"), intAttr(ctx.attrs, "b")];
  [dims[a], dims[b]] = [b, a];
  return permuteKernel(ctx, dims);
};
