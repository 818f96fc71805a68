// The contract of a reference kernel: one file per op under kernels/, each
// written naively (plain loops over the definition), never sharing code
// with the WebGPU kernels, so that it can serve as an independent oracle.

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
}

/**
 * inputs: the node's input tensors, in order (batched ones have the batch
 * first); params: the node's parameter tensors by role (never batched).
 */
export type Kernel = (inputs: readonly Tensor[], attrs: Attrs, params: Readonly<Record<string, Tensor>>, ctx: KernelContext) => Tensor;
