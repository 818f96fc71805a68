// Gradient of slice: dy placed at [start, end) along the axis of a zero
// tensor of the forward input's shape. A copy: no flops.

import type { OpDef } from "../contract.js";
import { dataGradFields } from "../grad_shared.js";
import { sliceAttrs, sliceShape } from "../shared/slice.js";

export const sliceGrad: OpDef = {
  name: "slice_grad",
  doc: "Gradient of slice: dy at [start, end) along the axis, zeros elsewhere.",
  ...dataGradFields("slice", sliceAttrs, sliceShape, "any"),
  cost: () => ({ macs: 0, flops: 0 }),
};
