// mul: elementwise product with channel-first broadcasting. Shapes align
// from the leading axis (batch, then channel); the lower-rank operand is
// padded with trailing 1s and a size-1 axis repeats. One invocation per
// output element: its multi-index, then each operand's offset, skipping
// the axes it broadcasts.
import type { Lowering } from "../lowering.js";
import { LoweringError } from "../lowering.js";
import { elementCount } from "../../core/ir/graph.js";
import { bindings, dispatchFor, perItem } from "../templates/wgsl.js";

function strides(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length).fill(1);
  for (let a = shape.length - 2; a >= 0; a--) s[a] = s[a + 1]! * shape[a + 1]!;
  return s;
}

export const lower: Lowering = (ctx) => {
  const out = ctx.out;
  const rank = out.length;
  const pad = (s: readonly number[]) => [...s, ...new Array<number>(rank - s.length).fill(1)];
  const [as, bs] = [pad(ctx.inputs[0]!), pad(ctx.inputs[1]!)];
  for (let a = 0; a < rank; a++) {
    for (const s of [as, bs]) {
      if (s[a] !== out[a] && s[a] !== 1) throw new LoweringError(`mul (node '${ctx.node.name}'): operand [${s.join(", ")}] does not broadcast to [${out.join(", ")}]`);
    }
  }
  const sa = strides(as);
  const sb = strides(bs);
  const so = strides(out);
  const lines: string[] = [];
  const termsA: string[] = [];
  const termsB: string[] = [];
  for (let a = 0; a < rank; a++) {
    const needA = as[a] !== 1;
    const needB = bs[a] !== 1;
    if (!needA && !needB) continue;
    lines.push(`  let c${a} = (i / ${so[a]}u) % ${out[a]}u;`);
    if (needA) termsA.push(`c${a} * ${sa[a]}u`);
    if (needB) termsB.push(`c${a} * ${sb[a]}u`);
  }
  const n = elementCount(out);
  const dispatch = dispatchFor(n, ctx);
  const code = `${bindings(ctx, [])}
${perItem(n, dispatch)}
${lines.join("\n")}
  out[i] = in0[${termsA.join(" + ") || "0u"}] * in1[${termsB.join(" + ") || "0u"}];
}`;
  return { code, dispatch, paramRoles: [] };
};
