// The backward and loss ops of docs/autodiff.md: made by autodiff for the
// training graph, never written by users. registry.ts registers them beside
// the forward ops.

import type { OpDef } from "./contract.js";
import { adaptiveAvgpoolGrad } from "./adaptive_avgpool_grad/op.js";
import { avgpoolGrad } from "./avgpool_grad/op.js";
import { bce } from "./bce/op.js";
import { bceGrad } from "./bce_grad/op.js";
import { bnGradInput } from "./bn_grad_input/op.js";
import { bnGradWeight } from "./bn_grad_weight/op.js";
import { channelScale } from "./channel_scale/op.js";
import { convGradInput } from "./conv_grad_input/op.js";
import { convGradWeight } from "./conv_grad_weight/op.js";
import { convTransposeGradInput } from "./conv_transpose_grad_input/op.js";
import { convTransposeGradWeight } from "./conv_transpose_grad_weight/op.js";
import { crossEntropy } from "./cross_entropy/op.js";
import { crossEntropyGrad } from "./cross_entropy_grad/op.js";
import { denseGradInput } from "./dense_grad_input/op.js";
import { denseGradWeight } from "./dense_grad_weight/op.js";
import { dropoutMask } from "./dropout_mask/op.js";
import { gapGrad } from "./gap_grad/op.js";
import { gmpGrad } from "./gmp_grad/op.js";
import { lrnGrad } from "./lrn_grad/op.js";
import { maxpoolGrad } from "./maxpool_grad/op.js";
import { mse } from "./mse/op.js";
import { mseGrad } from "./mse_grad/op.js";
import { preluGradInput } from "./prelu_grad_input/op.js";
import { preluGradWeight } from "./prelu_grad_weight/op.js";
import { reduceAxis } from "./reduce_axis/op.js";
import { scaleGradWeight } from "./scale_grad_weight/op.js";
import { sliceGrad } from "./slice_grad/op.js";
import { smoothL1 } from "./smooth_l1/op.js";
import { smoothL1Grad } from "./smooth_l1_grad/op.js";
import { softmaxGrad } from "./softmax_grad/op.js";
import { sumTo } from "./sum_to/op.js";
import { splitSum } from "./split_sum/op.js";
import { convGradCols } from "./conv_grad_cols/op.js";
import { col2im } from "./col2im/op.js";
import { unaryGrad } from "./unary_grad/op.js";
import { upsampleGrad } from "./upsample_grad/op.js";
import { weightedSum } from "./weighted_sum/op.js";

export const backwardOps: readonly OpDef[] = [
  // Backward ops, in the order of the spec's table.
  convGradInput, convGradWeight, convTransposeGradInput, convTransposeGradWeight,
  denseGradInput, denseGradWeight, reduceAxis, bnGradInput, bnGradWeight,
  unaryGrad, preluGradInput, preluGradWeight, softmaxGrad, maxpoolGrad,
  avgpoolGrad, adaptiveAvgpoolGrad, gapGrad, gmpGrad, lrnGrad, upsampleGrad,
  sumTo, sliceGrad, scaleGradWeight, channelScale, dropoutMask, splitSum, convGradCols, col2im,
  // Loss values, their gradients and the total.
  crossEntropy, crossEntropyGrad, bce, bceGrad, mse, mseGrad,
  smoothL1, smoothL1Grad, weightedSum,
];
