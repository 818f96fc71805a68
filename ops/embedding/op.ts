// A lookup table of learned rows (PyTorch's nn.Embedding(num, dim)): integer
// ids of any per-sample shape S (an i32 input, `input ids: i32[T]`) give
// float rows, S + [dim], row v being weight[v, :]. weight [num, dim] starts
// N(0, 1), as nn.Embedding's does.
//
// Out-of-range ids (v < 0 or v ≥ num): PyTorch raises. The float64
// reference does too (an Error naming the id, its position and 0..num − 1),
// so the oracle never invents a value. A shader cannot raise, so the WGSL
// kernel writes a zero row: unlike clamping, that does not silently alias
// an unrelated token's row, it is visible in the output, and its gradient
// (which embedding_grad_weight drops, as no row matches the id) is that of
// a constant.
//
// Cost: 0 MACs, 0 flops (a gather). The ids carry no gradient; the weight's
// is embedding_grad_weight (Σ dy over the positions holding each id).

import type { OpDef } from "../contract.js";
import { embeddingAttrs, embeddingOut, embeddingSizes } from "../shared/embedding.js";

export const embedding: OpDef = {
  name: "embedding",
  doc:
    "Looks up a learned row of [num, dim] for each integer id: ids of shape S give S + [dim]. The input must be i32: `input ids: i32[16]` then `ids |> embedding(1000, 64)` gives [16, 64] (PyTorch's nn.Embedding; the weight starts N(0, 1)). An id outside 0..num − 1 is an error on the reference backend and reads a zero row on WebGPU.",
  arity: 1,
  batched: "always",
  inputDTypes: ["i32"],
  indexes: { input: 0, count: (attrs) => attrs.num as number, what: "rows of its weight" },
  attrs: embeddingAttrs,
  inferShape: (ctx) => embeddingOut(ctx.inputs[0]!, embeddingSizes(ctx).dim),
  params(ctx) {
    const { num, dim } = embeddingSizes(ctx);
    return [{ role: "weight", shape: [num, dim], kind: "weight", init: { normal: 1 } }];
  },
  cost: () => ({ macs: 0, flops: 0 }),
  // The output gains an axis (dim) after the ids' axes, so its grid is not
  // the input's: every output is reported as seeing the whole input.
  spatial: () => ({ kind: "global" }),
  // Integer ids have no gradient; the weight's sums dy per id.
  grad: (g) => (g.needsParam("weight") ? { params: { weight: g.emit("embedding_grad_weight", [g.x(0), g.dy], { num: g.attrs.num!, dim: g.attrs.dim! }) } } : {}),
};
