// The optimizers of the training section (sgd, adam, adamw) as specs: their
// hyperparameters, which parameters they update and decay, and (in
// state_layout.ts) the state they keep. Every backend implements these
// rules: the float64 optimizers of the reference training loop
// (host/training/optimizers.ts) and the fused device kernel
// (compiler/codegen/optimizer.ts), which may test against each other.
//
// Semantics follow PyTorch (torch.optim.SGD / Adam / AdamW, default
// arguments otherwise: dampening 0, amsgrad off, maximize off):
//
//   sgd    g' = g + wd·p                       (L2, only where decayed)
//          buf = g'            on a parameter's first step
//          buf = μ·buf + g'    afterwards      (only when μ > 0)
//          d = nesterov ? g' + μ·buf : buf     (d = g' when μ = 0)
//          p ← p − lr·d
//   adam   g' = g + wd·p                       (L2 added to the gradient)
//          t += 1; m = β1·m + (1−β1)·g'; v = β2·v + (1−β2)·g'²
//          p ← p − (lr / (1−β1^t)) · m / (√v / √(1−β2^t) + ε)
//   adamw  p ← p·(1 − lr·wd)                   (decoupled, with the current lr)
//          then the adam update with g' = g
//
// Which parameters are updated: those whose `trainable` is not false and
// whose kind is not "buffer". A trainable parameter missing from `grads` is
// skipped for that step, as PyTorch skips a parameter whose .grad is None:
// no decay, no state change, its step count does not advance.
//
// Which parameters are decayed (`decay_all = false`): every updated
// parameter except those `excludedFromDecay` names — kind "bias", a name
// ending in ".bias", or a shape of rank ≤ 1 (batch-norm and scale γ/β, PReLU
// slopes, every bias). This is the common "no weight decay for biases and
// norms" rule. With `decay_all = true` (the default) every updated parameter
// is decayed.

import type { Attrs, ParamKind, Shape, TrainSpec } from "../ir/graph.js";

/** What the optimizer needs to know of a parameter (a ParamInfo plus its size fits). */
export interface OptimParam {
  readonly name: string;
  readonly kind: ParamKind;
  /** Element count. */
  readonly size: number;
  /** When given, a rank ≤ 1 shape exempts the parameter from decay under `decay_all = false`. */
  readonly shape?: Shape;
  /** Default true; false (frozen layers) leaves the parameter untouched. */
  readonly trainable?: boolean;
}

/** The optimizer's hyperparameters with every default filled in. */
export type OptimizerHyper =
  | { readonly kind: "sgd"; readonly lr: number; readonly momentum: number; readonly nesterov: boolean; readonly weightDecay: number; readonly decayAll: boolean }
  | { readonly kind: "adam" | "adamw"; readonly lr: number; readonly beta1: number; readonly beta2: number; readonly eps: number; readonly weightDecay: number; readonly decayAll: boolean };

/** The rule `decay_all = false` applies: biases and rank ≤ 1 parameters (norm scales/shifts, PReLU slopes). */
export function excludedFromDecay(p: Pick<OptimParam, "name" | "kind" | "shape">): boolean {
  return p.kind === "bias" || p.name.endsWith(".bias") || (p.shape !== undefined && p.shape.length <= 1);
}

/** Whether the optimizer changes this parameter at all. */
export function isUpdated(p: Pick<OptimParam, "kind" | "trainable">): boolean {
  return p.kind !== "buffer" && p.trainable !== false;
}

/** Whether weight decay applies to this parameter under these hyperparameters. */
export function isDecayed(p: Pick<OptimParam, "name" | "kind" | "shape">, hyper: Pick<OptimizerHyper, "weightDecay" | "decayAll">): boolean {
  return hyper.weightDecay !== 0 && (hyper.decayAll || !excludedFromDecay(p));
}

function num(attrs: Attrs, key: string, fallback: number | undefined, kind: string): number {
  const v = attrs[key];
  if (v === undefined || v === null) {
    if (fallback === undefined) throw new Error(`optimizer ${kind}: missing '${key}'`);
    return fallback;
  }
  if (typeof v !== "number" || !Number.isFinite(v)) throw new Error(`optimizer ${kind}: '${key}' must be a finite number`);
  return v;
}

function bool(attrs: Attrs, key: string, fallback: boolean, kind: string): boolean {
  const v = attrs[key];
  if (v === undefined || v === null) return fallback;
  if (typeof v !== "boolean") throw new Error(`optimizer ${kind}: '${key}' must be a boolean`);
  return v;
}

/** Reads the hyperparameters; defaults are those of compiler/elaborate/train.ts (elaboration fills them in already). */
export function optimizerHyper(spec: TrainSpec["optimizer"]): OptimizerHyper {
  const a = spec.attrs;
  const k = spec.kind;
  switch (k) {
    case "sgd":
      return { kind: k, lr: num(a, "lr", undefined, k), momentum: num(a, "momentum", 0, k), nesterov: bool(a, "nesterov", false, k), weightDecay: num(a, "weight_decay", 0, k), decayAll: bool(a, "decay_all", true, k) };
    case "adam":
    case "adamw":
      return { kind: k, lr: num(a, "lr", 1e-3, k), beta1: num(a, "beta1", 0.9, k), beta2: num(a, "beta2", 0.999, k), eps: num(a, "eps", 1e-8, k), weightDecay: num(a, "weight_decay", k === "adamw" ? 0.01 : 0, k), decayAll: bool(a, "decay_all", true, k) };
    default:
      throw new Error(`unknown optimizer '${k}' (expected sgd, adam or adamw)`);
  }
}
