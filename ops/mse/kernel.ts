// mse: (x − t)², the mean over the batch and the elements: an unbatched
// scalar, summed by one workgroup (strided partial sums, then a tree).
import type { Lowering } from "../lowering.js";
import { elementCount } from "../../core/ir/graph.js";
import { scalarSum } from "../templates/elementwise.js";

export const lower: Lowering = (ctx) => {
  const count = elementCount(ctx.inputs[0]!);
  const body = `    let d = in0[j] - in1[j];
    let term = d * d;`;
  return scalarSum(ctx, count, body, count);
};
