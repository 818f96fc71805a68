// concat: joins the operands along per-sample axis `axis` (tensor axis
// axis + 1). One invocation per output element: its index k on the axis
// picks the operand whose range holds it.
import { join, newKernel, wgsl, type Code } from "../../core/kernel/index.js";
import { elementCount } from "../../core/ir/graph.js";
import { intAttr } from "../contract.js";
import type { Lowering } from "../lowering.js";
import { declareInputs } from "../templates/elementwise.js";
import { dispatchFor, perItem } from "../templates/wgsl.js";

export const lower: Lowering = (ctx) => {
  const axis = intAttr(ctx.attrs, "axis") + 1;
  const out = ctx.out;
  const total = out[axis]!;
  const inner = elementCount(out.slice(axis + 1));
  const k = newKernel();
  const xs = declareInputs(k, ctx);
  const y = k.output();
  const branches: Code[] = [];
  let offset = 0;
  ctx.inputs.forEach((s, t) => {
    const len = s[axis]!;
    const read = y.set("i", xs[t]!.at(`(o * ${len}u + k - ${offset}u) * ${inner}u + q`));
    branches.push(t === ctx.inputs.length - 1 ? wgsl`{ ${read} }` : wgsl`if (k < ${offset + len}u) { ${read} }`);
    offset += len;
  });
  const n = elementCount(out);
  k.dispatch = dispatchFor(n, ctx);
  k.body = wgsl`${perItem(n, k.dispatch)}
  let q = i % ${inner}u;
  let k = (i / ${inner}u) % ${total}u;
  let o = i / ${total * inner}u;
  ${join(branches, " else ")}
}`;
  return k.build();
};
