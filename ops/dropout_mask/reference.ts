// dropout_mask: the inverted-dropout mask, keep ? 1/(1 − rate) : 0 with
// keep = dropoutKeep(seed, step, i) ≥ rate, i the flat index in the batched
// tensor and step the training step of the run.

import { numAttr } from "../contract.js";
import type { Kernel } from "../reference_kernel.js";
import { dropoutKeep } from "../../core/tensor/rng.js";
import { zeros } from "../../core/tensor/tensor.js";

export const kernel: Kernel = (inputs, attrs, _params, ctx) => {
  const x = inputs[0]!;
  const rate = numAttr(attrs, "rate");
  const seed = numAttr(attrs, "seed");
  const kept = 1 / (1 - rate);
  const mask = zeros(x.shape, ctx.precision);
  for (let i = 0; i < mask.data.length; i++) mask.data[i] = dropoutKeep(seed, ctx.step, i) >= rate ? kept : 0;
  return mask;
};
