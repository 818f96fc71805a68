// A permutation of the per-sample axes of [N, …] as a gather: one
// invocation per output element, whose coordinates (from the output's
// strides) index the input through its strides, all constants.
import { wgsl, type Binding, type KernelDesc } from "../../core/kernel/index.js";
import { elementCount } from "../../core/ir/graph.js";
import type { LoweringContext } from "../lowering.js";
import { perElementKernel } from "./elementwise.js";

/** Row-major strides of a shape. */
function strides(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length).fill(1);
  for (let j = shape.length - 2; j >= 0; j--) s[j] = s[j + 1]! * shape[j + 1]!;
  return s;
}

/** dims over the per-sample axes: output axis j is input axis dims[j]. */
export function permuteKernel(ctx: LoweringContext, dims: readonly number[]): KernelDesc {
  const inShape = ctx.inputs[0]!.slice(1);
  const outShape = dims.map((d) => inShape[d]!);
  const count = elementCount(inShape);
  const inStride = strides(inShape);
  const outStride = strides(outShape);
  return perElementKernel<[Binding]>(ctx, ([x], out) => {
    const coords = dims.map((_, j) => `  let q${j} = (i / ${outStride[j]}u) % ${outShape[j]}u;\n`).join("");
    const src = dims.map((d, j) => `q${j} * ${inStride[d]}u`).join(" + ");
    return wgsl`let b = i / ${count}u;
${coords}  ${out.set("i", x.at(`b * ${count}u + ${src || "0u"}`))}`;
  });
}
