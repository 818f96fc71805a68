// affine: y = scale·x / divisor + shift, elementwise, in float64.

import type { Kernel } from "../reference_kernel.js";
import { numAttr } from "../contract.js";
import { mapElements } from "../shared/reference_elementwise.js";

export const kernel: Kernel = (inputs, attrs, _params, ctx) => {
  const [scale, divisor, shift] = [numAttr(attrs, "scale"), numAttr(attrs, "divisor"), numAttr(attrs, "shift")];
  return mapElements(inputs[0]!, ctx.precision, (v) => (scale * v) / divisor + shift);
};
