// The Program format: everything the runtime needs to run a network on
// WebGPU, as plain data (what `dlc compile` writes to NAME.json): buffers
// and their sizes, where every input, output, parameter and loss lives, and
// the kernels in order with their bindings. The compiler writes it
// (compiler/codegen/program.ts) and the runtime reads it
// (runtime/webgpu/program.ts); neither imports the other, both import this.

import type { ParamKind } from "../ir/graph.js";
import type { OptimizerHyper } from "../optim/optimizers.js";

/** Byte alignment of every offset: the largest storage offset alignment WebGPU allows, so a program suits any device. */
export const PROGRAM_ALIGN = 256;

/** A byte range of one of the program's buffers. */
export interface ProgramRange {
  readonly buffer: number;
  readonly offset: number;
  readonly size: number;
}

export interface ProgramTensor {
  readonly name: string;
  readonly shape: readonly number[];
  readonly dtype: "f32" | "i32";
  readonly range: ProgramRange;
}

export interface ProgramParam extends ProgramTensor {
  readonly kind: ParamKind;
  readonly trainable: boolean;
}

export interface ProgramKernel {
  readonly label: string;
  /** The IR nodes the kernel computes (one per kernel until fusion). */
  readonly nodes: readonly string[];
  readonly code: string;
  readonly dispatch: readonly [number, number, number];
  readonly bindings: readonly ProgramRange[];
}

export interface Program {
  readonly format: "dlc-program";
  readonly version: 1;
  readonly network: string;
  readonly mode: "train" | "infer";
  readonly batch: number;
  readonly buffers: readonly { readonly label: string; readonly bytes: number }[];
  /** Network inputs, then labels (training). Full shapes, batch first. */
  readonly inputs: readonly ProgramTensor[];
  readonly outputs: readonly ProgramTensor[];
  readonly params: readonly ProgramParam[];
  readonly kernels: readonly ProgramKernel[];
  /** Training only. */
  readonly losses?: readonly ProgramTensor[];
  readonly loss?: ProgramTensor;
  readonly optimizer?: {
    readonly hyper: OptimizerHyper;
    /** The 4-float buffer of per-step values: lr, t, 1 − β1^t, 1 − β2^t. */
    readonly step: ProgramRange;
    readonly kernel: ProgramKernel;
  };
  /** Bytes of the activation arena, its liveness lower bound, and the unplanned sum. */
  readonly memory: { readonly arenaBytes: number; readonly lowerBoundBytes: number; readonly naiveBytes: number };
}
