// matmul: per batch entry and index of the leading axes,
//   c[m, n] = Σ_k A[m, k] · B[k, n],
// with A = a or aᵀ (transpose_a) and B = b or bᵀ (transpose_b), the
// transposes swapping the last two axes. Written from the definition with
// explicit strides, independently of the kernel's GEMM tiling.

import { boolAttr } from "../contract.js";
import type { Kernel } from "../reference_kernel.js";
import { zeros } from "../../core/tensor/tensor.js";

export const kernel: Kernel = (inputs, attrs, _params, ctx) => {
  const a = inputs[0]!;
  const b = inputs[1]!;
  const ta = boolAttr(attrs, "transpose_a");
  const tb = boolAttr(attrs, "transpose_b");
  const r = a.shape.length;
  const [aRows, aCols] = [a.shape[r - 2]!, a.shape[r - 1]!];
  const [bRows, bCols] = [b.shape[r - 2]!, b.shape[r - 1]!];
  const M = ta ? aCols : aRows;
  const K = ta ? aRows : aCols;
  const N = tb ? bRows : bCols;
  // Every axis before the last two (the batch included) indexes a separate product.
  const products = a.data.length / (aRows * aCols);
  // Element (i, j) of the stored matrix p of a tensor whose matrices are rows × cols.
  const A = (p: number, m: number, k: number) => a.data[p * aRows * aCols + (ta ? k * aCols + m : m * aCols + k)]!;
  const B = (p: number, k: number, n: number) => b.data[p * bRows * bCols + (tb ? n * bCols + k : k * bCols + n)]!;
  const c = zeros([...a.shape.slice(0, -2), M, N], ctx.precision);
  for (let p = 0; p < products; p++) {
    for (let m = 0; m < M; m++) {
      for (let n = 0; n < N; n++) {
        let acc = 0;
        for (let k = 0; k < K; k++) acc += A(p, m, k) * B(p, k, n);
        c.data[(p * M + m) * N + n] = acc;
      }
    }
  }
  return c;
};
