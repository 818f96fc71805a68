// The float64 optimizers of the reference training loop (loop.ts): the
// rules of core/optim/optimizers.ts (PyTorch's SGD, Adam, AdamW) run as they
// are, on host arrays. The device's fused kernel must reproduce these
// updates (and its tests check it against them).
//
// Arithmetic is float64; results are stored into the parameter's own array
// (so a Float32Array parameter rounds once per step). Optimizer state is
// kept in float64 whatever the parameter's precision. State entries are
// keyed as checkpoints key them (core/optim/state_layout.ts).

import type { TrainSpec } from "../../core/ir/graph.js";
import { isDecayed, isUpdated, optimizerHyper, type OptimizerHyper, type OptimParam } from "../../core/optim/optimizers.js";
import { optimizerStateLayout, parseStateKey, stateFields, stateKey, STEP_COUNT_FIELD } from "../../core/optim/state_layout.js";

export type Vec = Float64Array | Float32Array;

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
      if (b) out.set(stateKey(name, "momentum_buffer"), b.slice());
      const m = expAvg.get(name);
      const v = expAvgSq.get(name);
      if (m && v) {
        out.set(stateKey(name, "exp_avg"), m.slice());
        out.set(stateKey(name, "exp_avg_sq"), v.slice());
        out.set(stateKey(name, STEP_COUNT_FIELD), Float64Array.of(steps.get(name) ?? 0));
      }
    }
    return out;
  }

  function loadState(s: ReadonlyMap<string, Float64Array>): void {
    const nb = new Map<string, Float64Array>();
    const nm = new Map<string, Float64Array>();
    const nv = new Map<string, Float64Array>();
    const ns = new Map<string, number>();
    // Whatever state this kind may keep (SGD's momentum_buffer even when μ = 0), and Adam's t.
    const allowed: readonly string[] = [...stateFields(hyper.kind), ...(optimizerStateLayout(hyper).countsSteps ? [STEP_COUNT_FIELD] : [])];
    for (const [key, value] of s) {
      const at = parseStateKey(key);
      const size = at && sizeOf.get(at.param);
      if (!at || size === undefined || !allowed.includes(at.field)) throw new Error(`optimizer ${hyper.kind}: unexpected state entry '${key}'`);
      const { param: name, field } = at;
      const want = field === STEP_COUNT_FIELD ? 1 : size;
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
