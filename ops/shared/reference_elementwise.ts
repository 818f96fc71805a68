// Float64 reference helper of the elementwise kernels (ops/<name>/reference.ts):
// the loop that applies a scalar function to every element, so that each
// reference states only its formula.

import { zeros, type Precision, type Tensor } from "../../core/tensor/tensor.js";

/** A tensor of x's shape holding f of each element of x, at the run's precision. */
export function mapElements(x: Tensor, precision: Precision, f: (v: number) => number): Tensor {
  const y = zeros(x.shape, precision);
  for (let i = 0; i < x.data.length; i++) y.data[i] = f(x.data[i]!);
  return y;
}
