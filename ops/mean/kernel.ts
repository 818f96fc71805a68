// mean over per-sample axis `axis` (tensor axis axis + 1): with x viewed as
// [outer, len, inner], one invocation per output element (o, q) sums the
// len elements x[o, k, q] serially and divides by len. keepdim changes only
// the output's shape, not its layout.
import { intAttr } from "../contract.js";
import type { Lowering } from "../lowering.js";
import { elementCount } from "../../core/ir/graph.js";
import { wgsl, type Binding } from "../../core/kernel/index.js";
import { perElementKernel } from "../templates/elementwise.js";
import { resolveAxis } from "../shared/axis.js";

export const lower: Lowering = (ctx) => {
  const xs = ctx.inputs[0]!;
  const axis = resolveAxis(intAttr(ctx.attrs, "axis"), xs.slice(1)) + 1;
  const len = xs[axis]!;
  const inner = elementCount(xs.slice(axis + 1));
  return perElementKernel<[Binding]>(
    ctx,
    ([x], out) => wgsl`let base = (i / ${inner}u) * ${len * inner}u + i % ${inner}u;
  var s = 0.0;
  for (var k = 0u; k < ${len}u; k++) { s += ${x.at(`base + k * ${inner}u`)}; }
  ${out.set("i", `s / ${len}.0`)}`,
  );
};
