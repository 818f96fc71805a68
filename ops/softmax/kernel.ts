// softmax along per-sample axis `axis` (tensor axis axis + 1), stably:
// y = exp(x − m)/Σ exp(x − m), m the max over the axis. One invocation per
// row (outer × inner), looping over the axis three times.
import { intAttr } from "../contract.js";
import type { Lowering } from "../lowering.js";
import { elementCount } from "../../core/ir/graph.js";
import { bindings, dispatchFor, perItem } from "../templates/wgsl.js";

export const lower: Lowering = (ctx) => {
  const x = ctx.inputs[0]!;
  const axis = intAttr(ctx.attrs, "axis") + 1;
  const len = x[axis]!;
  const outer = elementCount(x.slice(0, axis));
  const inner = elementCount(x.slice(axis + 1));
  const rows = outer * inner;
  const dispatch = dispatchFor(rows, ctx);
  const code = `${bindings(ctx, [])}
${perItem(rows, dispatch)}
  let base = (i / ${inner}u) * ${len * inner}u + i % ${inner}u;
  var m = in0[base];
  for (var k = 1u; k < ${len}u; k++) { m = max(m, in0[base + k * ${inner}u]); }
  var sum = 0.0;
  for (var k = 0u; k < ${len}u; k++) { sum += exp(in0[base + k * ${inner}u] - m); }
  for (var k = 0u; k < ${len}u; k++) {
    let at = base + k * ${inner}u;
    out[at] = exp(in0[at] - m) / sum;
  }
}`;
  return { code, dispatch, paramRoles: [] };
};
