// split_sum: out[i] = Σ_s in0[s·size + i], s = 0 … S−1 in order (the
// reference's order), one invocation per element of the result. Unbatched.
import { newKernel, wgsl } from "../../core/kernel/index.js";
import { elementCount } from "../../core/ir/graph.js";
import type { Lowering } from "../lowering.js";
import { declareInputs } from "../templates/elementwise.js";
import { dispatchFor, perItem } from "../templates/wgsl.js";

export const lower: Lowering = (ctx) => {
  const S = ctx.inputs[0]![0]!;
  const n = elementCount(ctx.out);
  const k = newKernel();
  const [x] = declareInputs(k, ctx);
  const out = k.output();
  k.dispatch = dispatchFor(n, ctx);
  k.body = wgsl`${perItem(n, k.dispatch)}
  var acc = 0.0;
  for (var s = 0u; s < ${S}u; s++) {
    acc += ${x!.at(`s * ${n}u + i`)};
  }
  ${out.set("i", "acc")}
}`;
  return k.build();
};
