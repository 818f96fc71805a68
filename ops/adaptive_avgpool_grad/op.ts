// Gradient of adaptive_avgpool, its adjoint: dy[c, i, j] divided by its
// window's size is added over the window [⌊i·H/oh⌋, ⌈(i+1)·H/oh⌉) ×
// (the same for columns). About one flop per input element, as the forward.

import { elementCount } from "../../core/ir/graph.js";
import type { OpDef } from "../contract.js";
import { dataGradFields } from "../grad_shared.js";
import { adaptiveAvgpoolAttrs, adaptiveAvgpoolShape } from "../shared/pool.js";

export const adaptiveAvgpoolGrad: OpDef = {
  name: "adaptive_avgpool_grad",
  doc: "Gradient of adaptive_avgpool: dy spread evenly over each adaptive window.",
  ...dataGradFields("adaptive_avgpool", adaptiveAvgpoolAttrs, adaptiveAvgpoolShape),
  cost: (_ctx, out) => ({ macs: 0, flops: elementCount(out) }),
};
