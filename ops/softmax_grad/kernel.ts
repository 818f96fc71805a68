// softmax_grad: dx = y·(dy − Σ_axis dy·y) along per-sample axis `axis`. One
// invocation per row (outer × inner): the dot product, then the row.
import { intAttr } from "../contract.js";
import type { Lowering } from "../lowering.js";
import { elementCount } from "../../core/ir/graph.js";
import { bindings, dispatchFor, perItem } from "../templates/wgsl.js";

export const lower: Lowering = (ctx) => {
  const y = ctx.inputs[0]!;
  const axis = intAttr(ctx.attrs, "axis") + 1;
  const len = y[axis]!;
  const outer = elementCount(y.slice(0, axis));
  const inner = elementCount(y.slice(axis + 1));
  const rows = outer * inner;
  const dispatch = dispatchFor(rows, ctx);
  const code = `${bindings(ctx, [])}
${perItem(rows, dispatch)}
  let base = (i / ${inner}u) * ${len * inner}u + i % ${inner}u;
  var dot = 0.0;
  for (var k = 0u; k < ${len}u; k++) {
    let at = base + k * ${inner}u;
    dot += in1[at] * in0[at];
  }
  for (var k = 0u; k < ${len}u; k++) {
    let at = base + k * ${inner}u;
    out[at] = in0[at] * (in1[at] - dot);
  }
}`;
  return { code, dispatch, paramRoles: [] };
};
