// Gradient of an elementwise activation: dx = dy · f′, from v, the value
// the activation's gradient rule passes (its input x, or its output y where
// f′ is cheaper from y, as for sigmoid: y·(1−y)).
// Each activation's op.ts gives its derivative's flops per element and
// whether it needs alpha (OpDef.derivative); its kernel.ts and reference.ts
// give the formula. Nothing here names an activation.

import { elementCount } from "../../core/ir/graph.js";
import { OpError, noParams, pointwise, stringAttr, type OpContext, type OpDef } from "../contract.js";
import { expectSame } from "../grad_shared.js";

/** The forward activation's derivative facts, or an OpError. */
function derivativeOf(ctx: OpContext): NonNullable<OpDef["derivative"]> {
  const fn = stringAttr(ctx.attrs, "fn");
  if (!ctx.opNamed) throw new Error("internal: unary_grad's rules need the op lookup (OpContext.opNamed)");
  const d = ctx.opNamed(fn)?.derivative;
  if (!d) throw new OpError(`'fn' must be one of the activations that have a derivative, not '${fn}'`, "an activation such as relu, sigmoid or tanh");
  return d;
}

export const unaryGrad: OpDef = {
  name: "unary_grad",
  doc: "Gradient of an elementwise activation from v (its input or its output, as its gradient rule chooses) and dy.",
  arity: 2,
  batched: "always",
  role: "backward",
  attrs: {
    fn: { type: "string", doc: "the forward activation" },
    alpha: { type: "float", default: null, doc: "the forward alpha (leaky_relu's slope, elu's scale)" },
    variant: { type: "string", default: null, doc: "the forward activation's variant, where it has several (gelu's approximate)" },
  },
  inferShape(ctx) {
    const v = expectSame(ctx, 0, 1, ["v", "dy"]);
    const fn = stringAttr(ctx.attrs, "fn");
    if (derivativeOf(ctx).needsAlpha === true && typeof ctx.attrs.alpha !== "number") {
      throw new OpError(`the gradient of ${fn} needs the forward alpha, but none was given`, "alpha = the forward op's alpha");
    }
    return v;
  },
  params: noParams,
  cost: (ctx, out) => {
    // A number, or a function of these attributes where the cost depends on the variant (gelu's forms).
    const flops = derivativeOf(ctx).flops;
    return { macs: 0, flops: (typeof flops === "number" ? flops : flops(ctx.attrs)) * elementCount(out) };
  },
  spatial: () => pointwise,
};
