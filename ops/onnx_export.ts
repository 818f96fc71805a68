// The ONNX contract of an op: how `dlc export --to onnx` (host/export/onnx/)
// writes one node of the inference graph as ONNX nodes. Each forward op has
// ops/<name>/onnx.ts exporting an `OnnxExport`, listed in ops/onnx_exports.ts;
// tests/host/export/onnx/ checks that every forward op of the registry has
// one and that the exported models compute, in onnxruntime, what the float64
// reference executor computes.
//
// A form is plain data: the standard ONNX nodes (default domain, opset 17)
// that compute the node's value from its inputs and parameters, and the
// constants those nodes read (reshape targets, pads, broadcast shapes). An op
// with no single ONNX twin becomes a small subgraph of standard ops (gelu as
// erf arithmetic, a connection table as a gather into a dense kernel), never
// a custom op and never dropped. Parameters are read under the names the
// writer gives (dlc's parameter names, as stored, in dlc's shapes): a form
// that needs another layout reshapes or transposes them in the graph, so
// that the model's initializers are exactly dlc's parameters.
//
// Shapes here are per sample, as everywhere in the IR; in the ONNX graph
// every value carries the batch axis first, so per-sample axis a is tensor
// axis a + 1, and a reshape keeps the batch with a 0 in its target (ONNX
// Reshape copies that dimension). The graph is the inference form: bn on its
// running statistics, dropout the identity.

import type { Attrs, Shape } from "../core/ir/graph.js";

/** What an op's ONNX form sees of one node. */
export interface OnnxNodeInfo {
  /** Normalised attributes (every declared one present, defaults filled). */
  readonly attrs: Attrs;
  /** Per-sample shapes of the inputs (batch excluded). */
  readonly inputs: readonly Shape[];
  /** The node's per-sample output shape. */
  readonly out: Shape;
  /** The node's parameters by role, with their shapes. */
  readonly params: Readonly<Record<string, Shape>>;
}

/** The value names the writer hands a form. */
export interface OnnxNames {
  /** The inputs' values, in order. */
  readonly inputs: readonly string[];
  /** The parameters' initializers by role (dlc's parameter names). */
  readonly params: Readonly<Record<string, string>>;
  /** The name the form's last node must write: the node's value. */
  readonly output: string;
  /** A fresh name for an intermediate value or constant, derived from the output's. */
  temp(hint: string): string;
  /** A value holding the batch size as an int64 [1] tensor (fixed, or read from a graph input's shape). */
  batch(): string;
}

/** An attribute of an ONNX node, by its kind. */
export type OnnxAttrValue =
  | { readonly f: number }
  | { readonly i: number }
  | { readonly s: string }
  | { readonly floats: readonly number[] }
  | { readonly ints: readonly number[] };

/** One ONNX node: a standard operator of the default domain. */
export interface OnnxOp {
  readonly op: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly attrs?: Readonly<Record<string, OnnxAttrValue>>;
}

/** A constant the nodes read (stored in the graph as a Constant node, not as an initializer). */
export interface OnnxConstant {
  readonly name: string;
  readonly type: "float" | "int64";
  readonly dims: readonly number[];
  readonly values: readonly number[];
}

export interface OnnxForm {
  readonly nodes: readonly OnnxOp[];
  readonly constants?: readonly OnnxConstant[];
  /** For the network's input op only: the value is a graph input, fed by the caller. */
  readonly graphInput?: boolean;
}

/** An op's ONNX export: its form for one node. */
export interface OnnxExport {
  form(node: OnnxNodeInfo, names: OnnxNames): OnnxForm;
}

// Helpers shared by the onnx.ts files, so that each reads as its formula.

export const int = (i: number): OnnxAttrValue => ({ i });
export const float = (f: number): OnnxAttrValue => ({ f });
export const ints = (v: readonly number[]): OnnxAttrValue => ({ ints: [...v] });
export const str = (s: string): OnnxAttrValue => ({ s });

/** One node writing `output`. */
export function op(type: string, inputs: readonly string[], output: string, attrs?: Readonly<Record<string, OnnxAttrValue>>): OnnxOp {
  return { op: type, inputs: [...inputs], outputs: [output], ...(attrs ? { attrs } : {}) };
}

/** A form of one node from the inputs to the output. */
export function single(type: string, inputs: readonly string[], names: OnnxNames, attrs?: Readonly<Record<string, OnnxAttrValue>>): OnnxForm {
  return { nodes: [op(type, inputs, names.output, attrs)] };
}

/** An int64 constant (shapes, axes, pads, indices). */
export function int64s(name: string, values: readonly number[], dims: readonly number[] = [values.length]): OnnxConstant {
  return { name, type: "int64", dims: [...dims], values: [...values] };
}

/** A float scalar constant ([] dims): broadcasts against any tensor. */
export function scalar(name: string, value: number): OnnxConstant {
  return { name, type: "float", dims: [], values: [value] };
}

/** The tensor axis of per-sample axis `axis` of `shape` (negative counts from the end): one past it, for the batch. */
export function tensorAxis(axis: number, shape: Shape): number {
  return (axis < 0 ? axis + shape.length : axis) + 1;
}

/**
 * A per-channel vector [C] (bias, scale, slope) reshaped to [C, 1, …, 1], so
 * that it broadcasts over channel axis 1 of a batched value of per-sample
 * rank `rank` (ONNX broadcasts from the last axis). Nothing to do for rank 1.
 */
export function perChannel(vector: string, channels: number, rank: number, names: OnnxNames, hint: string): { value: string; nodes: OnnxOp[]; constants: OnnxConstant[] } {
  if (rank <= 1) return { value: vector, nodes: [], constants: [] };
  const shape = int64s(names.temp(`${hint}_shape`), [channels, ...new Array<number>(rank - 1).fill(1)]);
  const value = names.temp(hint);
  return { value, nodes: [op("Reshape", [vector, shape.name], value)], constants: [shape] };
}

/**
 * The [top, left, bottom, right] pads of a pooling window over a [C, H, W]
 * input giving `out`: `pad` before, and after whatever the last window needs
 * beyond the input (at least `pad`). Ceil mode so becomes explicit padding,
 * and the output size is the one dlc's shape rule gave, whatever a runtime's
 * own ceil rule would say.
 */
export function windowPads(input: Shape, out: Shape, k: readonly [number, number], s: readonly [number, number], d: readonly [number, number], pad: readonly [number, number]): [number, number, number, number] {
  const after = (i: 0 | 1) => Math.max(pad[i], (out[i + 1]! - 1) * s[i] + d[i] * (k[i] - 1) + 1 - input[i + 1]! - pad[i]);
  return [pad[0], pad[1], after(0), after(1)];
}
