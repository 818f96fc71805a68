// cross_entropy_grad: the gradient of the weighted total with respect to the
// logits, weight·(softmax − q)/(N·E), E = H·W or 1, q the smoothed one-hot.

import { numAttr } from "../contract.js";
import type { Kernel } from "../reference_kernel.js";
import { elementCount } from "../../core/ir/graph.js";
import { zeros } from "../../core/tensor/tensor.js";

export const kernel: Kernel = (inputs, attrs, _params, ctx) => {
  const logits = inputs[0]!;
  const label = inputs[1]!;
  const s = typeof attrs.smoothing === "number" ? numAttr(attrs, "smoothing") : 0;
  const weight = numAttr(attrs, "weight");
  const n = logits.shape[0]!;
  const k = logits.shape[1]!;
  const positions = elementCount(logits.shape.slice(2));
  const scale = weight / (n * positions);
  const dx = zeros(logits.shape, ctx.precision);
  for (let b = 0; b < n; b++) {
    for (let p = 0; p < positions; p++) {
      const at = (j: number) => (b * k + j) * positions + p;
      const t = label.data[b * positions + p]!;
      if (!Number.isInteger(t) || t < 0 || t >= k) throw new Error(`cross_entropy_grad: label ${t} is not a class index in 0..${k - 1}`);
      let m = -Infinity;
      for (let j = 0; j < k; j++) m = Math.max(m, logits.data[at(j)]!);
      let sum = 0;
      for (let j = 0; j < k; j++) sum += Math.exp(logits.data[at(j)]! - m);
      for (let j = 0; j < k; j++) {
        const q = (j === t ? 1 - s : 0) + s / k;
        dx.data[at(j)] = scale * (Math.exp(logits.data[at(j)]! - m) / sum - q);
      }
    }
  }
  return dx;
};
