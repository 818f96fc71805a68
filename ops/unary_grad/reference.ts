// unary_grad: the input gradient of an elementwise activation. v is x for
// relu, leaky_relu and elu, and y for sigmoid and tanh.

import { stringAttr } from "../contract.js";
import type { Kernel } from "../reference_kernel.js";
import { zeros } from "../../core/tensor/tensor.js";

export const kernel: Kernel = (inputs, attrs, _params, ctx) => {
  const v = inputs[0]!;
  const dy = inputs[1]!;
  const fn = stringAttr(attrs, "fn");
  const alpha = typeof attrs.alpha === "number" ? attrs.alpha : undefined;
  const needAlpha = (): number => {
    if (alpha === undefined) throw new Error(`internal: unary_grad '${fn}' needs alpha`);
    return alpha;
  };
  const dx = zeros(dy.shape, ctx.precision);
  for (let i = 0; i < dy.data.length; i++) {
    const g = dy.data[i]!;
    const t = v.data[i]!;
    let d: number;
    switch (fn) {
      case "relu":
        d = t > 0 ? g : 0;
        break;
      case "leaky_relu":
        d = t > 0 ? g : g * needAlpha();
        break;
      case "elu":
        d = t > 0 ? g : g * needAlpha() * Math.exp(t);
        break;
      case "sigmoid":
        d = g * t * (1 - t);
        break;
      case "tanh":
        d = g * (1 - t * t);
        break;
      default:
        throw new Error(`internal: unary_grad has no rule for '${fn}'`);
    }
    dx.data[i] = d;
  }
  return dx;
};
