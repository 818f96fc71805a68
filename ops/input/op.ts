// A network input. Its shape is per sample (the batch is implicit); it has
// no cost and no parameters, and it is where receptive fields start.

import { noParams, pointwise, type OpDef } from "../contract.js";

export const input: OpDef = {
  name: "input",
  doc: "A named network input of a fixed per-sample shape.",
  arity: 0,
  batched: "always",
  attrs: {
    shape: { type: "ints", min: 1, doc: "per-sample shape, batch excluded" },
    dtype: { type: "string", default: "f32", oneOf: ["f32", "i32"], doc: "element type" },
  },
  inferShape: (ctx) => ctx.attrs.shape as readonly number[],
  params: noParams,
  cost: () => ({ macs: 0, flops: 0 }),
  spatial: () => pointwise,
};
