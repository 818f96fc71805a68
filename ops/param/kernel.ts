// param: out[n, i] = w[i], one invocation per output element j = n·size + i
// (every sample gets the same copy of the learned tensor).
import { wgsl } from "../../core/kernel/index.js";
import { elementCount } from "../../core/ir/graph.js";
import type { Lowering } from "../lowering.js";
import { perElementKernel } from "../templates/elementwise.js";

export const lower: Lowering = (ctx) => {
  const size = elementCount(ctx.params.weight!);
  return perElementKernel<[]>(ctx, (_inputs, out, k) => {
    const w = k.param("weight");
    return wgsl`${out.set("i", w.at(`i % ${size}u`))}`;
  });
};
