// Gradient of embedding's weight: dW[v, :] = Σ dy[p, :] over the batch and
// every position p whose id is v. Unbatched [num, dim]. Inputs: the ids
// (i32, per-sample shape S) and dy (S + [dim]). An id outside 0..num − 1
// matches no row, so its dy is dropped (the WGSL forward wrote a zero row
// there; the reference refuses such ids before any gradient is taken).
//
// Cost per sample: dim·|S| flops, one add per element of dy. (The gather
// kernel's comparisons of ids against rows are not counted, as for every
// op: the count is of the definition.)

import { elementCount } from "../../core/ir/graph.js";
import { fmt, noParams, OpError, type OpDef } from "../contract.js";
import { sameShape } from "../grad_shared.js";
import { embeddingAttrs, embeddingOut, embeddingSizes } from "../shared/embedding.js";

export const embeddingGradWeight: OpDef = {
  name: "embedding_grad_weight",
  doc: "Gradient of embedding's weight: Σ dy over the positions holding each id.",
  arity: 2,
  role: "backward",
  batched: "never",
  inputDTypes: ["i32", "f32"],
  attrs: embeddingAttrs,
  inferShape(ctx) {
    const { num, dim } = embeddingSizes(ctx);
    const want = embeddingOut(ctx.inputs[0]!, dim);
    const dy = ctx.inputs[1]!;
    if (!sameShape(dy, want)) throw new OpError(`dy has shape ${fmt(dy)}, but embedding gives ${fmt(want)} for ids of shape ${fmt(ctx.inputs[0]!)}`, `dy of shape ${fmt(want)}`);
    return [num, dim];
  },
  params: noParams,
  cost: (ctx) => ({ macs: 0, flops: elementCount(ctx.inputs[1]!) }),
  spatial: () => ({ kind: "global" }),
};
