// Attributes a loss shares with its gradient op (cross_entropy and
// cross_entropy_grad, smooth_l1 and smooth_l1_grad).

import type { AttrSpec } from "../contract.js";

/** cross_entropy's label smoothing. */
export const smoothingSpec: AttrSpec = { type: "float", min: 0, max: 1, default: 0, doc: "label smoothing" };

/** smooth_l1's β: where the loss turns from quadratic to linear. */
export const betaSpec: AttrSpec = { type: "float", above: 0, default: 1, doc: "where the loss turns from quadratic to linear" };
