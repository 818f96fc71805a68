// Gradient of an elementwise activation. v is the forward input x for relu,
// leaky_relu and elu, and the forward output y for sigmoid and tanh:
//   relu dy·[x>0]; leaky_relu dy·(x>0 ? 1 : α); elu dy·(x>0 ? 1 : α·eˣ);
//   sigmoid dy·y·(1−y); tanh dy·(1−y²).
// Flops per element: relu 1 (a compare that selects dy or 0), leaky_relu 2
// (compare, multiply), elu 4 (compare, exp, two multiplies), sigmoid and
// tanh 3 (a subtract and two multiplies).

import { elementCount } from "../../core/ir/graph.js";
import { OpError, noParams, pointwise, stringAttr, type OpDef } from "../contract.js";
import { expectSame } from "../grad_shared.js";

const FLOPS: Readonly<Record<string, number>> = { relu: 1, leaky_relu: 2, elu: 4, sigmoid: 3, tanh: 3 };

export const unaryGrad: OpDef = {
  name: "unary_grad",
  doc: "Gradient of relu, leaky_relu, elu, sigmoid or tanh from v (x, or y for sigmoid and tanh) and dy.",
  arity: 2,
  batched: "always",
  role: "backward",
  attrs: {
    fn: { type: "string", oneOf: Object.keys(FLOPS), doc: "the forward activation" },
    alpha: { type: "float", default: null, doc: "the forward alpha (leaky_relu's slope, elu's scale)" },
  },
  inferShape(ctx) {
    const v = expectSame(ctx, 0, 1, ["v", "dy"]);
    const fn = stringAttr(ctx.attrs, "fn");
    if ((fn === "leaky_relu" || fn === "elu") && typeof ctx.attrs.alpha !== "number") {
      throw new OpError(`the gradient of ${fn} needs the forward alpha, but none was given`, "alpha = the forward op's alpha");
    }
    return v;
  },
  params: noParams,
  cost: (ctx, out) => ({ macs: 0, flops: FLOPS[stringAttr(ctx.attrs, "fn")]! * elementCount(out) }),
  spatial: () => pointwise,
};
