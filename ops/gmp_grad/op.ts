// Gradient of gmp: dy[c] at the first maximum of channel c (scan order rows,
// then columns), zero elsewhere. One compare per input element to find the
// maximum again.

import { elementCount } from "../../core/ir/graph.js";
import { expectCHW, noParams, pointwise, type OpDef } from "../contract.js";
import { gmp } from "../gmp/op.js";
import { expectDy, forward } from "../grad_shared.js";

export const gmpGrad: OpDef = {
  name: "gmp_grad",
  doc: "Gradient of gmp: dy[c] at the first maximum of each channel.",
  arity: 2,
  batched: "always",
  role: "backward",
  attrs: {},
  inferShape(ctx) {
    const x = ctx.inputs[0]!;
    expectCHW(x, "x");
    expectDy(ctx.inputs[1]!, forward(gmp, x, ctx.attrs).out, "gmp");
    return x;
  },
  params: noParams,
  cost: (_ctx, out) => ({ macs: 0, flops: elementCount(out) }),
  spatial: () => pointwise,
};
