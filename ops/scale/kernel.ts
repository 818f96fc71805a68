// scale: y = w[c]·x + b[c] over channel axis 1 of [N, C, …]. One invocation
// per element.
import { add, mul, operand, paramAtChannel } from "../../core/kernel/index.js";
import { elementCount } from "../../core/ir/graph.js";
import { boolAttr } from "../contract.js";
import type { Lowering, PointwiseForm } from "../lowering.js";
import { pointwiseKernel } from "../templates/pointwise_kernel.js";

export const pointwise: PointwiseForm = {
  paramRoles: (a) => (boolAttr(a, "bias") ? ["weight", "bias"] : ["weight"]),
  applies: (_ins, out) => out.length >= 2,
  expr: (c) => {
    const [channels, inner] = [c.out[1]!, elementCount(c.out.slice(2))];
    const y = mul(paramAtChannel("weight", channels, inner), operand(0));
    return boolAttr(c.attrs, "bias") ? add(y, paramAtChannel("bias", channels, inner)) : y;
  },
};

export const lower: Lowering = (ctx) => pointwiseKernel(ctx, pointwise);
