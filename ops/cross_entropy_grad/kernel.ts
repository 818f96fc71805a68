// cross_entropy_grad: the gradient of the weighted total with respect to the
// logits, weight·(softmax − q)/(N·E), E = H·W or 1, q the smoothed one-hot.
// One invocation per position (sample, pixel), looping over the K classes.
import { numAttr } from "../contract.js";
import type { Lowering } from "../lowering.js";
import { elementCount } from "../../core/ir/graph.js";
import { bindings, dispatchFor, f32, perItem } from "../templates/wgsl.js";

export const lower: Lowering = (ctx) => {
  const logits = ctx.inputs[0]!;
  const s = typeof ctx.attrs.smoothing === "number" ? ctx.attrs.smoothing : 0;
  const n = logits[0]!;
  const k = logits[1]!;
  const positions = elementCount(logits.slice(2));
  const scale = numAttr(ctx.attrs, "weight") / (n * positions);
  const rows = n * positions;
  const dispatch = dispatchFor(rows, ctx);
  const code = `${bindings(ctx, [])}
${perItem(rows, dispatch)}
  let base = (i / ${positions}u) * ${k * positions}u + i % ${positions}u;
  let t = u32(in1[i]);
  var m = in0[base];
  for (var c = 1u; c < ${k}u; c++) { m = max(m, in0[base + c * ${positions}u]); }
  var se = 0.0;
  for (var c = 0u; c < ${k}u; c++) { se += exp(in0[base + c * ${positions}u] - m); }
  for (var c = 0u; c < ${k}u; c++) {
    let at = base + c * ${positions}u;
    let q = select(0.0, ${f32(1 - s)}, c == t) + ${f32(s / k)};
    out[at] = ${f32(scale)} * (exp(in0[at] - m) / se - q);
  }
}`;
  return { code, dispatch, paramRoles: [] };
};
