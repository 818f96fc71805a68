// Gradient of mean: dy/len at each of the len positions along the axis that
// mean averaged over (dy's own shape with that axis dropped or kept as 1).
// One divide per element of dx.

import { elementCount } from "../../core/ir/graph.js";
import type { OpDef } from "../contract.js";
import { dataGradFields } from "../grad_shared.js";
import { meanAttrs, meanShape } from "../shared/mean.js";

export const meanGrad: OpDef = {
  name: "mean_grad",
  doc: "Gradient of mean: dy / len spread along the averaged axis.",
  ...dataGradFields("mean", meanAttrs, meanShape, "any"),
  cost: (_ctx, out) => ({ macs: 0, flops: elementCount(out) }),
};
