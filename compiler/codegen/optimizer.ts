// The fused optimizer: one kernel updates every trained parameter in the
// flat parameter buffer from the flat gradient buffer (runtime/webgpu/
// layout.ts). The rules are core/optim/optimizers.ts's, PyTorch's;
// hyperparameters are baked in, and the per-step values (learning rate and
// Adam's bias corrections) come from the step buffer written once a step.
//
// Its bindings, the state planes and the step values are those of
// core/optim/state_layout.ts: params (read_write, the trained range), grads
// (read), state (read_write: a plane per state field, each trainedLength
// floats; absent for plain SGD) and step (read). A program binds its
// buffers in the layout's order, with no gaps (program.ts).

import type { OptimizerHyper } from "../../core/optim/optimizers.js";
import { optimizerBinding, optimizerStateLayout, STEP_VALUE, type OptimizerBinding, type StepValue, type OptimizerStateLayout, type StateField } from "../../core/optim/state_layout.js";
import { f32, WG } from "../../ops/templates/wgsl.js";

export interface OptimizerKernel {
  readonly code: string;
  readonly dispatch: readonly [number, number, number];
  /** The state it keeps and the order of its bindings. */
  readonly layout: OptimizerStateLayout;
}

export function emitOptimizer(h: OptimizerHyper, trainedLength: number, decayedLength: number, maxWorkgroups = 65535): OptimizerKernel {
  const groups = Math.max(1, Math.ceil(trainedLength / WG));
  const dispatch: [number, number, number] = groups <= maxWorkgroups ? [groups, 1, 1] : [maxWorkgroups, Math.ceil(groups / maxWorkgroups), 1];
  const layout = optimizerStateLayout(h);
  const binding = (role: OptimizerBinding) => optimizerBinding(layout, role);
  // Field f of float i: its plane's offset plus i.
  const at = (field: StateField) => {
    const plane = layout.fields.indexOf(field);
    if (plane < 0) throw new Error(`internal: ${h.kind} keeps no ${field}`);
    return plane === 0 ? "s[i]" : `s[i + ${plane * trainedLength}u]`;
  };
  const stepValue = (name: StepValue) => `step[${STEP_VALUE[name]}]`;
  const head = `@group(0) @binding(${binding("params")}) var<storage, read_write> p: array<f32>;
@group(0) @binding(${binding("grads")}) var<storage, read> g: array<f32>;
${layout.fields.length > 0 ? `@group(0) @binding(${binding("state")}) var<storage, read_write> s: array<f32>;` : ""}
@group(0) @binding(${binding("step")}) var<storage, read> step: array<f32>;
@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x + gid.y * ${dispatch[0] * WG}u;
  if (i >= ${trainedLength}u) { return; }
  let lr = ${stepValue("lr")};
  // Decayed parameters come first in the buffer: one boundary decides.
  let decayed = i < ${decayedLength}u;
  var w = p[i];
  var grad = g[i];`;
  if (h.kind === "sgd") {
    const mu = h.momentum;
    const body = layout.fields.length > 0
      ? `  let buf = ${f32(mu)} * ${at("momentum_buffer")} + grad;
  ${at("momentum_buffer")} = buf;
  let d = ${h.nesterov ? `grad + ${f32(mu)} * buf` : "buf"};`
      : `  let d = grad;`;
    return {
      code: `${head}
  if (decayed) { grad = grad + ${f32(h.weightDecay)} * w; }
${body}
  p[i] = w - lr * d;
}`,
      dispatch,
      layout,
    };
  }
  const decoupled = h.kind === "adamw";
  return {
    code: `${head}
  if (decayed) {
    ${decoupled ? `w = w * (1.0 - lr * ${f32(h.weightDecay)});` : `grad = grad + ${f32(h.weightDecay)} * w;`}
  }
  let m = ${f32(h.beta1)} * ${at("exp_avg")} + ${f32(1 - h.beta1)} * grad;
  let v = ${f32(h.beta2)} * ${at("exp_avg_sq")} + ${f32(1 - h.beta2)} * grad * grad;
  ${at("exp_avg")} = m;
  ${at("exp_avg_sq")} = v;
  p[i] = w - (lr / ${stepValue("biasCorrection1")}) * m / (sqrt(v) / sqrt(${stepValue("biasCorrection2")}) + ${f32(h.eps)});
}`,
    dispatch,
    layout,
  };
}
