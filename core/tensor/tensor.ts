// Tensors of the reference executor: a full shape (batch first for batched
// values) over a flat row-major array. Float64 by default; Float32 on
// request, rounding after every op as a float32 device would.

import { elementCount } from "../ir/graph.js";

export type Precision = "f64" | "f32";

export interface Tensor {
  readonly shape: readonly number[];
  readonly data: Float64Array | Float32Array;
}

/** The number of elements of a shape (kept under this name for "dlc/reference"). */
export { elementCount as sizeOf };

export function zeros(shape: readonly number[], precision: Precision = "f64"): Tensor {
  const n = elementCount(shape);
  return { shape: [...shape], data: precision === "f32" ? new Float32Array(n) : new Float64Array(n) };
}

export function fromArray(shape: readonly number[], values: ArrayLike<number>, precision: Precision = "f64"): Tensor {
  if (values.length !== elementCount(shape)) throw new Error(`internal: ${values.length} values for shape [${shape.join(", ")}]`);
  const t = zeros(shape, precision);
  t.data.set(values);
  return t;
}

/** Row-major strides of a shape. */
export function strides(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i]!;
  }
  return s;
}
