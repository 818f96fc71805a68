// unary_grad: the input gradient of an elementwise activation from v (x for
// relu, leaky_relu and elu; y for sigmoid and tanh) and dy, elementwise. The
// formula is the activation's own `derivative` (its kernel.ts), found by op
// name through kernelOf, so a new activation needs nothing here.
import { stringAttr } from "../contract.js";
import { LoweringError, type Lowering, type PointwiseForm } from "../lowering.js";
import { pointwiseKernel } from "../templates/pointwise_kernel.js";

export const pointwise: PointwiseForm = {
  expr: (c) => {
    const fn = stringAttr(c.attrs, "fn");
    const derivative = c.kernelOf(fn)?.derivative;
    if (!derivative) throw new LoweringError(`unary_grad has no rule for '${fn}' (node '${c.node.name}')`);
    try {
      return derivative(c.attrs);
    } catch (e) {
      // A derivative knows its attributes, not the node: name it here.
      if (e instanceof LoweringError) throw new LoweringError(`unary_grad '${fn}' (node '${c.node.name}') ${e.message}`);
      throw e;
    }
  },
};

export const lower: Lowering = (ctx) => pointwiseKernel(ctx, pointwise);
