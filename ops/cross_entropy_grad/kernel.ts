// cross_entropy_grad: the gradient of the weighted total with respect to the
// logits, weight·(softmax − q)/(N·E), E = H·W or 1, q the smoothed one-hot.
// One invocation per position (sample, pixel), looping over the K classes.
import { numAttr } from "../contract.js";
import type { Lowering } from "../lowering.js";
import { f32, newKernel, wgsl, type Binding } from "../../core/kernel/index.js";
import { crossEntropySizes } from "../templates/cross_entropy.js";
import { declareInputs } from "../templates/elementwise.js";
import { dispatchFor, perItem } from "../templates/wgsl.js";

export const lower: Lowering = (ctx) => {
  const { n, classes, positions, s } = crossEntropySizes(ctx);
  const scale = numAttr(ctx.attrs, "weight") / (n * positions);
  const rows = n * positions;
  const k = newKernel();
  const [x, label] = declareInputs(k, ctx) as [Binding, Binding];
  const out = k.output();
  k.dispatch = dispatchFor(rows, ctx);
  const logit = x.at(`base + c * ${positions}u`);
  k.body = wgsl`${perItem(rows, k.dispatch)}
  let base = (i / ${positions}u) * ${classes * positions}u + i % ${positions}u;
  let t = u32(${label.at("i")});
  var m = ${x.at("base")};
  for (var c = 1u; c < ${classes}u; c++) { m = max(m, ${logit}); }
  var se = 0.0;
  for (var c = 0u; c < ${classes}u; c++) { se += exp(${logit} - m); }
  for (var c = 0u; c < ${classes}u; c++) {
    let at = base + c * ${positions}u;
    let q = select(0.0, ${f32(1 - s)}, c == t) + ${f32(s / classes)};
    ${out.set("at", wgsl`${f32(scale)} * (exp(${x.at("at")} - m) / se - q)`)}
  }
}`;
  return k.build();
};
