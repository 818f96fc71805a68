// bce: binary cross-entropy on logits, max(x, 0) − x·t + log(1 + e^(−|x|)),
// the mean over the batch and the elements: an unbatched scalar, summed by
// one workgroup (strided partial sums, then a tree in workgroup memory).
import type { Lowering } from "../lowering.js";
import { elementCount } from "../../core/ir/graph.js";
import { newKernel, wgsl, type Binding } from "../../core/kernel/index.js";
import { declareInputs, LOG1P_FN, scalarSum } from "../templates/elementwise.js";

export const lower: Lowering = (ctx) => {
  const count = elementCount(ctx.inputs[0]!);
  const k = newKernel();
  const [x, target] = declareInputs(k, ctx) as [Binding, Binding];
  k.use(LOG1P_FN);
  const body = wgsl`    let v = ${x.at("j")};
    let term = max(v, 0.0) - v * ${target.at("j")} + log1p_(exp(-abs(v)));`;
  return scalarSum(k, count, body, count);
};
