// The lowering contract: how one IR node becomes one WGSL compute kernel,
// described as typed data (core/kernel) and rendered to WGSL last.
// Shapes are static at compile time (the batch is fixed by `--batch`), so
// every size is baked into the shader as a constant: no uniform buffers,
// no per-dispatch state. One file per op: ops/<op>/kernel.ts.
//
// A kernel declares its bindings by role: the node's inputs
// (`k.input(j)`, read_write although only read: see core/kernel/binding.ts),
// the parameters it reads (`k.param(role)`, read-only) and its output
// (`k.output()`). Whoever runs it binds buffers by role, so binding order
// is the kernel's own affair. Tensors are dense, row-major, batch first for
// batched values (the same layout as the reference executor), so a
// kernel's indexing reads as the definition in docs/autodiff.md.

import type { Expr, KernelDesc } from "../core/kernel/index.js";
import { elementCount, type Attrs, type DType, type Node, type Shape } from "../core/ir/graph.js";
import type { GemmChooser } from "./templates/gemm_choice.js";

export interface LoweringContext {
  readonly node: Node;
  readonly attrs: Attrs;
  /** Full input shapes: [N, …] for batched values. */
  readonly inputs: readonly Shape[];
  readonly inputTypes: readonly DType[];
  /** Full output shape. */
  readonly out: Shape;
  readonly batch: number;
  /** Shapes of the parameters the node reads, by role. */
  readonly params: Readonly<Record<string, Shape>>;
  /** The device's limit on workgroups per dimension (65535 on most). */
  readonly maxWorkgroupsPerDimension: number;
  /**
   * A GEMM's measured choice of template and tile on the target device, by
   * gemmKey (gemm.ts); undefined: the default. Set by the autotuner's cache.
   */
  readonly gemmChoice?: GemmChooser;
  /**
   * Another op's kernel module, by op name: how unary_grad finds an
   * activation's derivative without importing every op (the registry
   * imports the ops; an op importing it back would be a cycle).
   */
  readonly kernelOf: (op: string) => KernelModule | undefined;
}

/**
 * A node's kernel as typed data (core/kernel): its bindings say by role
 * which input, parameter or output each one is, so the caller binds
 * buffers by role and binding order is the kernel's own business.
 */
export type Lowering = (ctx: LoweringContext) => KernelDesc;

export class LoweringError extends Error {}

/** What a pointwise formula sees of its node: attributes and full shapes, no buffers. */
export interface PointwiseContext {
  readonly node: Node;
  readonly attrs: Attrs;
  /** Full input shapes (batch first when batched). */
  readonly inputShapes: readonly Shape[];
  /** The node's full output shape. */
  readonly out: Shape;
  /** Another op's kernel module, by op name (as LoweringContext.kernelOf): unary_grad's formula is its activation's derivative. */
  readonly kernelOf: (op: string) => KernelModule | undefined;
}

/**
 * An elementwise op's formula, written once: output element i from its
 * inputs' elements i (operand(j) is input j at the element) and its
 * parameters (paramAtChannel / paramAtElement). The op's own kernel is
 * rendered from it (ops/templates/pointwise_kernel.ts), and fusion
 * (compiler/codegen/fusion/) splices the same Expr into epilogues,
 * prologues and elementwise chains.
 */
export interface PointwiseForm {
  /** Parameter roles the formula reads; default none. */
  readonly paramRoles?: (attrs: Attrs) => readonly string[];
  /** Whether the node, on these shapes, is elementwise (add of equal shapes, eval-mode bn); default always. */
  readonly applies?: (inputShapes: readonly Shape[], out: Shape, attrs: Attrs) => boolean;
  readonly expr: (ctx: PointwiseContext) => Expr;
}

/**
 * Whether `form` describes a node on these shapes: its `applies` holds and
 * every input has the output's element count (views change only the
 * shape). The one test for both an op's own kernel and fusion.
 */
export function formApplies(form: PointwiseForm, inputShapes: readonly Shape[], out: Shape, attrs: Attrs): boolean {
  if (form.applies && !form.applies(inputShapes, out, attrs)) return false;
  const n = elementCount(out);
  return inputShapes.every((s) => elementCount(s) === n);
}

/**
 * An activation's derivative for unary_grad (autodiff's gradient of an
 * activation): operand(0) is the value the activation's gradient rule
 * passes (its input or its output, the rule's choice), operand(1) the
 * incoming gradient. Lives in the activation's own kernel.ts, so a new
 * activation brings its derivative with it.
 */
export type DerivativeForm = (attrs: Attrs) => Expr;

/**
 * The device update of an op's running state (bn's running statistics,
 * ops/contract.ts RunningState) after a training step: a kernel outside
 * the node contract, reading the op's input and updating two parameters,
 * bound as `extra` bindings under the keys the caller gives.
 */
export type RunningUpdate = (inShape: Shape, momentum: number, keys: { readonly input: string; readonly mean: string; readonly variance: string }) => KernelDesc;

/** What an op's kernel.ts exports. */
export interface KernelModule {
  readonly lower: Lowering;
  /** For an op with running state: its update kernel. */
  readonly runningUpdate?: RunningUpdate;
  readonly pointwise?: PointwiseForm;
  readonly derivative?: DerivativeForm;
}
