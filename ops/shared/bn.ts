// Batch norm's attributes, shared by bn (ops/bn/) and its gradient ops
// (bn_grad_input, bn_grad_weight), which take its eps, mode and affine.

import type { AttrSpec } from "../contract.js";

export const bnAttrs = {
  eps: { type: "float", above: 0, default: 1e-5, doc: "added to the variance for stability" },
  momentum: { type: "float", min: 0, max: 1, default: 0.1, doc: "weight of the new batch in the running statistics" },
  affine: { type: "bool", default: true, doc: "learn a per-channel scale and shift" },
  training: { type: "bool", default: false, internal: true, doc: "normalise with batch statistics (the training graph sets it)" },
} satisfies Readonly<Record<string, AttrSpec>>;

/**
 * The attributes both BN gradients take. bn_grad_weight does not use
 * affine (γ's gradient exists only with affine) but accepts it, so that
 * both take the same attributes.
 */
export const bnGradAttrs: Readonly<Record<string, AttrSpec>> = {
  eps: bnAttrs.eps,
  training: bnAttrs.training,
  affine: bnAttrs.affine,
};
