// The contract of a reference kernel: ops/<name>/reference.ts, each written
// naively (plain loops over the definition), never sharing code with the
// WebGPU kernels, so that it can serve as an independent oracle.

import type { Attrs } from "../core/ir/graph.js";
import type { Precision, Tensor } from "../core/tensor/tensor.js";

export interface KernelContext {
  /** Batch size of this run (batched tensors have it as their first dimension). */
  readonly batch: number;
  readonly precision: Precision;
  /** Training step, for dropout masks that differ per step. */
  readonly step: number;
  /** Output shape the compiler inferred, with the batch first when batched. */
  readonly outShape: readonly number[];
  /**
   * Another op's reference module, by op name: how unary_grad finds an
   * activation's derivative without importing every op (the registry
   * imports the ops; an op importing it back would be a cycle). As
   * LoweringContext.kernelOf does for kernels.
   */
  readonly referenceOf: (op: string) => ReferenceModule | undefined;
}

/**
 * inputs: the node's input tensors, in order (batched ones have the batch
 * first); params: the node's parameter tensors by role (never batched).
 */
export type Kernel = (inputs: readonly Tensor[], attrs: Attrs, params: Readonly<Record<string, Tensor>>, ctx: KernelContext) => Tensor;

/**
 * An activation's derivative in float64, for unary_grad: dx from v (the
 * value the activation's gradient rule passes: its input or its output)
 * and the incoming gradient dy, one element at a time.
 */
export type Derivative = (v: number, dy: number, attrs: Attrs) => number;

/** The batch statistics a running-state update reads (ops/contract.ts, RunningState). */
export interface RunningStats {
  /** Per-channel batch mean, [C]. */
  readonly mean: Tensor;
  /** Per-channel unbiased batch variance (divided by m − 1), [C]. */
  readonly var: Tensor;
}

/** What an op's reference.ts exports. */
export interface ReferenceModule {
  readonly kernel: Kernel;
  /** For an activation: its derivative (unary_grad's reference reads it through `referenceOf`). */
  readonly derivative?: Derivative;
  /** For an op with running state: the batch statistics of its input, at the run's precision. */
  readonly runningStats?: (x: Tensor, precision: Precision) => RunningStats;
}
