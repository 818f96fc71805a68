// What `dlc summary --train` says about the compiled WebGPU step. In its
// own file so that summary loads code generation only when --train asks.

import { buildTrainingProgram } from "../../compiler/codegen/program.js";
import { LoweringError } from "../../ops/lowering.js";
import type { TrainingGraph } from "../../compiler/passes/autodiff.js";
import type { CompiledStep } from "./report.js";

/** The compiled step's kernels and arena; undefined where WebGPU cannot run the step (clip_norm). */
export function compiledStep(t: TrainingGraph, batch: number): CompiledStep | undefined {
  if (t.graph.train?.settings.clip_norm != null) return undefined;
  try {
    const p = buildTrainingProgram(t, batch);
    // + 1: the optimizer's kernel.
    return { kernels: p.kernels.length + 1, arenaBytes: p.memory.arenaBytes, lowerBoundBytes: p.memory.lowerBoundBytes };
  } catch (e) {
    if (e instanceof LoweringError) return undefined;
    throw e;
  }
}
