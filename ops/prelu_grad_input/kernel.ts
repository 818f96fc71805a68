// prelu_grad_input: dx = dy·(x > 0 ? 1 : a), a = w[0] or per channel w[c]
// (channel axis 1 of [N, C, …]).
import { newKernel, wgsl } from "../../core/kernel/index.js";
import { elementCount } from "../../core/ir/graph.js";
import { boolAttr } from "../contract.js";
import type { Lowering } from "../lowering.js";
import { declareInputs } from "../templates/elementwise.js";
import { dispatchFor, perItem } from "../templates/wgsl.js";

export const lower: Lowering = (ctx) => {
  const x = ctx.inputs[0]!;
  const n = elementCount(ctx.out);
  const perChannel = boolAttr(ctx.attrs, "per_channel");
  const c = perChannel ? x[1]! : 1;
  const inner = perChannel ? elementCount(x.slice(2)) : 1;
  const k = newKernel();
  const [xs, dy] = declareInputs(k, ctx);
  const w = k.param("weight");
  const out = k.output();
  const slope = perChannel ? w.at(`(i / ${inner}u) % ${c}u`) : w.at("0");
  k.dispatch = dispatchFor(n, ctx);
  k.body = wgsl`${perItem(n, k.dispatch)}
  let g = ${dy!.at("i")};
  ${out.set("i", wgsl`select(g * ${slope}, g, ${xs!.at("i")} > 0.0)`)}
}`;
  return k.build();
};
