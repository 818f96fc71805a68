// The graph IR: a typed DAG with one node per primitive op. Every node has
// exactly one output value (multi-output constructs such as channel split
// elaborate into several single-output nodes), so a node id names a value.
// Shapes are per sample: the batch dimension is implicit everywhere.

import type { Span } from "../diagnostics/diagnostic.js";

export type DType = "f32" | "i32";
export type Shape = readonly number[];

export type AttrValue = number | boolean | string | null | readonly AttrValue[];
export type Attrs = Readonly<Record<string, AttrValue>>;

/** What a parameter tensor is for; decides counting and initialisation. */
export type ParamKind = "weight" | "bias" | "buffer";

export interface ParamInfo {
  /** Dotted, PyTorch-style: "layer1.0.conv1.weight". */
  readonly name: string;
  readonly shape: Shape;
  readonly kind: ParamKind;
  /** Buffers (BN running statistics) are state, never trainable. */
  trainable: boolean;
  /** Node that declared it first; shared parameters list one owner. */
  readonly owner: string;
}

export interface Node {
  readonly id: number;
  /** Unique within the graph, dotted by block scope: "stage2.basic1.conv1". */
  readonly name: string;
  readonly op: string;
  readonly inputs: readonly number[];
  /** Normalised attributes: every declared attribute present, defaults filled. */
  readonly attrs: Attrs;
  /** Role ("weight", "bias", ...) to parameter name in `Graph.params`. */
  readonly params: Readonly<Record<string, string>>;
  /** Per sample: the batch dimension is not part of it. */
  shape: Shape;
  dtype: DType;
  /**
   * Whether the value carries the batch dimension at run time, its full
   * shape then [batch, ...shape]. Set when the node is built, from its op's
   * `batched` fact (compiler/passes/batched.ts); weight gradients and
   * losses have none.
   */
  readonly batched: boolean;
  readonly span?: Span;
}

export interface GraphOutput {
  readonly name: string;
  readonly node: number;
  readonly span?: Span;
}

export interface LossSpec {
  readonly kind: string;
  readonly output: string;
  readonly label: string;
  readonly labelShape: Shape;
  readonly labelDType: DType;
  readonly weight: number;
  readonly attrs: Attrs;
  readonly span?: Span;
}

export interface TrainSpec {
  readonly losses: readonly LossSpec[];
  readonly optimizer: { readonly kind: string; readonly attrs: Attrs; readonly span?: Span };
  readonly schedule?: { readonly kind: string; readonly attrs: Attrs; readonly span?: Span };
  /** Node names or scope prefixes whose parameters do not train. */
  readonly frozen: readonly string[];
  readonly settings: Attrs;
  readonly span?: Span;
}

export interface Graph {
  readonly name: string;
  /** Topological order: every input of a node comes before it. */
  readonly nodes: Node[];
  readonly inputs: readonly number[];
  readonly outputs: readonly GraphOutput[];
  readonly params: Map<string, ParamInfo>;
  train?: TrainSpec;
  readonly span?: Span;
}

/** The number of elements of a shape: the product of its dimensions, 1 for a scalar `[]`. */
export function elementCount(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** `n` rounded up to a multiple of `to` (byte offsets, float offsets). */
export function alignUp(n: number, to: number): number {
  return Math.ceil(n / to) * to;
}

export function formatShape(shape: Shape): string {
  return `[${shape.join(", ")}]`;
}

const BYTES: Readonly<Record<DType, number>> = { f32: 4, i32: 4 };

/** Bytes per element of a dtype, for sizing a value's device buffer. */
export function bytesOf(dtype: DType): number {
  return BYTES[dtype];
}
