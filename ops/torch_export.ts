// The PyTorch contract of an op: how `dlc export --to pytorch`
// (host/export/pytorch/) writes one node of the graph as Python. Each
// forward op has ops/<name>/torch.ts exporting a `TorchExport`, listed in
// ops/torch_exports.ts; tests/host/export/pytorch/ checks that every forward
// op of the registry has one, and that the exported modules compute what the
// float64 reference executor computes.
//
// A node becomes one of two forms:
// - "module": a submodule of the exported nn.Module, for ops with
//   parameters. `init` is its constructor (`nn.Conv2d(3, 16, 3, bias=False)`),
//   `state` maps each dlc parameter role to its key inside that submodule,
//   so that `state_dict()` names are exactly dlc's parameter names (the
//   writer puts the submodule at the path the names give: `conv1.weight` →
//   `self.conv1`). `call` writes the forward call when it is not
//   `self.conv1(x)`.
// - "expr": a functional expression of the inputs (`F.relu(x)`), for ops
//   without parameters.
// An op with no PyTorch twin brings its own small nn.Module or function as a
// `helper`, written once at the top of the exported file (never dropped).
//
// Shapes here are per sample, as everywhere in the IR; in the exported
// Python every value carries the batch axis first, so per-sample axis a is
// tensor dim a + 1.

import type { Attrs, Shape } from "../core/ir/graph.js";

/** What an op's PyTorch form sees of one node. */
export interface TorchNode {
  /** Normalised attributes (every declared one present, defaults filled). */
  readonly attrs: Attrs;
  /** Per-sample shapes of the inputs (batch excluded). */
  readonly inputs: readonly Shape[];
  /** The node's per-sample output shape. */
  readonly out: Shape;
  /** The node's parameters by role, with their shapes. */
  readonly params: Readonly<Record<string, Shape>>;
}

/** Python code written once at the top of the exported file: a class or a function, named `name`. */
export interface PyHelper {
  readonly name: string;
  readonly code: string;
}

/**
 * Python expressions the writer hands a form: the inputs' values, and
 * `batch`, a variable holding the batch size (for ops without an input,
 * and for reshapes that keep the batch axis).
 */
export interface TorchArgs {
  readonly inputs: readonly string[];
  readonly batch: string;
}

export interface TorchModuleForm {
  readonly kind: "module";
  /** The submodule's constructor, a Python expression. */
  readonly init: string;
  /** dlc parameter role → the key of that tensor in the submodule's state_dict ("weight" → "weight"). */
  readonly state: Readonly<Record<string, string>>;
  /** The forward call given the submodule's expression; default `m(inputs…)`. */
  readonly call?: (module: string, args: TorchArgs) => string;
}

export interface TorchExprForm {
  readonly kind: "expr";
  readonly expr: (args: TorchArgs) => string;
}

export type TorchForm = TorchModuleForm | TorchExprForm;

/** An op's PyTorch export: its form for one node, and the helpers the form names. */
export interface TorchExport {
  readonly helpers?: readonly PyHelper[];
  form(node: TorchNode): TorchForm;
}

// Python literals, so that every torch.ts writes numbers alike.

/** A number as a Python literal that reads back as the same float64 ("1e-05", "0.1", "3"). */
export function pyNum(v: number): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? 'float("nan")' : v > 0 ? 'float("inf")' : 'float("-inf")';
  return String(v);
}

/** A number as a Python float literal ("3.0", "0.5", "1e-05"): where an int would change a tensor's dtype. */
export function pyFloat(v: number): string {
  const s = pyNum(v);
  return /^-?\d+$/.test(s) ? `${s}.0` : s;
}

/** A Python bool. */
export const pyBool = (v: boolean): string => (v ? "True" : "False");

/** A Python string literal (JSON's escapes are Python's for these). */
export const pyStr = (s: string): string => JSON.stringify(s);

/** A pair as Python: `3` when both are equal, else `(3, 5)`. */
export function pyPair(p: readonly [number, number]): string {
  return p[0] === p[1] ? pyNum(p[0]) : `(${pyNum(p[0])}, ${pyNum(p[1])})`;
}

/** A tuple of ints as Python: `(1,)`, `(2, 3)`. */
export function pyTuple(xs: readonly number[]): string {
  return xs.length === 1 ? `(${pyNum(xs[0]!)},)` : `(${xs.map(pyNum).join(", ")})`;
}

/** Keyword arguments, skipping those at their PyTorch default: `kw([["stride", "2", "1"]])` → ", stride=2". */
export function pyKwargs(items: readonly (readonly [string, string, string?])[]): string {
  return items
    .filter(([, v, dflt]) => v !== dflt)
    .map(([k, v]) => `, ${k}=${v}`)
    .join("");
}

/** The tensor dim of per-sample axis `axis` (negative counts from the end of `shape`). */
export function torchDim(axis: number, shape: Shape): number {
  return (axis < 0 ? axis + shape.length : axis) + 1;
}

/**
 * A training loss in PyTorch (ops/<loss>/torch.ts of the losses users name):
 * its value as an expression of the output and its label, reduced as dlc
 * reduces it (the mean over the batch and the elements).
 */
export interface TorchLoss {
  expr(output: string, label: string, attrs: Attrs): string;
}
