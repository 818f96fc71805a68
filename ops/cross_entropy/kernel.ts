// cross_entropy: −Σ_k q_k·log softmax(logits)_k with q = (1 − s)·onehot(label)
// + s/K, over logits [N, K] (label [N]) or [N, K, H, W] (label [N, H, W]),
// the mean over the batch and the positions: an unbatched scalar. One
// workgroup: each thread takes positions j = lid, lid + RWG, … (the stable
// log-sum-exp of its K logits), then a tree reduction in workgroup memory.
import type { Lowering } from "../lowering.js";
import { f32, newKernel, wgsl, type Binding } from "../../core/kernel/index.js";
import { crossEntropySizes } from "../templates/cross_entropy.js";
import { declareInputs, scalarSum } from "../templates/elementwise.js";

export const lower: Lowering = (ctx) => {
  const { n, classes, positions, s } = crossEntropySizes(ctx);
  // Position j = b·P + p: logit c at (b·K + c)·P + p, label at j.
  const k = newKernel();
  const [x, label] = declareInputs(k, ctx) as [Binding, Binding];
  const logit = x.at(`base + c * ${positions}u`);
  const body = wgsl`    let base = (j / ${positions}u) * ${classes * positions}u + j % ${positions}u;
    let t = u32(${label.at("j")});
    var m = ${x.at("base")};
    for (var c = 1u; c < ${classes}u; c++) { m = max(m, ${logit}); }
    var se = 0.0;
    for (var c = 0u; c < ${classes}u; c++) { se += exp(${logit} - m); }
    let lse = m + log(se);
    var term = 0.0;
    for (var c = 0u; c < ${classes}u; c++) {
      let q = select(0.0, ${f32(1 - s)}, c == t) + ${f32(s / classes)};
      term -= q * (${logit} - lse);
    }`;
  return scalarSum(k, n * positions, body, n * positions);
};
