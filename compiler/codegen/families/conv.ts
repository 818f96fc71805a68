// Lowerings of the conv family: convolutions, transposed convolutions and
// the backward ops of conv, conv_transpose and dense, all implicit or plain
// tiled GEMMs (../gemm.ts).
import type { Lowering } from "../contract.js";
import { lower as conv } from "../kernels/conv.js";
import { lower as conv_grad_input } from "../kernels/conv_grad_input.js";
import { lower as conv_grad_cols } from "../kernels/conv_grad_cols.js";
import { lower as conv_grad_weight } from "../kernels/conv_grad_weight.js";
import { lower as conv_transpose } from "../kernels/conv_transpose.js";
import { lower as conv_transpose_grad_input } from "../kernels/conv_transpose_grad_input.js";
import { lower as conv_transpose_grad_weight } from "../kernels/conv_transpose_grad_weight.js";
import { lower as dense_grad_input } from "../kernels/dense_grad_input.js";
import { lower as dense_grad_weight } from "../kernels/dense_grad_weight.js";

export const convLowerings: Readonly<Record<string, Lowering>> = {
  conv,
  conv_grad_input,
  conv_grad_cols,
  conv_grad_weight,
  conv_transpose,
  conv_transpose_grad_input,
  conv_transpose_grad_weight,
  dense_grad_input,
  dense_grad_weight,
};
