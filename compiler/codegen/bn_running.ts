// Running statistics of a training-mode batch norm, updated on the device
// after each step as PyTorch does: running = (1 − m)·running + m·batch, with
// the unbiased batch variance. One invocation per channel: a batch norm has
// few channels, and this kernel is small next to the convolutions.
//
// Bindings: 0 the bn node's input (read), 1 running_mean, 2 running_var
// (read_write, ranges of the flat parameter buffer).

import { elementCount } from "../../core/ir/graph.js";
import { f32, WG } from "../../ops/templates/wgsl.js";

export function emitBnRunningUpdate(inShape: readonly number[], momentum: number): { code: string; dispatch: readonly [number, number, number] } {
  const [n, c] = [inShape[0]!, inShape[1] ?? 1];
  const inner = elementCount(inShape.slice(2));
  const m = n * inner;
  const unbias = m > 1 ? m / (m - 1) : 1;
  const code = `@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> mean: array<f32>;
@group(0) @binding(2) var<storage, read_write> variance: array<f32>;
@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let ch = gid.x;
  if (ch >= ${c}u) { return; }
  var sum = 0.0;
  for (var b = 0u; b < ${n}u; b++) {
    for (var k = 0u; k < ${inner}u; k++) { sum += x[(b * ${c}u + ch) * ${inner}u + k]; }
  }
  let mu = sum / ${f32(m)};
  var sq = 0.0;
  for (var b = 0u; b < ${n}u; b++) {
    for (var k = 0u; k < ${inner}u; k++) {
      let d = x[(b * ${c}u + ch) * ${inner}u + k] - mu;
      sq += d * d;
    }
  }
  mean[ch] = ${f32(1 - momentum)} * mean[ch] + ${f32(momentum)} * mu;
  variance[ch] = ${f32(1 - momentum)} * variance[ch] + ${f32(momentum)} * (sq / ${f32(m)}) * ${f32(unbias)};
}`;
  return { code, dispatch: [Math.max(1, Math.ceil(c / WG)), 1, 1] };
}
