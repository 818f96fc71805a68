// Learning-rate schedules of the training section (constant, step, cosine,
// each with an optional linear warm-up), defined once for every backend.
//
// `epoch` is 0-based and may be fractional: a loop that sets the rate once
// per epoch passes 0, 1, 2, …; one that sets it every optimizer step passes
// epoch + stepInEpoch / stepsPerEpoch. The rate is
//
//   lr(e) = warm(e) · s(e)
//
// Warm-up (W = `warmup` epochs, default 0):
//   warm(e) = (e + 1) / (W + 1)   for e < W,   1 from e = W on.
// With per-epoch stepping and W = 2 the first three epochs run at base/3,
// 2·base/3, base: never a zero rate (a wasted step), and the ramp meets the
// schedule continuously at e = W for fractional epochs too. W = 1 halves
// the first epoch.
//
// The schedule s(e):
//   constant  base
//   step      base · gamma^floor(e / every)     (e counted from the start of
//             training, warm-up included: every = 30 decays at epochs 30, 60…)
//   cosine    min_lr + (base − min_lr) · (1 + cos(π·t/T)) / 2
//             with t = clamp(e − W, 0, T) and T = totalEpochs − W, both
//             counted after warm-up, so s = base throughout warm-up and
//             s reaches min_lr at e = totalEpochs (as PyTorch's
//             CosineAnnealingLR with T_max = the post-warm-up epochs: the
//             last epoch, e = totalEpochs − 1, runs just above min_lr).
//             When warm-up fills the run (T ≤ 0), s = base.
// No schedule at all is `constant` without warm-up.

import type { Attrs, TrainSpec } from "../../core/ir/graph.js";

function num(attrs: Attrs, key: string, fallback: number | undefined, kind: string): number {
  const v = attrs[key];
  if (v === undefined || v === null) {
    if (fallback === undefined) throw new Error(`schedule ${kind}: missing '${key}'`);
    return fallback;
  }
  if (typeof v !== "number" || !Number.isFinite(v)) throw new Error(`schedule ${kind}: '${key}' must be a finite number`);
  return v;
}

/** The warm-up factor warm(e) above: (e + 1) / (W + 1) before epoch W, then 1. */
export function warmupFactor(epoch: number, warmup: number): number {
  return warmup > 0 && epoch < warmup ? (epoch + 1) / (warmup + 1) : 1;
}

export function learningRate(base: number, schedule: TrainSpec["schedule"] | undefined, epoch: number, totalEpochs: number): number {
  if (!Number.isFinite(epoch) || epoch < 0) throw new Error(`learningRate: epoch must be a finite number ≥ 0, got ${epoch}`);
  if (!schedule) return base;
  const a = schedule.attrs;
  const k = schedule.kind;
  const warmup = num(a, "warmup", 0, k);
  if (warmup < 0) throw new Error(`schedule ${k}: 'warmup' must be ≥ 0`);
  let s: number;
  switch (k) {
    case "constant":
      s = base;
      break;
    case "step": {
      const every = num(a, "every", undefined, k);
      if (every <= 0) throw new Error(`schedule step: 'every' must be > 0`);
      s = base * num(a, "gamma", 0.1, k) ** Math.floor(epoch / every);
      break;
    }
    case "cosine": {
      const minLr = num(a, "min_lr", 0, k);
      const T = totalEpochs - warmup;
      if (T <= 0) s = base;
      else {
        const t = Math.min(Math.max(epoch - warmup, 0), T);
        s = minLr + ((base - minLr) * (1 + Math.cos((Math.PI * t) / T))) / 2;
      }
      break;
    }
    default:
      throw new Error(`unknown schedule '${k}' (expected constant, step or cosine)`);
  }
  return warmupFactor(epoch, warmup) * s;
}
