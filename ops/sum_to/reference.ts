// sum_to: sums dy down to `shape` (per sample), undoing mul's channel-first
// broadcasting: the axes missing at the end of `shape` and the axes where
// `shape` has size 1 are summed. The batch axis is kept.

import type { AttrValue } from "../../core/ir/graph.js";
import type { Kernel } from "../reference_kernel.js";
import { strides, zeros } from "../../core/tensor/tensor.js";

export const kernel: Kernel = (inputs, attrs, _params, ctx) => {
  const dy = inputs[0]!;
  const v = attrs.shape;
  if (!Array.isArray(v)) throw new Error("internal: attribute 'shape' is not a list of ints");
  const target = (v as readonly AttrValue[]).map(Number);
  const from = dy.shape.slice(1);
  for (let i = 0; i < target.length; i++) {
    const t = target[i]!;
    const f = from[i] ?? 1;
    if (t !== f && t !== 1) throw new Error(`internal: sum_to cannot reduce [${from.join(", ")}] to [${target.join(", ")}]`);
  }
  const outShape = [dy.shape[0]!, ...target];
  const out = zeros(outShape, ctx.precision);
  const inStrides = strides(dy.shape);
  const outStrides = strides(outShape);
  for (let i = 0; i < dy.data.length; i++) {
    let j = Math.floor(i / inStrides[0]!) * outStrides[0]!;
    for (let a = 0; a < target.length; a++) {
      if (a >= from.length || target[a] === 1) continue;
      const coord = Math.floor(i / inStrides[a + 1]!) % dy.shape[a + 1]!;
      j += coord * outStrides[a + 1]!;
    }
    out.data[j] += dy.data[i]!;
  }
  return out;
};
