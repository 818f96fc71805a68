// mse: (x − t)², the mean over the batch and the elements: an unbatched
// scalar, summed by one workgroup (strided partial sums, then a tree).
import type { Lowering } from "../lowering.js";
import { elementCount } from "../../core/ir/graph.js";
import { newKernel, wgsl, type Binding } from "../../core/kernel/index.js";
import { declareInputs, scalarSum } from "../templates/elementwise.js";

export const lower: Lowering = (ctx) => {
  const count = elementCount(ctx.inputs[0]!);
  const k = newKernel();
  const [x, target] = declareInputs(k, ctx) as [Binding, Binding];
  const body = wgsl`    let d = ${x.at("j")} - ${target.at("j")};
    let term = d * d;`;
  return scalarSum(k, count, body, count);
};
