// The own (unfused) kernel of an elementwise op, rendered from its
// PointwiseForm: one invocation per element i, each input the formula reads
// loaded once at i into a local, the formula rendered over those locals, and
// one store of out[i]. Fusion renders the same Expr with other operands (a
// GEMM's accumulator, a producer's local), so the op's own kernel and every
// fused kernel it joins compute the same operations.
import { elementCount } from "../../core/ir/graph.js";
import { newKernel, operandsOf, paramsOf, renderExpr, wgsl, type Binding, type Code, type KernelDesc } from "../../core/kernel/index.js";
import { formApplies, LoweringError, type LoweringContext, type PointwiseContext, type PointwiseForm } from "../lowering.js";
import { dispatchFor, perItem } from "./wgsl.js";

/** What a pointwise formula sees of a node being lowered. */
export function pointwiseContextOf(ctx: LoweringContext): PointwiseContext {
  return { node: ctx.node, attrs: ctx.attrs, inputShapes: ctx.inputs, out: ctx.out, kernelOf: ctx.kernelOf };
}

/** Whether `form` describes this node on its shapes (ops/lowering.ts formApplies). */
export function formAppliesTo(ctx: LoweringContext, form: PointwiseForm): boolean {
  return formApplies(form, ctx.inputs, ctx.out, ctx.attrs);
}

/** The local input j is read into (outside the binding namespace, see core/kernel/binding.ts). */
const local = (j: number): string => `x${j}`;

/** The node's own kernel from its pointwise form. */
export function pointwiseKernel(ctx: LoweringContext, form: PointwiseForm): KernelDesc {
  const node = ctx.node;
  if (!formAppliesTo(ctx, form)) {
    throw new LoweringError(`${node.op} (node '${node.name}') is not elementwise on inputs ${ctx.inputs.map((s) => `[${s.join(", ")}]`).join(", ")} → [${ctx.out.join(", ")}]`);
  }
  const expr = form.expr(pointwiseContextOf(ctx));
  const k = newKernel();
  // Inputs, then parameters, then the output: the order the old text declared them in.
  const operands = [...operandsOf(expr)].sort((a, b) => a - b);
  const inputs = new Map<number, Binding>();
  for (const j of operands) {
    if (j >= ctx.inputs.length) throw new Error(`internal: ${node.op}'s formula reads operand ${j} of ${ctx.inputs.length}`);
    inputs.set(j, k.input(j, { type: ctx.inputTypes[j] === "i32" ? "i32" : "f32" }));
  }
  const roles = form.paramRoles?.(ctx.attrs) ?? [];
  const read = paramsOf(expr);
  if (read.length !== roles.length || !read.every((r) => roles.includes(r))) {
    throw new Error(`internal: ${node.op}'s formula reads parameters [${read.join(", ")}] but declares [${roles.join(", ")}]`);
  }
  const params = new Map<string, Binding>(roles.map((r) => [r, k.param(r)]));
  const out = k.output();
  const value = renderExpr(expr, {
    operand: (j) => [local(j)],
    param: (role) => params.get(role)!,
    index: wgsl`i`,
    useFunction: (f) => k.use(f),
  });
  const n = elementCount(ctx.out);
  k.dispatch = dispatchFor(n, ctx);
  const loads: Code = operands.flatMap((j) => wgsl`
  let ${local(j)} = ${inputs.get(j)!.at("i")};`);
  k.body = wgsl`${perItem(n, k.dispatch)}${loads}
  ${out.set("i", value)}
}`;
  return k.build();
}
