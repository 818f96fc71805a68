// The op contract. Each primitive op lives in its folder ops/<name>/ and
// its op.ts exports one `OpDef` that tells the compiler everything it needs:
// attributes, shape rule, parameters and how they start, cost, spatial
// behaviour (for the receptive field), its gradient, and the facts generic
// passes would otherwise get by testing op names (batched-ness, He init,
// its form in the training graph, running state, and for a loss its
// gradient, names and label rule).
// `registry.ts` lists every definition; `implementations.ts` pairs each with
// its WGSL kernel and float64 reference (see the headers there).

import type { AttrValue, Attrs, DType, Node, Shape } from "../core/ir/graph.js";

/**
 * Attribute types of the language, with the normal form each is stored in:
 * - int, float, bool, string: the scalar;
 * - pair: an int or [h, w], stored as [h, w];
 * - padding: an int, [h, w], "same" or "valid", stored as [h, w] or "same";
 * - pads: an int, [h, w] or [top, bottom, left, right], stored as the four sides (pad);
 * - ints: a list of ints (shapes, for reshape);
 * - floats: a list of finite numbers (loss weights, for weighted_sum);
 * - table: a list of lists of ints (a connection table), or null.
 */
export type AttrType = "int" | "float" | "bool" | "string" | "pair" | "padding" | "pads" | "ints" | "floats" | "table";

export interface AttrSpec {
  readonly type: AttrType;
  /** Omitted means required. `null` is a valid default ("not given"). */
  readonly default?: AttrValue;
  /** Short names a user may write instead: k for kernel, s for stride. */
  readonly aliases?: readonly string[];
  /** Allowed values for strings. */
  readonly oneOf?: readonly string[];
  /** Inclusive lower bound for numbers (and each entry of pairs/ints). */
  readonly min?: number;
  /** Exclusive lower bound (for rates, scales). */
  readonly above?: number;
  /** Inclusive upper bound. */
  readonly max?: number;
  /**
   * Set by the compiler, not by users (bn's `training`, which the training
   * graph sets): left out of docs/language.md's layer reference.
   */
  readonly internal?: boolean;
  readonly doc: string;
}

/** Raised by an op's rules; the caller adds the op and node name. */
export class OpError extends Error {
  constructor(
    message: string,
    readonly expected?: string,
  ) {
    super(message);
  }
}

export interface OpContext {
  readonly inputs: readonly Shape[];
  readonly attrs: Attrs;
  /**
   * Another op's definition, by name: how unary_grad reads its activation's
   * derivative facts. Passed in rather than imported, because the registry
   * imports every op and an op importing it back would be a cycle.
   */
  readonly opNamed?: (name: string) => OpDef | undefined;
}

/**
 * How a parameter starts (compiler/passes/init_rules.ts turns it into the
 * InitSpec a compiled module carries):
 * - `fill`: every entry this constant;
 * - `fans`: normal draws, mean 0, with std √(2 / fan_in) (He) when the graph
 *   holds an op with `heInit`, else √(2 / (fan_in + fan_out)) (Glorot); one
 *   [fan_in, fan_out] pair per `block` consecutive entries (a connection
 *   table's links), or one pair whose block is the whole tensor;
 * - `normal`: normal draws, mean 0, with this standard deviation whatever
 *   the network's activations (PyTorch's nn.init.normal_(t, std=…): ViT's
 *   positional embedding and class token);
 * - `forward`: a backward op's view of a parameter that the forward op it
 *   differentiates declares and initialises (parameters start from their
 *   owner, always a forward node).
 */
export type ParamInit =
  | { readonly fill: number }
  | { readonly fans: readonly (readonly [number, number])[]; readonly block: number }
  | { readonly normal: number }
  | { readonly forward: true };

/** The init of a parameter a backward op reads from its forward op. */
export const fromForward: ParamInit = { forward: true };

export interface ParamDecl {
  readonly role: string;
  readonly shape: Shape;
  readonly kind: "weight" | "bias" | "buffer";
  readonly init: ParamInit;
}

/**
 * Whether an op's value carries the batch dimension at run time:
 * "always"; "never" (weight gradients, losses); "if-any-input": only when
 * some input does (add: a shared weight's gradient sum has no batch).
 */
export type Batched = "always" | "never" | "if-any-input";

/**
 * What an op's training-form rule sees of one forward node while autodiff
 * copies the forward graph into the training graph (compiler/passes/autodiff.ts).
 */
export interface TrainingFormContext {
  readonly node: Node;
  /** The training graph's copies of the node's inputs. */
  readonly inputs: readonly number[];
  /** The training's seed (settings.seed), for values drawn per node. */
  readonly seed: number;
  /**
   * Adds a node to the training graph, named after this node (with
   * `.suffix` when given); `sameParams` gives it this node's parameters.
   */
  emit(op: string, inputs: readonly number[], attrs: Readonly<Record<string, AttrValue>>, opts?: { readonly suffix?: string; readonly sameParams?: boolean }): number;
}

/** The node standing for the forward node in the training graph, and values its gradient rule reads through `aux`. */
export interface TrainingForm {
  readonly value: number;
  readonly aux?: Readonly<Record<string, number>>;
}

/**
 * Running statistics updated after each training step as an exponential
 * average (PyTorch's batch norm): running = (1 − m)·running + m·batch, for
 * the per-channel batch mean and unbiased batch variance of one input.
 */
export interface RunningState {
  /** Whether a node with these attributes updates its statistics (bn: in training mode). */
  active(attrs: Attrs): boolean;
  /** The input whose batch statistics feed the update. */
  readonly input: number;
  /** The parameter roles holding the running mean and variance. */
  readonly meanRole: string;
  readonly varRole: string;
  /** m, the new batch's weight. */
  momentum(attrs: Attrs): number;
}

/** The label a loss compares an output with, per sample: its shape and element type. */
export interface LossLabel {
  readonly shape: Shape;
  readonly dtype: DType;
}

/**
 * A loss users name: `loss NAME(OUTPUT, LABEL, …)` in a training section
 * and `dlc train --loss NAME`. compiler/elaborate/train.ts builds its table
 * of losses from the ops carrying this facet, in registry order; there a
 * loss takes the training section's `weight` and then the op's attributes.
 */
export interface LossFacet {
  /**
   * Other names the training section and --loss accept ("ce"). Loss names,
   * not layer names: they are not the op's `aliases`, which a network's
   * layers may use.
   */
  readonly aliases: readonly string[];
  /**
   * The label's type for an output of this per-sample shape; or, where the
   * loss cannot score such an output, what it needs instead ("class
   * scores"), which the caller words into a diagnostic.
   */
  readonly label: (out: Shape) => LossLabel | { readonly needs: string };
}

export interface OpCost {
  /** Multiply-accumulates of conv and dense work (published-table convention). */
  readonly macs: number;
  /** Every other floating-point operation (bias adds, activations, pooling, BN). */
  readonly flops: number;
}

/**
 * How an op maps positions of its input grid to its output grid, per spatial
 * axis (H, W). The receptive-field pass composes these over the DAG.
 */
export type SpatialMap =
  /** Output pixel sees the same input pixel (activations, BN, add, concat). */
  | { readonly kind: "pointwise" }
  /** A sliding window (conv, pooling). */
  | {
      readonly kind: "window";
      readonly kernel: readonly [number, number];
      readonly stride: readonly [number, number];
      readonly pad: readonly [number, number];
      readonly dilation: readonly [number, number];
    }
  /** Upsampling by an integer factor; `kernel` input pixels touch one output. */
  | {
      readonly kind: "upsample";
      readonly factor: readonly [number, number];
      readonly kernel: readonly [number, number];
      readonly pad: readonly [number, number];
    }
  /** The output is no longer a spatial grid: every output sees the whole input. */
  | { readonly kind: "global" };

export interface OpDef {
  /** Name in the IR and, unless aliased, in the language. */
  readonly name: string;
  /** Other names the language accepts ("batchnorm" for "bn"). */
  readonly aliases?: readonly string[];
  readonly doc: string;
  /** Number of tensor inputs; "variadic" takes two or more, "any" one or more. */
  readonly arity: number | "variadic" | "any";
  /**
   * "forward": a layer users write, which must have a gradient rule;
   * "backward": made by autodiff for a gradient; "loss": a training loss.
   * Default "forward".
   */
  readonly role?: "forward" | "backward" | "loss";
  /** Whether the value carries the batch dimension (compiler/passes/batched.ts). */
  readonly batched: Batched;
  /**
   * A ReLU-family activation: a graph holding one starts its weights with
   * He's std instead of Glorot's (see ParamInit). Default false.
   */
  readonly heInit?: boolean;
  /**
   * For an activation that autodiff differentiates with unary_grad: the
   * derivative's flops per element, and whether it needs the forward
   * alpha. Its formula is in the op's kernel.ts (`derivative`) and
   * reference.ts (`derivative`), so an activation brings all of it along.
   */
  readonly derivative?: { readonly flops: number | ((gradAttrs: Attrs) => number); readonly needsAlpha?: boolean };
  /**
   * How the op appears in the training graph when it differs from a copy
   * (bn in training mode, dropout as x · mask). Default: a plain copy.
   */
  readonly trainingForm?: (t: TrainingFormContext) => TrainingForm;
  /** Statistics the op keeps across training steps (bn). */
  readonly runningState?: RunningState;
  /** For a loss ("loss" role, a training loss users name): the op autodiff emits for its gradient. */
  readonly lossGradient?: string;
  /** For a training loss users name: its loss names and label rule (with `lossGradient`). */
  readonly loss?: LossFacet;
  /** The vector-Jacobian product as IR ops (compiler/passes/autodiff.ts). */
  readonly grad?: GradRule;
  /** Attributes in positional order. */
  readonly attrs: Readonly<Record<string, AttrSpec>>;
  /** Output shape, or throws OpError naming the rule broken. */
  inferShape(ctx: OpContext): Shape;
  /** Parameters the op owns, in PyTorch layouts. */
  params(ctx: OpContext): readonly ParamDecl[];
  /** Cost per sample. `out` is the shape inferShape returned. */
  cost(ctx: OpContext, out: Shape): OpCost;
  /** Spatial behaviour for the receptive field; only asked of spatial inputs. */
  spatial(ctx: OpContext): SpatialMap;
  /** Ops whose output is an integer tensor, or that must keep dtype; default f32. */
  readonly outputDType?: "f32" | "i32";
  /**
   * The element type input j must have, where the op needs one (embedding's
   * ids: i32); an input past the list, or listed as undefined, may be
   * either. The elaborator refuses a network that feeds another.
   */
  readonly inputDTypes?: readonly (DType | undefined)[];
  /**
   * Integer inputs that index rows (embedding's ids): input `input` must
   * hold values in 0..count(attrs) − 1. A host checks data it is fed
   * against this before running, so a bad id is the user's error, named,
   * rather than a failure inside a kernel.
   */
  readonly indexes?: { readonly input: number; readonly count: (attrs: Attrs) => number; readonly what: string };
}

/**
 * What a gradient rule sees of one forward node while autodiff walks the
 * graph backwards. Values are node ids of the training graph.
 */
export interface GradContext {
  readonly node: Node;
  readonly inputs: readonly Shape[];
  readonly attrs: Attrs;
  /** The training graph's copy of forward input i. */
  x(i: number): number;
  /** The training graph's copy of this node's output. */
  readonly y: number;
  /** The gradient of the loss with respect to y (y's shape, batched). */
  readonly dy: number;
  /** Whether input i needs a gradient (some trainable parameter or requested input lies behind it). */
  needsInput(i: number): boolean;
  /** Whether the parameter in this role trains. */
  needsParam(role: string): boolean;
  /**
   * Adds a node to the training graph. `params` maps the new node's roles to
   * this forward node's roles, so that it reads the same parameter tensors.
   */
  emit(op: string, inputs: readonly number[], attrs: Record<string, AttrValue>, params?: Record<string, string>): number;
  /** A value the training graph made for this node (dropout's "mask"). */
  aux(name: string): number;
}

export interface GradResult {
  /** Gradient for each forward input; undefined where none is needed. */
  readonly inputs?: readonly (number | undefined)[];
  /** Gradient for each trainable parameter role, unbatched, of the parameter's shape. */
  readonly params?: Readonly<Record<string, number>>;
}

export type GradRule = (g: GradContext) => GradResult;

// Helpers shared by op files: small, so that each op file reads on its own.

export function pairAttr(attrs: Attrs, key: string): [number, number] {
  const v = attrs[key];
  if (Array.isArray(v) && v.length === 2) return [Number(v[0]), Number(v[1])];
  throw new Error(`internal: attribute '${key}' is not a normalised pair`);
}

/** A numeric attribute (a "float" one: rates, epsilons, weights). */
export function numAttr(attrs: Attrs, key: string): number {
  const v = attrs[key];
  if (typeof v !== "number") throw new Error(`internal: attribute '${key}' is not a number`);
  return v;
}

/** An "int" attribute (axes, counts, indices): validation has made it a whole number. */
export function intAttr(attrs: Attrs, key: string): number {
  const v = numAttr(attrs, key);
  if (!Number.isInteger(v)) throw new Error(`internal: attribute '${key}' is not an integer, got ${v}`);
  return v;
}

export function boolAttr(attrs: Attrs, key: string): boolean {
  const v = attrs[key];
  if (typeof v !== "boolean") throw new Error(`internal: attribute '${key}' is not a bool`);
  return v;
}

export function stringAttr(attrs: Attrs, key: string): string {
  const v = attrs[key];
  if (typeof v !== "string") throw new Error(`internal: attribute '${key}' is not a string`);
  return v;
}

export function fmt(shape: Shape): string {
  return `[${shape.join(", ")}]`;
}

/** Requires a [C, H, W] input; names the op's expectation otherwise. */
export function expectCHW(shape: Shape, what = "input"): [number, number, number] {
  if (shape.length !== 3) {
    throw new OpError(`${what} has shape ${fmt(shape)}, but this op needs a [channels, height, width] feature map`, "a rank-3 input [C, H, W]");
  }
  return [shape[0]!, shape[1]!, shape[2]!];
}

/** Output size of a sliding window along one axis (PyTorch's formula). */
export function windowOut(size: number, kernel: number, stride: number, padLo: number, padHi: number, dilation: number, ceil: boolean): number {
  const eff = dilation * (kernel - 1) + 1;
  const span = size + padLo + padHi - eff;
  if (span < 0) return 0;
  let out = ceil ? Math.ceil(span / stride) + 1 : Math.floor(span / stride) + 1;
  // As PyTorch: with ceil mode the last window must start inside the input or left padding.
  if (ceil && (out - 1) * stride >= size + padLo) out -= 1;
  return out;
}

/** Elementwise-only ops share these: shape passes through, one flop per element. */
export const pointwise: SpatialMap = { kind: "pointwise" };
export const noParams = (): readonly ParamDecl[] => [];

/**
 * Padding along one axis as [before, after]. "same" follows TensorFlow: the
 * output is ceil(size / stride) and any odd padding goes after.
 */
export function resolvePad(pad: AttrValue, axis: 0 | 1, size: number, kernel: number, stride: number, dilation: number): [number, number] {
  if (pad === "same") {
    const eff = dilation * (kernel - 1) + 1;
    const out = Math.ceil(size / stride);
    const total = Math.max((out - 1) * stride + eff - size, 0);
    const lo = Math.floor(total / 2);
    return [lo, total - lo];
  }
  if (Array.isArray(pad) && pad.length === 2) {
    const p = Number(pad[axis]);
    return [p, p];
  }
  throw new Error("internal: padding is not normalised");
}
