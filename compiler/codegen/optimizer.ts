// The fused optimizer: one kernel updates every trained parameter in the
// flat parameter buffer from the flat gradient buffer (runtime/webgpu/
// layout.ts). The rules are core/optim/optimizers.ts's, PyTorch's;
// hyperparameters are baked in, and the per-step values (learning rate and
// Adam's bias corrections) come from a 4-float buffer written once a step.
//
// Bindings: 0 params (read_write, the trained range), 1 grads (read),
// 2 state (read_write: momentum, or Adam's m then v), 3 step values (read:
// lr, t, 1 − β1^t, 1 − β2^t). With plain SGD (no momentum) there is no
// state, and the step values are binding 2: a program binds its buffers in
// order, with no gaps (program.ts).

import type { OptimizerHyper } from "../../core/optim/optimizers.js";
import { f32, WG } from "../../ops/templates/wgsl.js";

export interface OptimizerKernel {
  readonly code: string;
  readonly dispatch: readonly [number, number, number];
  /** Floats of state per trained float: 0 (plain SGD), 1 (momentum), 2 (Adam). */
  readonly stateSlots: number;
}

export function emitOptimizer(h: OptimizerHyper, trainedLength: number, decayedLength: number, maxWorkgroups = 65535): OptimizerKernel {
  const groups = Math.max(1, Math.ceil(trainedLength / WG));
  const dispatch: [number, number, number] = groups <= maxWorkgroups ? [groups, 1, 1] : [maxWorkgroups, Math.ceil(groups / maxWorkgroups), 1];
  const head = (state: boolean) => `@group(0) @binding(0) var<storage, read_write> p: array<f32>;
@group(0) @binding(1) var<storage, read> g: array<f32>;
${state ? "@group(0) @binding(2) var<storage, read_write> s: array<f32>;" : ""}
@group(0) @binding(${state ? 3 : 2}) var<storage, read> step: array<f32>;
@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x + gid.y * ${dispatch[0] * WG}u;
  if (i >= ${trainedLength}u) { return; }
  let lr = step[0];
  // Decayed parameters come first in the buffer: one boundary decides.
  let decayed = i < ${decayedLength}u;
  var w = p[i];
  var grad = g[i];`;
  if (h.kind === "sgd") {
    const mu = h.momentum;
    const body = mu > 0
      ? `  let buf = ${f32(mu)} * s[i] + grad;
  s[i] = buf;
  let d = ${h.nesterov ? `grad + ${f32(mu)} * buf` : "buf"};`
      : `  let d = grad;`;
    return {
      code: `${head(mu > 0)}
  if (decayed) { grad = grad + ${f32(h.weightDecay)} * w; }
${body}
  p[i] = w - lr * d;
}`,
      dispatch,
      stateSlots: mu > 0 ? 1 : 0,
    };
  }
  const decoupled = h.kind === "adamw";
  return {
    code: `${head(true)}
  if (decayed) {
    ${decoupled ? `w = w * (1.0 - lr * ${f32(h.weightDecay)});` : `grad = grad + ${f32(h.weightDecay)} * w;`}
  }
  let m = ${f32(h.beta1)} * s[i] + ${f32(1 - h.beta1)} * grad;
  let v = ${f32(h.beta2)} * s[i + ${trainedLength}u] + ${f32(1 - h.beta2)} * grad * grad;
  s[i] = m;
  s[i + ${trainedLength}u] = v;
  p[i] = w - (lr / step[2]) * m / (sqrt(v) / sqrt(step[3]) + ${f32(h.eps)});
}`,
    dispatch,
    stateSlots: 2,
  };
}
