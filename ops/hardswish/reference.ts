// hardswish: y = 0 for x ≤ −3, x for x ≥ 3, x·(x + 3)/6 between,
// elementwise, in float64.

import type { Derivative, Kernel } from "../reference_kernel.js";
import { mapElements } from "../shared/reference_elementwise.js";

export const kernel: Kernel = (inputs, _attrs, _params, ctx) => mapElements(inputs[0]!, ctx.precision, (v) => (v <= -3 ? 0 : v >= 3 ? v : (v * (v + 3)) / 6));

/**
 * d hardswish from v = x: 0 for x ≤ −3, dy·(2x + 3)/6 between, dy for
 * x ≥ 3 — PyTorch's convention at the kinks (each kink takes the slope of
 * the outer piece).
 */
export const derivative: Derivative = (v, dy) => (v <= -3 ? 0 : v >= 3 ? dy : (dy * (2 * v + 3)) / 6);
