// The backward and loss ops of docs/autodiff.md: made by autodiff for the
// training graph, never written by users. registry.ts registers them beside
// the forward ops.

import type { OpDef } from "../contract.js";
import { adaptiveAvgpoolGrad } from "./adaptive_avgpool_grad.js";
import { avgpoolGrad } from "./avgpool_grad.js";
import { bce } from "./bce.js";
import { bceGrad } from "./bce_grad.js";
import { bnGradInput } from "./bn_grad_input.js";
import { bnGradWeight } from "./bn_grad_weight.js";
import { channelScale } from "./channel_scale.js";
import { convGradInput } from "./conv_grad_input.js";
import { convGradWeight } from "./conv_grad_weight.js";
import { convTransposeGradInput } from "./conv_transpose_grad_input.js";
import { convTransposeGradWeight } from "./conv_transpose_grad_weight.js";
import { crossEntropy } from "./cross_entropy.js";
import { crossEntropyGrad } from "./cross_entropy_grad.js";
import { denseGradInput } from "./dense_grad_input.js";
import { denseGradWeight } from "./dense_grad_weight.js";
import { dropoutMask } from "./dropout_mask.js";
import { gapGrad } from "./gap_grad.js";
import { gmpGrad } from "./gmp_grad.js";
import { lrnGrad } from "./lrn_grad.js";
import { maxpoolGrad } from "./maxpool_grad.js";
import { mse } from "./mse.js";
import { mseGrad } from "./mse_grad.js";
import { preluGradInput } from "./prelu_grad_input.js";
import { preluGradWeight } from "./prelu_grad_weight.js";
import { reduceAxis } from "./reduce_axis.js";
import { scaleGradWeight } from "./scale_grad_weight.js";
import { sliceGrad } from "./slice_grad.js";
import { smoothL1 } from "./smooth_l1.js";
import { smoothL1Grad } from "./smooth_l1_grad.js";
import { softmaxGrad } from "./softmax_grad.js";
import { sumTo } from "./sum_to.js";
import { splitSum } from "./split_sum.js";
import { convGradCols } from "./conv_grad_cols.js";
import { col2im } from "./col2im.js";
import { unaryGrad } from "./unary_grad.js";
import { upsampleGrad } from "./upsample_grad.js";
import { weightedSum } from "./weighted_sum.js";

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
