// slice_grad: dy placed at [start, end) along per-sample axis `axis` of a
// zero tensor of the forward input's shape; one invocation per element of dx.
import { newKernel, wgsl } from "../../core/kernel/index.js";
import { elementCount } from "../../core/ir/graph.js";
import { intAttr } from "../contract.js";
import type { Lowering } from "../lowering.js";
import { declareInputs } from "../templates/elementwise.js";
import { dispatchFor, perItem } from "../templates/wgsl.js";

export const lower: Lowering = (ctx) => {
  const out = ctx.out;
  const axis = intAttr(ctx.attrs, "axis") + 1;
  const start = intAttr(ctx.attrs, "start");
  const end = intAttr(ctx.attrs, "end");
  const keep = end - start;
  const size = out[axis]!;
  const inner = elementCount(out.slice(axis + 1));
  const n = elementCount(out);
  const k = newKernel();
  const [dy] = declareInputs(k, ctx);
  const dx = k.output();
  k.dispatch = dispatchFor(n, ctx);
  k.body = wgsl`${perItem(n, k.dispatch)}
  let q = i % ${inner}u;
  let k = (i / ${inner}u) % ${size}u;
  let o = i / ${size * inner}u;
  if (k >= ${start}u && k < ${end}u) {
    ${dx.set("i", dy!.at(`(o * ${keep}u + k - ${start}u) * ${inner}u + q`))}
  } else {
    ${dx.set("i", "0.0")}
  }
}`;
  return k.build();
};
