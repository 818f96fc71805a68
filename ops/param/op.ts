// A learned tensor that is not a layer over an input (PyTorch's
// nn.Parameter as a module attribute): ViT's positional embedding
// `param([197, 768], init="normal", std=0.02)` and class token
// `param([1, 768])`. A zero-input layer call; its one parameter, `weight`,
// is the tensor, named after the variable it is bound to (`pos.weight`).
//
// Every sample sees the same tensor, so the value is batched: out[n, i] =
// w[i]. Its weight gradient is therefore Σₙ dy[n, i] (batch_sum). Cost 0:
// a copy, no arithmetic.

import type { Attrs, Shape } from "../../core/ir/graph.js";
import { numAttr, OpError, pointwise, stringAttr, type OpDef, type ParamInit } from "../contract.js";

/** The inits the language names, as PyTorch's nn.init functions: zeros_, ones_, normal_(std=…). */
export const PARAM_INITS = ["zeros", "ones", "normal"] as const;

function shapeOf(attrs: Attrs): Shape {
  const shape = attrs.shape as readonly number[];
  if (shape.length === 0) throw new OpError("shape [] has no axes", "a per-sample shape of at least one axis, such as [197, 768]");
  return [...shape];
}

/** The declared init; a std given with any init but "normal" is a mistake, not a no-op. */
function initOf(attrs: Attrs): ParamInit {
  const init = stringAttr(attrs, "init");
  const std = attrs.std === null ? undefined : numAttr(attrs, "std");
  if (init !== "normal" && std !== undefined) {
    throw new OpError(`std = ${std} applies only to init="normal", not init="${init}"`, `init="normal" with std, or no std`);
  }
  if (init === "normal") return { normal: std ?? 1 };
  return { fill: init === "ones" ? 1 : 0 };
}

export const param: OpDef = {
  name: "param",
  aliases: ["parameter"],
  doc: "A learned tensor of the given per-sample shape, the same for every sample (positional embeddings, class tokens).",
  arity: 0,
  batched: "always",
  attrs: {
    shape: { type: "ints", min: 1, doc: "per-sample shape, batch excluded" },
    init: { type: "string", default: "zeros", oneOf: PARAM_INITS, doc: 'how it starts: "zeros", "ones" or "normal" (mean 0)' },
    std: { type: "float", default: null, above: 0, doc: 'standard deviation of init="normal" (PyTorch\'s default 1 when not given)' },
  },
  inferShape(ctx) {
    initOf(ctx.attrs);
    return shapeOf(ctx.attrs);
  },
  params: (ctx) => [{ role: "weight", shape: shapeOf(ctx.attrs), kind: "weight", init: initOf(ctx.attrs) }],
  cost: () => ({ macs: 0, flops: 0 }),
  // No input grid feeds it; the receptive-field pass never asks a node without spatial inputs.
  spatial: () => pointwise,
  // No inputs to pass a gradient to; the weight's is dy summed over the samples that all read it.
  grad: (g) => (g.needsParam("weight") ? { params: { weight: g.emit("batch_sum", [g.dy], {}) } } : {}),
};
