// The lowering contract: how one IR node becomes one WGSL compute kernel.
// Shapes are static at compile time (the batch is fixed by `--batch`), so
// every size is baked into the shader as a constant: no uniform buffers,
// no per-dispatch state. One file per op: ops/<op>/kernel.ts.
//
// Bindings, all in @group(0), in this order:
//   0 … k-1      the node's inputs, `var<storage, read_write>` (only read; see
//                wgsl.ts for why), array<f32> (array<i32> for i32 values)
//   k … k+p-1    the parameters it reads, in `paramRoles` order, `var<storage, read>` array<f32>
//   k+p          the output, `var<storage, read_write>`, array<f32>
// Tensors are dense, row-major, batch first for batched values (the same
// layout as the reference executor), so a kernel's indexing reads as the
// definition in docs/autodiff.md.

import type { Attrs, DType, Node, Shape } from "../core/ir/graph.js";
import type { GemmChooser } from "./templates/gemm.js";

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
}

export interface KernelSource {
  /** A WGSL module with one entry point, `main`. */
  readonly code: string;
  readonly dispatch: readonly [number, number, number];
  /** Parameter roles in binding order. */
  readonly paramRoles: readonly string[];
  /**
   * Positions of the inputs that have a binding; absent means all. A value
   * read twice (x * x) is bound once (see dedupeInputs in lower.ts).
   */
  readonly boundInputs?: readonly number[];
}

export type Lowering = (ctx: LoweringContext) => KernelSource;

export class LoweringError extends Error {}
