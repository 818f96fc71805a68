// Gradient clipping by global norm (the `clip_norm` setting), defined once
// for every backend, as torch.nn.utils.clip_grad_norm_ with norm_type 2:
//
//   norm  = √(Σ over every gradient element g²)        (accumulated in float64)
//   scale = min(1, maxNorm / (norm + 1e-6))
//   g ← g · scale                                      (in place, every gradient)
//
// Like PyTorch (error_if_nonfinite = false), a non-finite norm is not an
// error: an infinite norm gives scale 0 (so ∞·0 = NaN where the gradient was
// infinite), a NaN norm gives NaN everywhere. The returned norm is the one
// before clipping.

import type { Vec } from "./optimizers.js";

export const CLIP_EPS = 1e-6;

export function clipGradNorm(grads: ReadonlyMap<string, Vec>, maxNorm: number): { norm: number; scale: number } {
  if (!(maxNorm > 0) || !Number.isFinite(maxNorm)) throw new Error(`clipGradNorm: maxNorm must be a finite number > 0, got ${maxNorm}`);
  const list = [...grads.values()];
  let sum = 0;
  for (const g of list) for (let i = 0; i < g.length; i++) sum += g[i]! * g[i]!;
  const norm = Math.sqrt(sum);
  const scale = Math.min(1, maxNorm / (norm + CLIP_EPS));
  if (scale !== 1) for (const g of list) for (let i = 0; i < g.length; i++) g[i] = g[i]! * scale;
  return { norm, scale };
}
