// unary_grad: the input gradient of an elementwise activation, dx = f'(v)·dy
// elementwise, where v is whatever the activation's gradient rule passes
// (x for elu; y for relu, leaky_relu, sigmoid and tanh). The derivative is
// the activation's own (its reference.ts exports `derivative`), found by
// name through the context, so that a new activation brings its own.

import { stringAttr } from "../contract.js";
import type { Kernel } from "../reference_kernel.js";
import { zeros } from "../../core/tensor/tensor.js";

export const kernel: Kernel = (inputs, attrs, _params, ctx) => {
  const v = inputs[0]!;
  const dy = inputs[1]!;
  const fn = stringAttr(attrs, "fn");
  const derivative = ctx.referenceOf(fn)?.derivative;
  if (!derivative) throw new Error(`internal: unary_grad has no rule for '${fn}'`);
  const dx = zeros(dy.shape, ctx.precision);
  for (let i = 0; i < dy.data.length; i++) dx.data[i] = derivative(v.data[i]!, dy.data[i]!, attrs);
  return dx;
};
