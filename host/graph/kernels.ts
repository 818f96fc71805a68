// The kernels of the compiled training step, for --train's fusion marks.
// In its own file so that `dlc graph` loads code generation only when
// --train asks for it.

import { buildTrainingProgram } from "../../compiler/codegen/program.js";
import { LoweringError } from "../../ops/lowering.js";
import type { TrainingGraph } from "../../compiler/passes/autodiff.js";
import type { KernelNodes } from "./train_view.js";

/** The step's kernels in order (the optimizer's, which covers no node, left out), or why there are none. */
export function stepKernels(t: TrainingGraph, batch: number): { kernels: readonly KernelNodes[] } | { reason: string } {
  if (t.graph.train?.settings.clip_norm != null) return { reason: "clip_norm is not compiled for WebGPU yet" };
  try {
    return { kernels: buildTrainingProgram(t, batch).kernels };
  } catch (e) {
    if (e instanceof LoweringError) return { reason: e.message };
    throw e;
  }
}
