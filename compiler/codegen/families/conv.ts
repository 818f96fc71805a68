// Lowerings of the conv family: convolutions, transposed convolutions and
// the backward ops of conv, conv_transpose and dense, all implicit or plain
// tiled GEMMs (../gemm.ts).
import type { KernelModule } from "../../../ops/lowering.js";
import * as conv from "../../../ops/conv/kernel.js";
import * as conv_grad_input from "../../../ops/conv_grad_input/kernel.js";
import * as conv_grad_cols from "../../../ops/conv_grad_cols/kernel.js";
import * as conv_grad_weight from "../../../ops/conv_grad_weight/kernel.js";
import * as conv_transpose from "../../../ops/conv_transpose/kernel.js";
import * as conv_transpose_grad_input from "../../../ops/conv_transpose_grad_input/kernel.js";
import * as conv_transpose_grad_weight from "../../../ops/conv_transpose_grad_weight/kernel.js";
import * as dense_grad_input from "../../../ops/dense_grad_input/kernel.js";
import * as dense_grad_weight from "../../../ops/dense_grad_weight/kernel.js";

export const convLowerings: Readonly<Record<string, KernelModule>> = {
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
