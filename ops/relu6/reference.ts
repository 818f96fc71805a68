// relu6: y = 0 for x ≤ 0, x for 0 < x < 6, 6 for x ≥ 6, elementwise, in float64.

import type { Derivative, Kernel } from "../reference_kernel.js";
import { mapElements } from "../shared/reference_elementwise.js";

export const kernel: Kernel = (inputs, _attrs, _params, ctx) => mapElements(inputs[0]!, ctx.precision, (v) => (v <= 0 ? 0 : v >= 6 ? 6 : v));

/**
 * d relu6 from v = y: dy strictly inside (0, 6), else 0 — PyTorch's
 * convention at the kinks (hardtanh's backward). y lies strictly inside
 * exactly where x does.
 */
export const derivative: Derivative = (v, dy) => (v > 0 && v < 6 ? dy : 0);
