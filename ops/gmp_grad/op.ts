// Gradient of gmp: dy[c] at the first maximum of channel c (scan order rows,
// then columns), zero elsewhere. One compare per input element to find the
// maximum again.

import { elementCount } from "../../core/ir/graph.js";
import { noParams, pointwise, type OpDef } from "../contract.js";
import { xGradShape } from "../grad_shared.js";
import { globalPoolShape } from "../shared/pool.js";

export const gmpGrad: OpDef = {
  name: "gmp_grad",
  doc: "Gradient of gmp: dy[c] at the first maximum of each channel.",
  arity: 2,
  batched: "always",
  role: "backward",
  attrs: {},
  inferShape: (ctx) => xGradShape(globalPoolShape, "gmp", ctx),
  params: noParams,
  cost: (_ctx, out) => ({ macs: 0, flops: elementCount(out) }),
  spatial: () => pointwise,
};
