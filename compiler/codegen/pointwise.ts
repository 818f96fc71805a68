// Which nodes are elementwise, for fusion (fusion/partition.ts): an op whose
// kernel module (ops/<op>/kernel.ts) exports a PointwiseForm, on shapes its
// `applies` accepts, with every operand of the output's element count. The
// formulas live with the ops; fusion renders the same Expr the op's own
// kernel renders, so a fused chain computes what the unfused kernels do.

import type { Attrs, Shape } from "../../core/ir/graph.js";
import { formApplies, type PointwiseForm } from "../../ops/lowering.js";
import { kernelModuleOf } from "./lower.js";

/** The pointwise form of `op` on these shapes, or undefined. */
export function pointwiseOf(op: string, inputShapes: readonly Shape[], out: Shape, attrs: Attrs): PointwiseForm | undefined {
  const p = kernelModuleOf(op)?.pointwise;
  return p && formApplies(p, inputShapes, out, attrs) ? p : undefined;
}
