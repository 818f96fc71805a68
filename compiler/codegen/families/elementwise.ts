// Lowerings of the elementwise family: activations and their gradients,
// views and channel plumbing, broadcasting mul, dropout, and the losses.
import type { Lowering } from "../../../ops/lowering.js";
import { lower as leakyRelu } from "../../../ops/leaky_relu/kernel.js";
import { lower as prelu } from "../../../ops/prelu/kernel.js";
import { lower as preluGradInput } from "../../../ops/prelu_grad_input/kernel.js";
import { lower as preluGradWeight } from "../../../ops/prelu_grad_weight/kernel.js";
import { lower as elu } from "../../../ops/elu/kernel.js";
import { lower as sigmoid } from "../../../ops/sigmoid/kernel.js";
import { lower as tanh } from "../../../ops/tanh/kernel.js";
import { lower as softmax } from "../../../ops/softmax/kernel.js";
import { lower as softmaxGrad } from "../../../ops/softmax_grad/kernel.js";
import { lower as unaryGrad } from "../../../ops/unary_grad/kernel.js";
import { lower as flatten } from "../../../ops/flatten/kernel.js";
import { lower as reshape } from "../../../ops/reshape/kernel.js";
import { lower as mul } from "../../../ops/mul/kernel.js";
import { lower as sumTo } from "../../../ops/sum_to/kernel.js";
import { lower as splitSum } from "../../../ops/split_sum/kernel.js";
import { lower as concat } from "../../../ops/concat/kernel.js";
import { lower as slice } from "../../../ops/slice/kernel.js";
import { lower as sliceGrad } from "../../../ops/slice_grad/kernel.js";
import { lower as shuffle } from "../../../ops/shuffle/kernel.js";
import { lower as dropout } from "../../../ops/dropout/kernel.js";
import { lower as dropoutMask } from "../../../ops/dropout_mask/kernel.js";
import { lower as crossEntropy } from "../../../ops/cross_entropy/kernel.js";
import { lower as crossEntropyGrad } from "../../../ops/cross_entropy_grad/kernel.js";
import { lower as bce } from "../../../ops/bce/kernel.js";
import { lower as bceGrad } from "../../../ops/bce_grad/kernel.js";
import { lower as mse } from "../../../ops/mse/kernel.js";
import { lower as mseGrad } from "../../../ops/mse_grad/kernel.js";
import { lower as smoothL1 } from "../../../ops/smooth_l1/kernel.js";
import { lower as smoothL1Grad } from "../../../ops/smooth_l1_grad/kernel.js";
import { lower as weightedSum } from "../../../ops/weighted_sum/kernel.js";

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
