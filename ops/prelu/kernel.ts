// prelu: y = x > 0 ? x : a·x with one learned slope a = w[0], or per channel
// a = w[c] for channel axis 1 of [N, C, …].
import { newKernel, wgsl } from "../../core/kernel/index.js";
import { elementCount } from "../../core/ir/graph.js";
import { boolAttr } from "../contract.js";
import type { Lowering } from "../lowering.js";
import { declareInputs } from "../templates/elementwise.js";
import { dispatchFor, perItem } from "../templates/wgsl.js";

export const lower: Lowering = (ctx) => {
  const x = ctx.inputs[0]!;
  const n = elementCount(ctx.out);
  const c = x.length > 1 ? x[1]! : 1;
  const inner = n / Math.max(1, x[0]! * c);
  const k = newKernel();
  const [v] = declareInputs(k, ctx);
  const w = k.param("weight");
  const out = k.output();
  const slope = boolAttr(ctx.attrs, "per_channel") ? w.at(`(i / ${inner}u) % ${c}u`) : w.at("0");
  k.dispatch = dispatchFor(n, ctx);
  k.body = wgsl`${perItem(n, k.dispatch)}
  let v = ${v!.at("i")};
  ${out.set("i", wgsl`select(${slope} * v, v, v > 0.0)`)}
}`;
  return k.build();
};
