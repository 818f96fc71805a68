// Calling a layer: more attributes make a new partial layer; tensors apply
// it, and so does a call of a layer that takes no tensors (param). A builtin runs at once; an op becomes one graph node, named in the
// current frame's scope (`as NAME`, its variable's name, or an automatic
// conv1, conv2, …), its weights owned by the first application so that a
// layer applied again shares them; a block is handed to apply_block.ts
// through the context.

import type * as A from "../../grammar/ast.js";
import type { Span } from "../../core/diagnostics/diagnostic.js";
import type { AttrValue } from "../../core/ir/graph.js";
import { lookupOp } from "../../ops/registry.js";
import { fail } from "./builder.js";
import { builtins } from "./builtins.js";
import type { ElabContext } from "./elab_context.js";
import { isList, isTensor, toAttr, typeName, type ArgValues, type LayerValue, type TensorValue, type Value } from "./values.js";

/** Calls a layer with more arguments: applies it if tensors are present, else returns a partial layer. */
export function invokeLayer(cx: ElabContext, f: LayerValue, piped: readonly TensorValue[], extra: ArgValues, span: Span): Value {
  // Adding attributes to a partial layer (`c3(16)`) makes a new layer with
  // its own weights; only applying the same layer to tensors shares them.
  const isTensorArg = (v: Value) => isTensor(v) || (isList(v) && v.items.length > 0 && v.items.every(isTensor));
  if (f.callee.kind !== "builtin" && (extra.named.size > 0 || extra.positional.some((v) => !isTensorArg(v)))) f = { ...f, boundName: undefined };
  const named = new Map(f.args.named);
  for (const [k, v] of extra.named) {
    if (named.has(k)) fail(`argument '${k}' is given twice`, v.span, { expected: "each argument once" });
    named.set(k, v);
  }
  const all = [...f.args.positional, ...extra.positional];
  const allSpans = [...f.args.positionalSpans, ...extra.positionalSpans];
  if (f.callee.kind === "builtin") {
    const args = [...piped, ...all];
    const spans = [...piped.map(() => span), ...allSpans];
    if (named.size) fail(`${f.callee.name} takes no keyword arguments`, [...named.values()][0]!.span);
    return builtins[f.callee.name]!({
      args,
      spans,
      span,
      slice: (x, start, end) => applyOp(cx, "slice", [x], span, undefined, [start, end]),
      channels: (x) => cx.builder.nodes[x.node]!.shape[0] ?? 1,
    });
  }
  const tensors: TensorValue[] = [...piped];
  const attrs: Value[] = [];
  const attrSpans: Span[] = [];
  all.forEach((v, i) => {
    if (isTensor(v)) tensors.push(v);
    else if (isList(v) && v.items.length > 0 && v.items.every(isTensor)) for (const t of v.items as TensorValue[]) tensors.push(t);
    else {
      attrs.push(v);
      attrSpans.push(allSpans[i]!);
    }
  });
  const args: ArgValues = { positional: attrs, named, positionalSpans: attrSpans };
  if (tensors.length === 0) {
    // A layer of no tensor inputs (param) has nothing to wait for: calling it makes its node.
    if (f.callee.kind === "op" && f.callee.op.arity === 0) return traced(cx, f, span, () => applyLayerOp(cx, f, tensors, args, span));
    return { ...f, args, span: f.span };
  }
  const decl = f.callee.kind === "block" ? f.callee.decl : undefined;
  return traced(cx, f, span, () => (decl ? cx.applyBlock(cx, f, decl, tensors, args, span) : applyLayerOp(cx, f, tensors, args, span)));
}

/** Applies a layer, telling the context's trace (if any) which nodes the application at `span` made. */
function traced(cx: ElabContext, f: LayerValue, span: Span, apply: () => Value): Value {
  const first = cx.builder.nodes.length;
  let result: Value;
  cx.trace?.enter(span);
  try {
    result = apply();
  } finally {
    cx.trace?.leave();
  }
  cx.trace?.applied({ span, callee: f.callee, builder: cx.builder, first, end: cx.builder.nodes.length, result });
  return result;
}

/** Applies the op `opName` to tensors as a fresh layer (the `+` and `*` of tensors, builtins' slices). */
export function applyOp(cx: ElabContext, opName: string, tensors: readonly TensorValue[], span: Span, name?: A.Ident, positional: Value[] = []): TensorValue {
  const op = lookupOp(opName)!;
  const layer: LayerValue = { kind: "layer", callee: { kind: "op", op }, args: { positional, named: new Map(), positionalSpans: positional.map(() => span) }, span, name: name?.name };
  return traced(cx, layer, span, () => applyLayerOp(cx, layer, tensors, layer.args, span)) as TensorValue;
}

function applyLayerOp(cx: ElabContext, f: LayerValue, tensors: readonly TensorValue[], args: ArgValues, span: Span): TensorValue {
  if (f.callee.kind !== "op") throw new Error("internal: not an op");
  const op = f.callee.op;
  const frame = cx.currentFrame;
  const want = op.arity;
  if (op.role === "backward" || op.role === "loss") {
    fail(`'${op.name}' is made by the compiler for training and cannot be written in a network`, f.span, { expected: "a layer" });
  }
  const least = want === "variadic" ? 2 : want === "any" ? 1 : want;
  if (want === "variadic" || want === "any" ? tensors.length < least : tensors.length !== want) {
    fail(`${op.name} takes ${want === "variadic" ? "two or more" : want === "any" ? "one or more" : want} tensor input${want === 1 ? "" : "s"}, got ${tensors.length}`, span, { expected: want === "variadic" ? "at least two tensors" : want === "any" ? "at least one tensor" : `${want} tensor${want === 1 ? "" : "s"}` });
  }
  const positional = args.positional.map((v, i) => attrValue(op.name, v, args.positionalSpans[i] ?? span));
  const named = new Map<string, AttrValue>();
  for (const [k, v] of args.named) named.set(k, attrValue(op.name, v.value, v.span));
  let local: string;
  let owner: string;
  if (f.boundName !== undefined) {
    local = frame.scope.again(f.boundName.slice(frame.scope.prefix.length));
    owner = f.boundName;
  } else {
    local = f.name ? frame.scope.claim(f.name, f.span) : f.softName ? frame.scope.soft(f.softName) : frame.scope.auto(op.name);
    owner = frame.paramScope.prefix + local;
    f.boundName = frame.scope.prefix + local;
  }
  const argSpans = { positional: args.positionalSpans, named: new Map([...args.named].map(([k, v]) => [k, v.span])) };
  const id = cx.builder.addNode(op, tensors.map((t) => t.node), { positional, named }, frame.scope.prefix + local, f.name ? spanOr(f.span, span) : span, argSpans, owner);
  return { kind: "tensor", node: id };
}

function attrValue(op: string, v: Value, span: Span): AttrValue {
  const a = toAttr(v);
  if (a === undefined) fail(`${op} got ${typeName(v)} where an attribute value belongs`, span, { expected: "a number, boolean, string or list of them" });
  return a;
}

/** Both spans together when they are in one source, else `b`. */
function spanOr(a: Span, b: Span): Span {
  return a.source === b.source ? { source: a.source, start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) } : b;
}
