// mul: elementwise product with channel-first broadcasting. Shapes align
// from the leading axis (batch, then channel); the lower-rank operand is
// padded with trailing 1s and a size-1 axis repeats. Operands of the
// output's shape are pointwise (the template kernel, and fusable); otherwise
// one invocation per output element: its multi-index, then each operand's
// offset, skipping the axes it broadcasts.
import { mul, newKernel, operand, wgsl, type KernelDesc } from "../../core/kernel/index.js";
import { elementCount, type Shape } from "../../core/ir/graph.js";
import { LoweringError, type Lowering, type LoweringContext, type PointwiseForm } from "../lowering.js";
import { declareInputs } from "../templates/elementwise.js";
import { formAppliesTo, pointwiseKernel } from "../templates/pointwise_kernel.js";
import { dispatchFor, perItem } from "../templates/wgsl.js";

const sameShape = (a: Shape, b: Shape) => a.length === b.length && a.every((d, k) => d === b[k]);

export const pointwise: PointwiseForm = {
  applies: (ins, out) => ins.length === 2 && ins.every((s) => sameShape(s, out)),
  expr: () => mul(operand(0), operand(1)),
};

function strides(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length).fill(1);
  for (let a = shape.length - 2; a >= 0; a--) s[a] = s[a + 1]! * shape[a + 1]!;
  return s;
}

/** The product with broadcasting: each operand read at its own offset of the output's multi-index. */
function broadcastKernel(ctx: LoweringContext): KernelDesc {
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
  const k = newKernel();
  const [x, y] = declareInputs(k, ctx);
  const o = k.output();
  k.dispatch = dispatchFor(n, ctx);
  k.body = wgsl`${perItem(n, k.dispatch)}
${lines.join("\n")}
  ${o.set("i", wgsl`${x!.at(termsA.join(" + ") || "0u")} * ${y!.at(termsB.join(" + ") || "0u")}`)}
}`;
  return k.build();
}

export const lower: Lowering = (ctx) => (formAppliesTo(ctx, pointwise) ? pointwiseKernel(ctx, pointwise) : broadcastKernel(ctx));
