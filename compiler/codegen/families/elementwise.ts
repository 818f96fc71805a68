// Lowerings of the elementwise family: activations and their gradients,
// views and channel plumbing, broadcasting mul, dropout, and the losses.
import type { KernelModule } from "../../../ops/lowering.js";
import * as leakyRelu from "../../../ops/leaky_relu/kernel.js";
import * as prelu from "../../../ops/prelu/kernel.js";
import * as preluGradInput from "../../../ops/prelu_grad_input/kernel.js";
import * as preluGradWeight from "../../../ops/prelu_grad_weight/kernel.js";
import * as elu from "../../../ops/elu/kernel.js";
import * as sigmoid from "../../../ops/sigmoid/kernel.js";
import * as tanh from "../../../ops/tanh/kernel.js";
import * as softmax from "../../../ops/softmax/kernel.js";
import * as softmaxGrad from "../../../ops/softmax_grad/kernel.js";
import * as unaryGrad from "../../../ops/unary_grad/kernel.js";
import * as flatten from "../../../ops/flatten/kernel.js";
import * as reshape from "../../../ops/reshape/kernel.js";
import * as mul from "../../../ops/mul/kernel.js";
import * as sumTo from "../../../ops/sum_to/kernel.js";
import * as splitSum from "../../../ops/split_sum/kernel.js";
import * as concat from "../../../ops/concat/kernel.js";
import * as slice from "../../../ops/slice/kernel.js";
import * as sliceGrad from "../../../ops/slice_grad/kernel.js";
import * as shuffle from "../../../ops/shuffle/kernel.js";
import * as dropout from "../../../ops/dropout/kernel.js";
import * as dropoutMask from "../../../ops/dropout_mask/kernel.js";
import * as crossEntropy from "../../../ops/cross_entropy/kernel.js";
import * as crossEntropyGrad from "../../../ops/cross_entropy_grad/kernel.js";
import * as bce from "../../../ops/bce/kernel.js";
import * as bceGrad from "../../../ops/bce_grad/kernel.js";
import * as mse from "../../../ops/mse/kernel.js";
import * as mseGrad from "../../../ops/mse_grad/kernel.js";
import * as smoothL1 from "../../../ops/smooth_l1/kernel.js";
import * as smoothL1Grad from "../../../ops/smooth_l1_grad/kernel.js";
import * as weightedSum from "../../../ops/weighted_sum/kernel.js";

export const elementwiseLowerings: Readonly<Record<string, KernelModule>> = {
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
