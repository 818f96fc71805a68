// The label rule of the losses that compare an output with targets of its
// own shape (bce, mse, smooth_l1): their gradients and shape rules are the
// target losses' of grad_shared.ts (targetLossShape).

import type { Shape } from "../../core/ir/graph.js";
import type { LossLabel } from "../contract.js";

/** Float targets of the output's shape. */
export const targetLabel = (out: Shape): LossLabel => ({ shape: out, dtype: "f32" });
