// concat: joins the operands along per-sample axis `axis` (tensor axis
// axis + 1). One invocation per output element: its index k on the axis
// picks the operand whose range holds it.
import { intAttr } from "../contract.js";
import type { Lowering } from "../lowering.js";
import { elementCount } from "../../core/ir/graph.js";
import { bindings, dispatchFor, perItem } from "../templates/wgsl.js";

export const lower: Lowering = (ctx) => {
  const axis = intAttr(ctx.attrs, "axis") + 1;
  const out = ctx.out;
  const total = out[axis]!;
  const inner = elementCount(out.slice(axis + 1));
  const branches: string[] = [];
  let offset = 0;
  ctx.inputs.forEach((s, t) => {
    const len = s[axis]!;
    const read = `out[i] = in${t}[(o * ${len}u + k - ${offset}u) * ${inner}u + q];`;
    branches.push(t === ctx.inputs.length - 1 ? `{ ${read} }` : `if (k < ${offset + len}u) { ${read} }`);
    offset += len;
  });
  const n = elementCount(out);
  const dispatch = dispatchFor(n, ctx);
  const code = `${bindings(ctx, [])}
${perItem(n, dispatch)}
  let q = i % ${inner}u;
  let k = (i / ${inner}u) % ${total}u;
  let o = i / ${total * inner}u;
  ${branches.join(" else ")}
}`;
  return { code, dispatch, paramRoles: [] };
};
