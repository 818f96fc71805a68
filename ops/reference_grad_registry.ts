// The backward and loss reference kernels, by op name (the tables of docs/autodiff.md).
// The executor takes them beside the forward kernels of ../index.ts.

import type { Kernel } from "./reference_kernel.js";
import { kernel as adaptiveAvgpoolGrad } from "./adaptive_avgpool_grad/reference.js";
import { kernel as avgpoolGrad } from "./avgpool_grad/reference.js";
import { kernel as bce } from "./bce/reference.js";
import { kernel as bceGrad } from "./bce_grad/reference.js";
import { kernel as bnGradInput } from "./bn_grad_input/reference.js";
import { kernel as bnGradWeight } from "./bn_grad_weight/reference.js";
import { kernel as channelScale } from "./channel_scale/reference.js";
import { kernel as convGradInput } from "./conv_grad_input/reference.js";
import { kernel as convGradWeight } from "./conv_grad_weight/reference.js";
import { kernel as convTransposeGradInput } from "./conv_transpose_grad_input/reference.js";
import { kernel as convTransposeGradWeight } from "./conv_transpose_grad_weight/reference.js";
import { kernel as crossEntropy } from "./cross_entropy/reference.js";
import { kernel as crossEntropyGrad } from "./cross_entropy_grad/reference.js";
import { kernel as denseGradInput } from "./dense_grad_input/reference.js";
import { kernel as denseGradWeight } from "./dense_grad_weight/reference.js";
import { kernel as dropoutMask } from "./dropout_mask/reference.js";
import { kernel as gapGrad } from "./gap_grad/reference.js";
import { kernel as gmpGrad } from "./gmp_grad/reference.js";
import { kernel as lrnGrad } from "./lrn_grad/reference.js";
import { kernel as maxpoolGrad } from "./maxpool_grad/reference.js";
import { kernel as mse } from "./mse/reference.js";
import { kernel as mseGrad } from "./mse_grad/reference.js";
import { kernel as preluGradInput } from "./prelu_grad_input/reference.js";
import { kernel as preluGradWeight } from "./prelu_grad_weight/reference.js";
import { kernel as reduceAxis } from "./reduce_axis/reference.js";
import { kernel as scaleGradWeight } from "./scale_grad_weight/reference.js";
import { kernel as sliceGrad } from "./slice_grad/reference.js";
import { kernel as smoothL1 } from "./smooth_l1/reference.js";
import { kernel as smoothL1Grad } from "./smooth_l1_grad/reference.js";
import { kernel as softmaxGrad } from "./softmax_grad/reference.js";
import { kernel as sumTo } from "./sum_to/reference.js";
import { kernel as splitSum } from "./split_sum/reference.js";
import { kernel as convGradCols } from "./conv_grad_cols/reference.js";
import { kernel as col2im } from "./col2im/reference.js";
import { kernel as unaryGrad } from "./unary_grad/reference.js";
import { kernel as upsampleGrad } from "./upsample_grad/reference.js";
import { kernel as weightedSum } from "./weighted_sum/reference.js";

export const backwardKernels: Readonly<Record<string, Kernel>> = Object.freeze({
  adaptive_avgpool_grad: adaptiveAvgpoolGrad,
  avgpool_grad: avgpoolGrad,
  bce,
  bce_grad: bceGrad,
  bn_grad_input: bnGradInput,
  bn_grad_weight: bnGradWeight,
  channel_scale: channelScale,
  conv_grad_input: convGradInput,
  conv_grad_weight: convGradWeight,
  conv_transpose_grad_input: convTransposeGradInput,
  conv_transpose_grad_weight: convTransposeGradWeight,
  cross_entropy: crossEntropy,
  cross_entropy_grad: crossEntropyGrad,
  dense_grad_input: denseGradInput,
  dense_grad_weight: denseGradWeight,
  dropout_mask: dropoutMask,
  gap_grad: gapGrad,
  gmp_grad: gmpGrad,
  lrn_grad: lrnGrad,
  maxpool_grad: maxpoolGrad,
  mse,
  mse_grad: mseGrad,
  prelu_grad_input: preluGradInput,
  prelu_grad_weight: preluGradWeight,
  reduce_axis: reduceAxis,
  scale_grad_weight: scaleGradWeight,
  slice_grad: sliceGrad,
  smooth_l1: smoothL1,
  smooth_l1_grad: smoothL1Grad,
  softmax_grad: softmaxGrad,
  sum_to: sumTo,
  split_sum: splitSum,
  conv_grad_cols: convGradCols,
  col2im,
  unary_grad: unaryGrad,
  upsample_grad: upsampleGrad,
  weighted_sum: weightedSum,
});
