// bce: binary cross-entropy on logits, max(x, 0) − x·t + log(1 + e^(−|x|)),
// the mean over the batch and the elements: an unbatched scalar, summed by
// one workgroup (strided partial sums, then a tree in workgroup memory).
import type { Lowering } from "../lowering.js";
import { elementCount } from "../../core/ir/graph.js";
import { LOG1P, scalarSum } from "../templates/elementwise.js";

export const lower: Lowering = (ctx) => {
  const count = elementCount(ctx.inputs[0]!);
  const body = `    let v = in0[j];
    let term = max(v, 0.0) - v * in1[j] + log1p_(exp(-abs(v)));`;
  return scalarSum(ctx, count, body, count, LOG1P);
};
