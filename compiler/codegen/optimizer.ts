// The fused optimizer: one kernel updates every trained parameter in the
// flat parameter buffer from the flat gradient buffer (core/params/
// layout.ts). The rules are PyTorch's (their float64 twin: host/training/optimizers.ts);
// hyperparameters are baked in, and the per-step values (learning rate and
// Adam's bias corrections) come from the step buffer written once a step.
//
// Its bindings, the state planes and the step values are those of
// core/optim/state_layout.ts: params (read_write, the trained range), grads
// (read), state (read_write: a plane per state field, each trainedLength
// floats; absent for plain SGD) and step (read), declared as `extra`
// bindings in the layout's order; a program binds its buffers in that
// order, with no gaps (program.ts).

import { newKernel, renderWgsl, wgsl, type Binding, type Code } from "../../core/kernel/index.js";
import type { OptimizerHyper } from "../../core/optim/optimizers.js";
import { optimizerStateLayout, STEP_VALUE, type OptimizerBinding, type StepValue, type OptimizerStateLayout, type StateField } from "../../core/optim/state_layout.js";
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
  // Bindings in the layout's order (the program binds its ranges in that order).
  const k = newKernel();
  const access = { params: "read_write", grads: "read", state: "read_write", step: "read" } as const;
  const bound = new Map<OptimizerBinding, Binding>();
  for (const role of layout.bindings) bound.set(role, k.extra(role, { access: access[role], hint: `b_${role}` }));
  const b = (role: OptimizerBinding): Binding => {
    const x = bound.get(role);
    if (!x) throw new Error(`internal: ${h.kind} binds no ${role}`);
    return x;
  };
  // Field f of float i: its plane's offset plus i.
  const index = (field: StateField): string => {
    const plane = layout.fields.indexOf(field);
    if (plane < 0) throw new Error(`internal: ${h.kind} keeps no ${field}`);
    return plane === 0 ? "i" : `i + ${plane * trainedLength}u`;
  };
  const state = (field: StateField): Code => [b("state").at(index(field))];
  const setState = (field: StateField, value: string): Code => [b("state").set(index(field), value)];
  const stepValue = (name: StepValue): Code => [b("step").at(String(STEP_VALUE[name]))];
  const head = wgsl`@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x + gid.y * ${dispatch[0] * WG}u;
  if (i >= ${trainedLength}u) { return; }
  let lr = ${stepValue("lr")};
  // Decayed parameters come first in the buffer: one boundary decides.
  let decayed = i < ${decayedLength}u;
  var w = ${b("params").at("i")};
  var grad = ${b("grads").at("i")};`;
  if (h.kind === "sgd") {
    const mu = h.momentum;
    const body = layout.fields.length > 0
      ? wgsl`  let buf = ${f32(mu)} * ${state("momentum_buffer")} + grad;
  ${setState("momentum_buffer", "buf")}
  let d = ${h.nesterov ? `grad + ${f32(mu)} * buf` : "buf"};`
      : wgsl`  let d = grad;`;
    k.body = wgsl`${head}
  if (decayed) { grad = grad + ${f32(h.weightDecay)} * w; }
${body}
  ${b("params").set("i", "w - lr * d")}
}`;
  } else {
    const decoupled = h.kind === "adamw";
    k.body = wgsl`${head}
  if (decayed) {
    ${decoupled ? `w = w * (1.0 - lr * ${f32(h.weightDecay)});` : `grad = grad + ${f32(h.weightDecay)} * w;`}
  }
  let m = ${f32(h.beta1)} * ${state("exp_avg")} + ${f32(1 - h.beta1)} * grad;
  let v = ${f32(h.beta2)} * ${state("exp_avg_sq")} + ${f32(1 - h.beta2)} * grad * grad;
  ${setState("exp_avg", "m")}
  ${setState("exp_avg_sq", "v")}
  ${b("params").set("i", wgsl`w - (lr / ${stepValue("biasCorrection1")}) * m / (sqrt(v) / sqrt(${stepValue("biasCorrection2")}) + ${f32(h.eps)})`)}
}`;
  }
  k.dispatch = dispatch;
  return { code: renderWgsl(k.build()), dispatch, layout };
}
