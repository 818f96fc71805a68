// Running statistics of a training-mode batch norm, updated on the device
// after each step as PyTorch does: running = (1 − m)·running + m·batch, with
// the unbiased batch variance. One invocation per channel: a batch norm has
// few channels, and this kernel is small next to the convolutions.
//
// The kernel is outside the node contract (it belongs to no IR node), so
// its bindings are `extra` bindings under keys the caller chooses
// (compiler/codegen/fusion/refs.ts): the bn node's input (read),
// running_mean and running_var (read_write, ranges of the flat parameter
// buffer). Fusion gives it the same prologue and view edits as any kernel
// (fusion/emit.ts, emitExtra). Generic code finds it as the kernel
// module's `runningUpdate` (ops/lowering.ts), from bn's runningState.

import { elementCount, type Shape } from "../../core/ir/graph.js";
import { f32, newKernel, wgsl, type KernelDesc } from "../../core/kernel/index.js";
import type { RunningUpdate } from "../lowering.js";
import { WG } from "../templates/wgsl.js";

export const runningUpdate: RunningUpdate = (inShape: Shape, momentum: number, keys): KernelDesc => {
  const [n, c] = [inShape[0]!, inShape[1] ?? 1];
  const inner = elementCount(inShape.slice(2));
  const m = n * inner;
  const unbias = m > 1 ? m / (m - 1) : 1;
  const k = newKernel();
  const x = k.extra(keys.input, { access: "read", hint: "b_x" });
  const mean = k.extra(keys.mean, { access: "read_write", hint: "b_mean" });
  const variance = k.extra(keys.variance, { access: "read_write", hint: "b_variance" });
  k.dispatch = [Math.max(1, Math.ceil(c / WG)), 1, 1];
  k.body = wgsl`@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let ch = gid.x;
  if (ch >= ${c}u) { return; }
  var sum = 0.0;
  for (var b = 0u; b < ${n}u; b++) {
    for (var k = 0u; k < ${inner}u; k++) { sum += ${x.at(`(b * ${c}u + ch) * ${inner}u + k`)}; }
  }
  let mu = sum / ${f32(m)};
  var sq = 0.0;
  for (var b = 0u; b < ${n}u; b++) {
    for (var k = 0u; k < ${inner}u; k++) {
      let d = ${x.at(`(b * ${c}u + ch) * ${inner}u + k`)} - mu;
      sq += d * d;
    }
  }
  ${mean.set("ch", wgsl`${f32(1 - momentum)} * ${mean.at("ch")} + ${f32(momentum)} * mu`)}
  ${variance.set("ch", wgsl`${f32(1 - momentum)} * ${variance.at("ch")} + ${f32(momentum)} * (sq / ${f32(m)}) * ${f32(unbias)}`)}
}`;
  return k.build();
};
