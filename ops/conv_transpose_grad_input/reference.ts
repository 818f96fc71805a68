// conv_transpose_grad_input: the adjoint of conv_transpose with respect to
// its input, a convolution of dy: each input pixel gathers dy at every output
// pixel it scattered into, times the same weight [in, out/groups, kh, kw].

import { intAttr } from "../contract.js";
import type { Kernel } from "../reference_kernel.js";
import { zeros } from "../../core/tensor/tensor.js";
import { inShape } from "../shared/reference_attrs.js";
import { convTransposeWindow, forEachTransposedTap } from "../shared/reference_conv.js";

export const kernel: Kernel = (inputs, attrs, params, ctx) => {
  const dy = inputs[0]!;
  const w = params.weight!;
  const [c, h, wd] = inShape(attrs) as [number, number, number];
  const [n, out, oh, ow] = dy.shape as [number, number, number, number];
  const groups = intAttr(attrs, "groups");
  // Accumulate in float64, store once (so f32 mode rounds each input pixel once).
  const acc = new Float64Array(n * c * h * wd);
  forEachTransposedTap({ n, c, h, wd, out, oh, ow, groups, ...convTransposeWindow(attrs) }, (xAt, yAt, wAt) => {
    acc[xAt]! += dy.data[yAt]! * w.data[wAt]!;
  });
  const dx = zeros([n, c, h, wd], ctx.precision);
  dx.data.set(acc);
  return dx;
};
