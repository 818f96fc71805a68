// hardsigmoid: y = 0 for x ≤ −3, 1 for x ≥ 3, x/6 + 1/2 between,
// elementwise, in float64.

import type { Derivative, Kernel } from "../reference_kernel.js";
import { mapElements } from "../shared/reference_elementwise.js";

export const kernel: Kernel = (inputs, _attrs, _params, ctx) => mapElements(inputs[0]!, ctx.precision, (v) => (v <= -3 ? 0 : v >= 3 ? 1 : v / 6 + 0.5));

/** d hardsigmoid from v = x: dy/6 strictly inside (−3, 3), else 0 (PyTorch's convention at the kinks). */
export const derivative: Derivative = (v, dy) => (v > -3 && v < 3 ? dy / 6 : 0);
