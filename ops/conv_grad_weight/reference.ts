// conv_grad_weight: Σ over the batch and the output pixels of dy times the
// input value each weight tap reads (zero in the padding). Unbatched, the
// weight's shape: [out, in/groups, kh, kw], or [links, kh, kw] with a table.
// With `splits` S > 1: S partial sums, partial s over the (sample, output
// pixel) pairs k = b·OH·OW + p with ⌊k / ⌈K/S⌉⌋ = s, stacked in front.

import { elementCount } from "../../core/ir/graph.js";
import { intAttr } from "../contract.js";
import { splitsOf } from "../grad_shared.js";
import type { Kernel } from "../reference_kernel.js";
import { zeros } from "../../core/tensor/tensor.js";
import { connections, convWindow, forEachConvTap } from "../shared/reference_conv.js";

export const kernel: Kernel = (inputs, attrs, _params, ctx) => {
  const x = inputs[0]!;
  const dy = inputs[1]!;
  const [n, c, h, wd] = x.shape as [number, number, number, number];
  const [, out, oh, ow] = dy.shape as [number, number, number, number];
  const window = convWindow(attrs, h, wd);
  const rows = connections(attrs, c, out);
  // A table's weight has a row per link; each output map lists its links.
  const table = Array.isArray(attrs.table);
  const links = rows.reduce((s, row) => s + row.length, 0);
  const shape = table ? [links, window.kh, window.kw] : [out, c / intAttr(attrs, "groups"), window.kh, window.kw];
  const splits = splitsOf(attrs);
  const size = elementCount(shape);
  const chunk = Math.ceil((n * oh * ow) / splits);
  const dw = zeros(splits > 1 ? [splits, ...shape] : shape, ctx.precision);
  forEachConvTap({ n, c, h, wd, out, oh, ow, rows, ...window }, (yAt, xAt, wAt, k) => {
    dw.data[Math.floor(k / chunk) * size + wAt] += dy.data[yAt]! * x.data[xAt]!;
  });
  return dw;
};
