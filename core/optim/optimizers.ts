// The optimizers of the training section (sgd, adam, adamw), defined once
// for every backend: the reference executor runs them as they are, and a
// device backend must reproduce these updates (and may test against them).
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
//
// Arithmetic is float64; results are stored into the parameter's own array
// (so a Float32Array parameter rounds once per step). Optimizer state is
// kept in float64 whatever the parameter's precision.

import type { Attrs, ParamKind, Shape, TrainSpec } from "../ir/graph.js";

export type Vec = Float64Array | Float32Array;

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

export interface Optimizer {
  readonly hyper: OptimizerHyper;
  /** Updates `params` in place from `grads` with learning rate `lr` (the schedule's value for this step). */
  step(params: ReadonlyMap<string, Vec>, grads: ReadonlyMap<string, Vec>, lr: number): void;
  /**
   * A copy of the optimizer state, keyed "PARAM/momentum_buffer" (sgd with
   * momentum) or "PARAM/exp_avg", "PARAM/exp_avg_sq", "PARAM/step" (adam,
   * adamw; step is a one-element array). Parameters that have not stepped yet
   * have no entries, as in PyTorch.
   */
  state(): Map<string, Float64Array>;
  /** Replaces the whole state with a copy of one that `state()` returned. */
  loadState(state: ReadonlyMap<string, Float64Array>): void;
}

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

interface Slot {
  readonly param: OptimParam;
  readonly decayed: boolean;
}

export function createOptimizer(spec: TrainSpec["optimizer"], params: readonly OptimParam[]): Optimizer {
  const hyper = optimizerHyper(spec);
  const slots: Slot[] = [];
  const seen = new Set<string>();
  for (const p of params) {
    if (seen.has(p.name)) throw new Error(`optimizer: parameter '${p.name}' listed twice`);
    seen.add(p.name);
    if (!Number.isInteger(p.size) || p.size < 0) throw new Error(`optimizer: parameter '${p.name}' has size ${p.size}`);
    if (isUpdated(p)) slots.push({ param: p, decayed: isDecayed(p, hyper) });
  }
  const sizeOf = new Map(slots.map((s) => [s.param.name, s.param.size]));

  // Per-parameter state; absent until the parameter's first step.
  const buffers = new Map<string, Float64Array>(); // sgd momentum_buffer
  const expAvg = new Map<string, Float64Array>();
  const expAvgSq = new Map<string, Float64Array>();
  const steps = new Map<string, number>();

  function arrays(name: string, params: ReadonlyMap<string, Vec>, grads: ReadonlyMap<string, Vec>, size: number): { p: Vec; g: Vec } | undefined {
    const p = params.get(name);
    if (!p) throw new Error(`optimizer: no values for parameter '${name}'`);
    if (p.length !== size) throw new Error(`optimizer: parameter '${name}' has ${p.length} values, expected ${size}`);
    const g = grads.get(name);
    if (!g) return undefined;
    if (g.length !== size) throw new Error(`optimizer: gradient of '${name}' has ${g.length} values, expected ${size}`);
    return { p, g };
  }

  function step(params: ReadonlyMap<string, Vec>, grads: ReadonlyMap<string, Vec>, lr: number): void {
    if (!Number.isFinite(lr) || lr < 0) throw new Error(`optimizer: learning rate must be a finite number ≥ 0, got ${lr}`);
    for (const { param, decayed } of slots) {
      const pg = arrays(param.name, params, grads, param.size);
      if (!pg) continue;
      const { p, g } = pg;
      const n = param.size;
      if (hyper.kind === "sgd") {
        const wd = decayed ? hyper.weightDecay : 0;
        const mu = hyper.momentum;
        if (mu === 0) {
          for (let i = 0; i < n; i++) p[i] = p[i]! - lr * (g[i]! + wd * p[i]!);
          continue;
        }
        let buf = buffers.get(param.name);
        const first = buf === undefined;
        if (!buf) {
          buf = new Float64Array(n);
          buffers.set(param.name, buf);
        }
        for (let i = 0; i < n; i++) {
          const d = g[i]! + wd * p[i]!;
          const b = first ? d : mu * buf[i]! + d;
          buf[i] = b;
          p[i] = p[i]! - lr * (hyper.nesterov ? d + mu * b : b);
        }
        continue;
      }
      const { beta1, beta2, eps, weightDecay } = hyper;
      let m = expAvg.get(param.name);
      let v = expAvgSq.get(param.name);
      if (!m || !v) {
        m = new Float64Array(n);
        v = new Float64Array(n);
        expAvg.set(param.name, m);
        expAvgSq.set(param.name, v);
      }
      const t = (steps.get(param.name) ?? 0) + 1;
      steps.set(param.name, t);
      const l2 = hyper.kind === "adam" && decayed ? weightDecay : 0;
      const shrink = hyper.kind === "adamw" && decayed ? 1 - lr * weightDecay : 1;
      const stepSize = lr / (1 - beta1 ** t);
      const sqrtBc2 = Math.sqrt(1 - beta2 ** t);
      for (let i = 0; i < n; i++) {
        const pi = p[i]! * shrink;
        const gi = g[i]! + l2 * p[i]!;
        const mi = beta1 * m[i]! + (1 - beta1) * gi;
        const vi = beta2 * v[i]! + (1 - beta2) * gi * gi;
        m[i] = mi;
        v[i] = vi;
        p[i] = pi - (stepSize * mi) / (Math.sqrt(vi) / sqrtBc2 + eps);
      }
    }
  }

  function state(): Map<string, Float64Array> {
    const out = new Map<string, Float64Array>();
    for (const { param } of slots) {
      const name = param.name;
      const b = buffers.get(name);
      if (b) out.set(`${name}/momentum_buffer`, b.slice());
      const m = expAvg.get(name);
      const v = expAvgSq.get(name);
      if (m && v) {
        out.set(`${name}/exp_avg`, m.slice());
        out.set(`${name}/exp_avg_sq`, v.slice());
        out.set(`${name}/step`, Float64Array.of(steps.get(name) ?? 0));
      }
    }
    return out;
  }

  function loadState(s: ReadonlyMap<string, Float64Array>): void {
    const nb = new Map<string, Float64Array>();
    const nm = new Map<string, Float64Array>();
    const nv = new Map<string, Float64Array>();
    const ns = new Map<string, number>();
    const allowed = hyper.kind === "sgd" ? ["momentum_buffer"] : ["exp_avg", "exp_avg_sq", "step"];
    for (const [key, value] of s) {
      const cut = key.lastIndexOf("/");
      const name = key.slice(0, cut);
      const field = key.slice(cut + 1);
      const size = sizeOf.get(name);
      if (cut < 0 || size === undefined || !allowed.includes(field)) throw new Error(`optimizer ${hyper.kind}: unexpected state entry '${key}'`);
      const want = field === "step" ? 1 : size;
      if (value.length !== want) throw new Error(`optimizer ${hyper.kind}: state '${key}' has ${value.length} values, expected ${want}`);
      if (field === "momentum_buffer") nb.set(name, value.slice());
      else if (field === "exp_avg") nm.set(name, value.slice());
      else if (field === "exp_avg_sq") nv.set(name, value.slice());
      else {
        const t = value[0]!;
        if (!Number.isInteger(t) || t < 1) throw new Error(`optimizer ${hyper.kind}: state '${key}' must be a whole number ≥ 1, got ${t}`);
        ns.set(name, t);
      }
    }
    if (hyper.kind !== "sgd") {
      for (const name of new Set([...nm.keys(), ...nv.keys(), ...ns.keys()])) {
        if (!nm.has(name) || !nv.has(name) || !ns.has(name)) throw new Error(`optimizer ${hyper.kind}: state of '${name}' needs exp_avg, exp_avg_sq and step together`);
      }
    }
    buffers.clear();
    expAvg.clear();
    expAvgSq.clear();
    steps.clear();
    for (const [k, v] of nb) buffers.set(k, v);
    for (const [k, v] of nm) expAvg.set(k, v);
    for (const [k, v] of nv) expAvgSq.set(k, v);
    for (const [k, v] of ns) steps.set(k, v);
  }

  return { hyper, step, state, loadState };
}
