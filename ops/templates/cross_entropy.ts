// What cross_entropy's kernel and its gradient's read alike from the logits
// [N, K] (label [N]) or [N, K, H, W] (label [N, H, W]) and the attributes.

import { elementCount } from "../../core/ir/graph.js";
import type { LoweringContext } from "../lowering.js";

/** n samples, K classes, the positions per sample (H·W, or 1), and the label smoothing s (0 when not given). */
export function crossEntropySizes(ctx: LoweringContext) {
  const logits = ctx.inputs[0]!;
  const s = typeof ctx.attrs.smoothing === "number" ? ctx.attrs.smoothing : 0;
  return { n: logits[0]!, classes: logits[1]!, positions: elementCount(logits.slice(2)), s };
}
