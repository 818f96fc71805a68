// Helpers shared by the backward and loss ops (docs/autodiff.md): the
// `in_shape` and loss `weight` attributes, and the shape checks that tie a
// gradient to the forward op it comes from.

import { elementCount, type Attrs, type Shape } from "../core/ir/graph.js";
import { expectCHW, fmt, noParams, OpError, pointwise, type AttrSpec, type OpContext, type OpDef } from "./contract.js";

/** The forward input's per-sample shape, for ops whose output has it but no input does. */
export const inShapeSpec: AttrSpec = { type: "ints", min: 1, doc: "the forward input's per-sample shape" };

/** A loss's weight in the total; its gradient op scales by it. */
export const lossWeightSpec: AttrSpec = { type: "float", min: 0, default: 1, doc: "the loss's weight in the total" };

export function shapeAttr(attrs: Attrs, key: string): Shape {
  const v = attrs[key];
  if (!Array.isArray(v) || !v.every((d) => typeof d === "number")) throw new Error(`internal: attribute '${key}' is not a normalised list of ints`);
  return v as readonly number[];
}

export function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** Inputs i and j must have one shape (x and dy of an elementwise gradient, a loss and its target). */
export function expectSame(ctx: OpContext, i: number, j: number, names: readonly string[]): Shape {
  const a = ctx.inputs[i]!;
  const b = ctx.inputs[j]!;
  if (!sameShape(a, b)) {
    throw new OpError(`${names[i]} has shape ${fmt(a)} but ${names[j]} has shape ${fmt(b)}; they must match`, `${names[j]} of shape ${fmt(a)}`);
  }
  return a;
}

/** dy must have the shape the forward op gives for its input. */
export function expectDy(dy: Shape, forwardOut: Shape, forward: string): void {
  if (!sameShape(dy, forwardOut)) {
    throw new OpError(`dy has shape ${fmt(dy)}, but ${forward} gives ${fmt(forwardOut)} for this input`, `dy of shape ${fmt(forwardOut)}`);
  }
}

/**
 * A forward op's shape rule (its inferShape). A gradient op takes it from
 * ops/shared/, where the forward op's folder takes it too: op folders do
 * not import each other.
 */
export type ShapeRule = OpDef["inferShape"];

/** The forward op's context and output shape for forward input `x`. */
export function forward(shapeOf: ShapeRule, x: Shape, attrs: Attrs): { ctx: OpContext; out: Shape } {
  const ctx: OpContext = { inputs: [x], attrs };
  return { ctx, out: shapeOf(ctx) };
}

/** For a data gradient: the forward input from `in_shape` ([C, H, W]), the forward op's context and its output shape. */
export function forwardFromInShape(shapeOf: ShapeRule, ctx: OpContext): { x: Shape; ctx: OpContext; out: Shape } {
  const x = shapeAttr(ctx.attrs, "in_shape");
  expectCHW(x, "in_shape");
  return { x, ...forward(shapeOf, x, ctx.attrs) };
}

/** Channel count (axis 0) of a value that must have a channel axis. */
export function channelAxis(shape: Shape, what: string, purpose: string): number {
  if (shape.length === 0) throw new OpError(`${what} has shape ${fmt(shape)}, but ${purpose} needs a channel axis`, "an input of rank ≥ 1");
  return shape[0]!;
}

/** Checks cross-entropy's inputs: logits [K, …positions] and an i32 label [...positions]. */
export function classInputs(ctx: OpContext): { classes: number; positions: number } {
  const [logits, label] = [ctx.inputs[0]!, ctx.inputs[1]!];
  if (logits.length === 0) throw new OpError(`logits have shape ${fmt(logits)}, but cross-entropy needs a class axis`, "logits [K] or [K, H, W]");
  const want = logits.slice(1);
  if (!sameShape(label, want)) {
    throw new OpError(`label has shape ${fmt(label)}, but logits ${fmt(logits)} need one class index per position, ${fmt(want)}`, `an i32 label of shape ${fmt(want)}`);
  }
  return { classes: logits[0]!, positions: elementCount(want) };
}

/** Split-K (passes/split_k.ts): a weight gradient as S partial sums over chunks of its reduction. */
export const SPLITS_ATTR: AttrSpec = { type: "int", min: 1, default: 1, doc: "partial sums over this many chunks of the reduction (split-K); 1: the whole sum" };

/** The number of chunks a weight gradient's reduction is split into (1 when the attribute is absent). */
export function splitsOf(attrs: Attrs): number {
  return typeof attrs.splits === "number" ? attrs.splits : 1;
}

/** A weight gradient's shape: the weight's, with a leading axis of S partial sums when split. */
export function withSplits(attrs: Attrs, shape: Shape): Shape {
  const s = splitsOf(attrs);
  return s > 1 ? [s, ...shape] : shape;
}

/**
 * A data gradient's shape when dy (input 0) is its only input: the forward
 * input from `in_shape` ([C, H, W]), once dy has the forward output's shape.
 */
export function inShapeGradShape(shapeOf: ShapeRule, forwardName: string, ctx: OpContext): Shape {
  const f = forwardFromInShape(shapeOf, ctx);
  expectDy(ctx.inputs[0]!, f.out, forwardName);
  return f.x;
}

/**
 * What every data gradient that reads only dy declares alike: one input,
 * batched, the backward role, the forward op's attributes plus `in_shape`,
 * its shape rule (the forward input's shape, once dy has the forward
 * output's), no parameters, and the pointwise map backward ops carry
 * (they are outside the receptive-field pass). `rank`: "chw" for the
 * spatial ops, whose forward input is [C, H, W]; "any" for ops on any
 * per-sample shape (slice, mean). A gradient that reads the forward
 * weight overrides `params`; each names itself, its doc and its cost.
 */
export function dataGradFields(forwardName: string, forwardAttrs: Readonly<Record<string, AttrSpec>>, shapeOf: ShapeRule, rank: "chw" | "any" = "chw") {
  return {
    arity: 1,
    batched: "always",
    role: "backward",
    attrs: { ...forwardAttrs, in_shape: inShapeSpec },
    inferShape: (ctx: OpContext): Shape => {
      if (rank === "chw") return inShapeGradShape(shapeOf, forwardName, ctx);
      const x = shapeAttr(ctx.attrs, "in_shape");
      expectDy(ctx.inputs[0]!, forward(shapeOf, x, ctx.attrs).out, forwardName);
      return x;
    },
    params: noParams,
    spatial: () => pointwise,
  } as const satisfies Partial<OpDef>;
}

/** A data gradient's shape when it reads x and dy (inputs 0 and 1): x ([C, H, W]), once dy has the forward output's shape. */
export function xGradShape(shapeOf: ShapeRule, forwardName: string, ctx: OpContext): Shape {
  const x = ctx.inputs[0]!;
  expectCHW(x, "x");
  expectDy(ctx.inputs[1]!, forward(shapeOf, x, ctx.attrs).out, forwardName);
  return x;
}

/** An elementwise loss of x against a target of its shape (mse, bce, smooth_l1): an unbatched scalar. */
export function targetLossShape(ctx: OpContext): Shape {
  expectSame(ctx, 0, 1, ["x", "target"]);
  return [];
}

/** Its gradient with respect to x: x's shape, once the target has it too. */
export const targetLossGradShape = (ctx: OpContext): Shape => expectSame(ctx, 0, 1, ["x", "target"]);
