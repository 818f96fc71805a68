// dense: y[r, o] = Σ_i x[r, i]·W[o, i] + b[o] over rows r (batch × leading
// axes). One invocation per output element: the simple form that the
// tiled GEMM of the performance work replaces.
import { boolAttr } from "../../ops/contract.js";
import type { Lowering } from "../contract.js";
import { bindings, dispatchFor, perItem, product } from "../wgsl.js";

export const lower: Lowering = (ctx) => {
  const inF = ctx.inputs[0]![ctx.inputs[0]!.length - 1]!;
  const outF = ctx.out[ctx.out.length - 1]!;
  const n = product(ctx.out);
  const roles = boolAttr(ctx.attrs, "bias") ? ["weight", "bias"] : ["weight"];
  const dispatch = dispatchFor(n, ctx);
  const code = `${bindings(ctx, roles)}
${perItem(n, dispatch)}
  let r = i / ${outF}u;
  let o = i % ${outF}u;
  var acc = ${roles.includes("bias") ? "p_bias[o]" : "0.0"};
  for (var k = 0u; k < ${inF}u; k++) {
    acc += in0[r * ${inF}u + k] * p_weight[o * ${inF}u + k];
  }
  out[i] = acc;
}`;
  return { code, dispatch, paramRoles: roles };
};
