// Gradient of gap: dy[c] / (H·W) at every pixel of channel c. One flop per
// input element (the divide is per channel; the broadcast counted as one).

import { elementCount } from "../../core/ir/graph.js";
import type { OpDef } from "../contract.js";
import { dataGradFields } from "../grad_shared.js";
import { globalPoolShape } from "../shared/pool.js";

export const gapGrad: OpDef = {
  name: "gap_grad",
  doc: "Gradient of gap: dy[c] / (H·W) at every pixel.",
  ...dataGradFields("gap", {}, globalPoolShape),
  cost: (_ctx, out) => ({ macs: 0, flops: elementCount(out) }),
};
