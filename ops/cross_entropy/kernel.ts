// cross_entropy: −Σ_k q_k·log softmax(logits)_k with q = (1 − s)·onehot(label)
// + s/K, over logits [N, K] (label [N]) or [N, K, H, W] (label [N, H, W]),
// the mean over the batch and the positions: an unbatched scalar. One
// workgroup: each thread takes positions j = lid, lid + RWG, … (the stable
// log-sum-exp of its K logits), then a tree reduction in workgroup memory.
import type { Lowering } from "../lowering.js";
import { elementCount } from "../../core/ir/graph.js";
import { f32 } from "../templates/wgsl.js";
import { scalarSum } from "../templates/elementwise.js";

export const lower: Lowering = (ctx) => {
  const logits = ctx.inputs[0]!;
  const s = typeof ctx.attrs.smoothing === "number" ? ctx.attrs.smoothing : 0;
  const n = logits[0]!;
  const k = logits[1]!;
  const positions = elementCount(logits.slice(2));
  // Position j = b·P + p: logit c at (b·K + c)·P + p, label at j.
  const body = `    let base = (j / ${positions}u) * ${k * positions}u + j % ${positions}u;
    let t = u32(in1[j]);
    var m = in0[base];
    for (var c = 1u; c < ${k}u; c++) { m = max(m, in0[base + c * ${positions}u]); }
    var se = 0.0;
    for (var c = 0u; c < ${k}u; c++) { se += exp(in0[base + c * ${positions}u] - m); }
    let lse = m + log(se);
    var term = 0.0;
    for (var c = 0u; c < ${k}u; c++) {
      let q = select(0.0, ${f32(1 - s)}, c == t) + ${f32(s / k)};
      term -= q * (in0[base + c * ${positions}u] - lse);
    }`;
  return scalarSum(ctx, n * positions, body, n * positions);
};
