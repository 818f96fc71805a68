// Colours by op family, so that a picture reads at a glance: convolutions
// amber, dense layers rose, normalisation green, activations violet,
// pooling sky blue, merges orange, reshaping grey. An op's own facts decide
// where they can (a loss, an activation autodiff differentiates by its
// derivative, an op with running statistics); a short table names the rest,
// and an op it does not know is drawn in the neutral family.

import { lookupOp } from "../../ops/registry.js";
import type { NodeRole } from "./view.js";

export type Family = "input" | "output" | "loss" | "conv" | "dense" | "norm" | "activation" | "pool" | "merge" | "shape" | "block";

/** Fill and border colours: light fills, so that the black labels keep their contrast. */
export interface Palette {
  readonly fill: string;
  readonly border: string;
}

export const PALETTE: Readonly<Record<Family, Palette>> = {
  input: { fill: "#dbeafe", border: "#1d4ed8" },
  output: { fill: "#ccfbf1", border: "#0f766e" },
  loss: { fill: "#ffe4e6", border: "#be123c" },
  conv: { fill: "#fef3c7", border: "#b45309" },
  dense: { fill: "#fce7f3", border: "#be185d" },
  norm: { fill: "#dcfce7", border: "#15803d" },
  activation: { fill: "#ede9fe", border: "#6d28d9" },
  pool: { fill: "#e0f2fe", border: "#0369a1" },
  merge: { fill: "#ffedd5", border: "#c2410c" },
  shape: { fill: "#f3f4f6", border: "#4b5563" },
  block: { fill: "#f5f5f4", border: "#44403c" },
};

const BY_NAME: Readonly<Record<string, Family>> = {
  conv: "conv",
  conv_transpose: "conv",
  dense: "dense",
  matmul: "dense",
  embedding: "dense",
  bn: "norm",
  layernorm: "norm",
  lrn: "norm",
  softmax: "activation",
  prelu: "activation",
  maxpool: "pool",
  avgpool: "pool",
  adaptive_avgpool: "pool",
  gap: "pool",
  gmp: "pool",
  mean: "pool",
  add: "merge",
  sub: "merge",
  mul: "merge",
  concat: "merge",
  weighted_sum: "merge",
  channel_scale: "merge",
  scale: "merge",
  affine: "merge",
};

/** The family of a forward op (a backward op is drawn in the family of the op it differentiates: see dot.ts). */
export function familyOf(op: string, role: NodeRole): Family {
  if (role === "input" || role === "label") return "input";
  if (role === "output") return "output";
  if (role === "loss") return "loss";
  if (role === "block") return "block";
  const named = BY_NAME[op];
  if (named) return named;
  const def = lookupOp(op);
  if (def?.role === "loss") return "loss";
  if (def?.derivative) return "activation";
  if (def?.runningState) return "norm";
  // Gradient ops are named after their forward op (conv_grad_input, maxpool_grad, ...).
  const base = op.match(/^(.*?)_grad(?:_|$)/)?.[1];
  if (base && BY_NAME[base]) return BY_NAME[base]!;
  if (op === "unary_grad") return "activation";
  return "shape";
}
