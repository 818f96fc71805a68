// cross_entropy: −Σ_k q_k·log softmax(logits)_k with q = (1 − s)·onehot(label)
// + s/K, over logits [K] (label []) or [K, H, W] (label [H, W]), the mean over
// the batch and the H·W positions. Unbatched scalar [].

import { numAttr } from "../contract.js";
import type { Kernel } from "../reference_kernel.js";
import { elementCount } from "../../core/ir/graph.js";
import { zeros } from "../../core/tensor/tensor.js";

export const kernel: Kernel = (inputs, attrs, _params, ctx) => {
  const logits = inputs[0]!;
  const label = inputs[1]!;
  const s = typeof attrs.smoothing === "number" ? numAttr(attrs, "smoothing") : 0;
  const n = logits.shape[0]!;
  const k = logits.shape[1]!;
  const positions = elementCount(logits.shape.slice(2));
  let total = 0;
  for (let b = 0; b < n; b++) {
    for (let p = 0; p < positions; p++) {
      const at = (j: number) => (b * k + j) * positions + p;
      const t = label.data[b * positions + p]!;
      if (!Number.isInteger(t) || t < 0 || t >= k) throw new Error(`cross_entropy: label ${t} is not a class index in 0..${k - 1}`);
      let m = -Infinity;
      for (let j = 0; j < k; j++) m = Math.max(m, logits.data[at(j)]!);
      let sum = 0;
      for (let j = 0; j < k; j++) sum += Math.exp(logits.data[at(j)]! - m);
      const lse = m + Math.log(sum);
      for (let j = 0; j < k; j++) {
        const q = (j === t ? 1 - s : 0) + s / k;
        total -= q * (logits.data[at(j)]! - lse);
      }
    }
  }
  const out = zeros([], ctx.precision);
  out.data[0] = total / (n * positions);
  return out;
};
