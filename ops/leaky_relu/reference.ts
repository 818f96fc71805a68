// leaky_relu: y = x > 0 ? x : α·x, elementwise.

import { numAttr } from "../contract.js";
import type { Derivative, Kernel } from "../reference_kernel.js";
import { mapElements } from "../shared/reference_elementwise.js";

export const kernel: Kernel = (inputs, attrs, _params, ctx) => {
  const alpha = numAttr(attrs, "alpha");
  return mapElements(inputs[0]!, ctx.precision, (v) => (v > 0 ? v : alpha * v));
};

/** d leaky_relu: dy for positive v (y, of x's sign for α > 0), α·dy otherwise. */
export const derivative: Derivative = (v, dy, attrs) => (v > 0 ? dy : dy * numAttr(attrs, "alpha"));
