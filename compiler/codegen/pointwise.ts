// Pointwise ops as WGSL expressions: the form fusion (fusion/partition.ts)
// splices into one kernel. Each entry gives, from a node's attributes and
// its inputs' values at the current element (as WGSL identifiers, already
// read), the WGSL expression of its output at that element. The formulas are
// those of the ops' own kernels (kernels/*.ts), so a fused chain computes the
// same numbers as the unfused kernels.

import { boolAttr, numAttr, stringAttr } from "../../ops/contract.js";
import { elementCount, type Attrs, type Node, type Shape } from "../../core/ir/graph.js";
import { LoweringError } from "../../ops/lowering.js";
import { EXPM1, SIGMOID } from "../../ops/templates/elementwise.js";
import { f32 } from "../../ops/templates/wgsl.js";

export interface PointwiseContext {
  readonly node: Node;
  readonly attrs: Attrs;
  /** The node's inputs at the current element, as WGSL identifiers. */
  readonly inputs: readonly string[];
  /** Full input shapes (batch first when batched). */
  readonly inputShapes: readonly Shape[];
  /** The node's full output shape. */
  readonly out: Shape;
  /** The flat element index (a u32 WGSL expression). */
  readonly index: string;
  /** WGSL identifier of a parameter's array, by role. */
  readonly param: (role: string) => string;
}

export interface PointwiseOp {
  /** Parameter roles the node reads (in binding order). */
  readonly paramRoles?: (attrs: Attrs) => readonly string[];
  /** Helper functions the expression calls (EXPM1, SIGMOID), by their source. */
  readonly helpers?: readonly string[];
  /** Whether this node (with these input shapes) is pointwise: output element i from input elements i. */
  readonly applies?: (inputShapes: readonly Shape[], out: Shape, attrs: Attrs) => boolean;
  readonly expr: (ctx: PointwiseContext) => string;
}

const sameShape = (a: Shape, b: Shape) => a.length === b.length && a.every((d, k) => d === b[k]);
const identity: PointwiseOp = { expr: (c) => c.inputs[0]! };
/** The channel (axis 1) of element `index` of a [N, C, …] tensor. */
const channelOf = (c: PointwiseContext) => `((${c.index} / ${elementCount(c.out.slice(2))}u) % ${c.out[1]!}u)`;

function unaryGrad(c: PointwiseContext): string {
  const fn = stringAttr(c.attrs, "fn");
  const [t, g] = [c.inputs[0]!, c.inputs[1]!];
  const alpha = (): string => {
    if (typeof c.attrs.alpha !== "number") throw new LoweringError(`unary_grad '${fn}' (node '${c.node.name}') needs alpha`);
    return f32(c.attrs.alpha);
  };
  switch (fn) {
    case "relu":
      return `select(0.0, ${g}, ${t} > 0.0)`;
    case "leaky_relu":
      return `select(${g} * ${alpha()}, ${g}, ${t} > 0.0)`;
    case "elu":
      return `select(${g} * ${alpha()} * exp(${t}), ${g}, ${t} > 0.0)`;
    case "sigmoid":
      return `${g} * ${t} * (1.0 - ${t})`;
    case "tanh":
      return `${g} * (1.0 - ${t} * ${t})`;
    default:
      throw new LoweringError(`unary_grad has no rule for '${fn}' (node '${c.node.name}')`);
  }
}

export const pointwiseOps: Readonly<Record<string, PointwiseOp>> = {
  relu: { expr: (c) => `max(${c.inputs[0]!}, 0.0)` },
  leaky_relu: { expr: (c) => `select(${f32(numAttr(c.attrs, "alpha"))} * ${c.inputs[0]!}, ${c.inputs[0]!}, ${c.inputs[0]!} > 0.0)` },
  // The kernel's if/else as a select: the branch not taken is discarded.
  elu: { helpers: [EXPM1], expr: (c) => `select(${f32(numAttr(c.attrs, "alpha"))} * expm1_(${c.inputs[0]!}), ${c.inputs[0]!}, ${c.inputs[0]!} > 0.0)` },
  sigmoid: { helpers: [SIGMOID], expr: (c) => `sigmoid_(${c.inputs[0]!})` },
  tanh: { expr: (c) => `tanh(clamp(${c.inputs[0]!}, -15.0, 15.0))` },
  add: { applies: (ins, out) => ins.length > 0 && ins.every((s) => sameShape(s, out)), expr: (c) => c.inputs.join(" + ") },
  mul: { applies: (ins, out) => ins.length === 2 && ins.every((s) => sameShape(s, out)), expr: (c) => `${c.inputs[0]!} * ${c.inputs[1]!}` },
  unary_grad: { expr: unaryGrad },
  stop_gradient: identity,
  dropout: identity,
  flatten: identity,
  reshape: identity,
  scale: {
    paramRoles: (a) => (boolAttr(a, "bias") ? ["weight", "bias"] : ["weight"]),
    applies: (_ins, out) => out.length >= 2,
    expr: (c) => {
      const g = channelOf(c);
      return `${c.param("weight")}[${g}] * ${c.inputs[0]!}${boolAttr(c.attrs, "bias") ? ` + ${c.param("bias")}[${g}]` : ""}`;
    },
  },
  // Eval-mode batch norm is a per-channel affine map (kernels/bn.ts, same
  // formula); in training it needs the batch's statistics and is not pointwise.
  bn: {
    paramRoles: (a) => (boolAttr(a, "affine") ? ["weight", "bias", "running_mean", "running_var"] : ["running_mean", "running_var"]),
    applies: (_ins, out, a) => a.training !== true && out.length >= 2,
    expr: (c) => {
      const g = channelOf(c);
      const affine = boolAttr(c.attrs, "affine");
      const norm = `(${c.inputs[0]!} - ${c.param("running_mean")}[${g}]) / sqrt(${c.param("running_var")}[${g}] + ${f32(numAttr(c.attrs, "eps"))})`;
      return affine ? `${norm} * ${c.param("weight")}[${g}] + ${c.param("bias")}[${g}]` : `${norm} * 1.0 + 0.0`;
    },
  },
  channel_scale: {
    paramRoles: () => ["weight"],
    applies: (_ins, out) => out.length >= 2,
    expr: (c) => `${c.inputs[0]!} * ${c.param("weight")}[${channelOf(c)}]`,
  },
};

/** The pointwise form of `op` on these shapes, or undefined. */
export function pointwiseOf(op: string, inputShapes: readonly Shape[], out: Shape, attrs: Attrs): PointwiseOp | undefined {
  const p = pointwiseOps[op];
  if (!p) return undefined;
  if (p.applies && !p.applies(inputShapes, out, attrs)) return undefined;
  // Every operand has the output's element count (views change only the shape).
  if (!inputShapes.every((s) => elementCount(s) === elementCount(out))) return undefined;
  return p;
}
