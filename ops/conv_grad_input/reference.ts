// conv_grad_input: the adjoint of conv with respect to its input. Every dy
// element is scattered back through the taps that produced it, with the same
// weight, groups or connection table as the forward conv.

import type { Kernel } from "../reference_kernel.js";
import { zeros } from "../../core/tensor/tensor.js";
import { inShape } from "../shared/reference_attrs.js";
import { connections, convWindow, forEachConvTap } from "../shared/reference_conv.js";

export const kernel: Kernel = (inputs, attrs, params, ctx) => {
  const dy = inputs[0]!;
  const w = params.weight!;
  const [c, h, wd] = inShape(attrs) as [number, number, number];
  const [n, out, oh, ow] = dy.shape as [number, number, number, number];
  const rows = connections(attrs, c, out);
  const dx = zeros([n, c, h, wd], ctx.precision);
  forEachConvTap({ n, c, h, wd, out, oh, ow, rows, ...convWindow(attrs, h, wd) }, (yAt, xAt, wAt) => {
    dx.data[xAt] += dy.data[yAt]! * w.data[wAt]!;
  });
  return dx;
};
