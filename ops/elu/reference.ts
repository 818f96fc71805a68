// elu: y = x > 0 ? x : α·(eˣ − 1), elementwise (eˣ − 1 as expm1).

import { numAttr } from "../contract.js";
import type { Derivative, Kernel } from "../reference_kernel.js";
import { mapElements } from "../shared/reference_elementwise.js";

export const kernel: Kernel = (inputs, attrs, _params, ctx) => {
  const alpha = numAttr(attrs, "alpha");
  return mapElements(inputs[0]!, ctx.precision, (v) => (v > 0 ? v : alpha * Math.expm1(v)));
};

/** d elu from v = x: dy for x > 0, dy·α·eˣ otherwise. */
export const derivative: Derivative = (v, dy, attrs) => (v > 0 ? dy : dy * numAttr(attrs, "alpha") * Math.exp(v));
