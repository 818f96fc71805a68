// embedding's attributes and its shape rule, shared by embedding
// (ops/embedding/) and its weight gradient (ops/embedding_grad_weight/),
// which takes the same num and dim.

import { intAttr, type AttrSpec, type OpContext } from "../contract.js";
import type { Shape } from "../../core/ir/graph.js";

export const embeddingAttrs = {
  num: { type: "int", min: 1, aliases: ["num_embeddings"], doc: "number of rows: ids run from 0 to num − 1" },
  dim: { type: "int", min: 1, aliases: ["embedding_dim"], doc: "size of each row, the output's last axis" },
} satisfies Readonly<Record<string, AttrSpec>>;

/** num and dim of a node. */
export function embeddingSizes(ctx: Pick<OpContext, "attrs">): { num: number; dim: number } {
  return { num: intAttr(ctx.attrs, "num"), dim: intAttr(ctx.attrs, "dim") };
}

/** The output for ids of per-sample shape S: S + [dim]. */
export function embeddingOut(ids: Shape, dim: number): Shape {
  return [...ids, dim];
}
