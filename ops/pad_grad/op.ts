// Gradient of pad: dx[c, h, w] sums dy over every output pixel that read
// x[c, h, w]: the interior one for zeros; for reflect also its mirror images
// in the borders (at most 3 per axis); for replicate an edge pixel also
// gets the whole border run beside it. Its cost counts those adds.

import { elementCount } from "../../core/ir/graph.js";
import type { OpDef } from "../contract.js";
import { dataGradFields } from "../grad_shared.js";
import { padAttrs, padMode, padShape } from "../shared/pad.js";

export const padGrad: OpDef = {
  name: "pad_grad",
  doc: "Gradient of pad: each input pixel sums dy over the output pixels that read it.",
  ...dataGradFields("pad", padAttrs, padShape),
  // Zeros is a copy; otherwise each border pixel of dy is added once to the pixel it read.
  cost: (ctx, out) => ({ macs: 0, flops: padMode(ctx.attrs) === "zeros" ? 0 : elementCount(ctx.inputs[0]!) - elementCount(out) }),
};
