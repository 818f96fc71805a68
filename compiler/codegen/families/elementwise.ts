// Lowerings of the elementwise family: activations and their gradients,
// views and channel plumbing, broadcasting mul, dropout, and the losses.
import type { Lowering } from "../contract.js";
import { lower as leakyRelu } from "../kernels/leaky_relu.js";
import { lower as prelu } from "../kernels/prelu.js";
import { lower as preluGradInput } from "../kernels/prelu_grad_input.js";
import { lower as preluGradWeight } from "../kernels/prelu_grad_weight.js";
import { lower as elu } from "../kernels/elu.js";
import { lower as sigmoid } from "../kernels/sigmoid.js";
import { lower as tanh } from "../kernels/tanh.js";
import { lower as softmax } from "../kernels/softmax.js";
import { lower as softmaxGrad } from "../kernels/softmax_grad.js";
import { lower as unaryGrad } from "../kernels/unary_grad.js";
import { lower as flatten } from "../kernels/flatten.js";
import { lower as reshape } from "../kernels/reshape.js";
import { lower as mul } from "../kernels/mul.js";
import { lower as sumTo } from "../kernels/sum_to.js";
import { lower as splitSum } from "../kernels/split_sum.js";
import { lower as concat } from "../kernels/concat.js";
import { lower as slice } from "../kernels/slice.js";
import { lower as sliceGrad } from "../kernels/slice_grad.js";
import { lower as shuffle } from "../kernels/shuffle.js";
import { lower as dropout } from "../kernels/dropout.js";
import { lower as dropoutMask } from "../kernels/dropout_mask.js";
import { lower as crossEntropy } from "../kernels/cross_entropy.js";
import { lower as crossEntropyGrad } from "../kernels/cross_entropy_grad.js";
import { lower as bce } from "../kernels/bce.js";
import { lower as bceGrad } from "../kernels/bce_grad.js";
import { lower as mse } from "../kernels/mse.js";
import { lower as mseGrad } from "../kernels/mse_grad.js";
import { lower as smoothL1 } from "../kernels/smooth_l1.js";
import { lower as smoothL1Grad } from "../kernels/smooth_l1_grad.js";
import { lower as weightedSum } from "../kernels/weighted_sum.js";

export const elementwiseLowerings: Readonly<Record<string, Lowering>> = {
  leaky_relu: leakyRelu,
  prelu: prelu,
  prelu_grad_input: preluGradInput,
  prelu_grad_weight: preluGradWeight,
  elu: elu,
  sigmoid: sigmoid,
  tanh: tanh,
  softmax: softmax,
  softmax_grad: softmaxGrad,
  unary_grad: unaryGrad,
  flatten: flatten,
  reshape: reshape,
  mul: mul,
  sum_to: sumTo,
  split_sum: splitSum,
  concat: concat,
  slice: slice,
  slice_grad: sliceGrad,
  shuffle: shuffle,
  dropout: dropout,
  dropout_mask: dropoutMask,
  cross_entropy: crossEntropy,
  cross_entropy_grad: crossEntropyGrad,
  bce: bce,
  bce_grad: bceGrad,
  mse: mse,
  mse_grad: mseGrad,
  smooth_l1: smoothL1,
  smooth_l1_grad: smoothL1Grad,
  weighted_sum: weightedSum,
};
