// The mask of inverted dropout in training: keep ? 1/(1−rate) : 0 with
// keep = dropoutKeep(seed, step, i) ≥ rate (core/tensor/rng.ts), i the
// flat index in the batched tensor. The training graph multiplies x by it,
// so the gradient is the `mul` rule. One draw and compare per element.

import { elementCount } from "../../core/ir/graph.js";
import { noParams, pointwise, type OpDef } from "../contract.js";
import { dropoutAttrs, dropoutShape } from "../shared/dropout.js";

export const dropoutMask: OpDef = {
  name: "dropout_mask",
  doc: "Inverted-dropout mask of x's shape: 1/(1−rate) where kept, 0 where dropped.",
  arity: 1,
  batched: "always",
  role: "backward",
  attrs: {
    ...dropoutAttrs,
    seed: { type: "int", min: 0, default: 0, doc: "random seed; the step and element index vary the draw" },
  },
  // dropout's rule: a rate of 1 would divide by zero.
  inferShape: dropoutShape,
  params: noParams,
  cost: (_ctx, out) => ({ macs: 0, flops: elementCount(out) }),
  spatial: () => pointwise,
};
