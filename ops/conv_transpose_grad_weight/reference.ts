// conv_transpose_grad_weight: Σ over the batch and the input pixels of x
// times dy at the output pixel each tap scattered into. Unbatched,
// [in, out/groups, kh, kw].

import { intAttr } from "../contract.js";
import type { Kernel } from "../reference_kernel.js";
import { zeros } from "../../core/tensor/tensor.js";
import { convTransposeWindow, forEachTransposedTap } from "../shared/reference_conv.js";

export const kernel: Kernel = (inputs, attrs, _params, ctx) => {
  const x = inputs[0]!;
  const dy = inputs[1]!;
  const [n, c, h, wd] = x.shape as [number, number, number, number];
  const [, out, oh, ow] = dy.shape as [number, number, number, number];
  const window = convTransposeWindow(attrs);
  const groups = intAttr(attrs, "groups");
  const gw = zeros([c, out / groups, window.kh, window.kw], ctx.precision);
  forEachTransposedTap({ n, c, h, wd, out, oh, ow, groups, ...window }, (xAt, yAt, wAt) => {
    gw.data[wAt] += x.data[xAt]! * dy.data[yAt]!;
  });
  return gw;
};
