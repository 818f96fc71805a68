// The forward reference kernels, by op name (every op of compiler/ops/registry.ts
// except `input`, whose value the executor takes from the feeds). Backward
// and loss kernels live under kernels/grad/ and are passed to the executor.

import type { Kernel } from "../kernel.js";
import { kernel as adaptiveAvgpool } from "./adaptive_avgpool.js";
import { kernel as add } from "./add.js";
import { kernel as avgpool } from "./avgpool.js";
import { kernel as bn } from "./bn.js";
import { kernel as concat } from "./concat.js";
import { kernel as conv } from "./conv.js";
import { kernel as convTranspose } from "./conv_transpose.js";
import { kernel as dense } from "./dense.js";
import { kernel as dropout } from "./dropout.js";
import { kernel as elu } from "./elu.js";
import { kernel as flatten } from "./flatten.js";
import { kernel as gap } from "./gap.js";
import { kernel as gmp } from "./gmp.js";
import { kernel as leakyRelu } from "./leaky_relu.js";
import { kernel as lrn } from "./lrn.js";
import { kernel as maxpool } from "./maxpool.js";
import { kernel as mul } from "./mul.js";
import { kernel as prelu } from "./prelu.js";
import { kernel as relu } from "./relu.js";
import { kernel as reshape } from "./reshape.js";
import { kernel as scale } from "./scale.js";
import { kernel as shuffle } from "./shuffle.js";
import { kernel as sigmoid } from "./sigmoid.js";
import { kernel as slice } from "./slice.js";
import { kernel as softmax } from "./softmax.js";
import { kernel as stopGradient } from "./stop_gradient.js";
import { kernel as tanh } from "./tanh.js";
import { kernel as upsample } from "./upsample.js";

export const forwardKernels: Readonly<Record<string, Kernel>> = Object.freeze({
  conv,
  conv_transpose: convTranspose,
  upsample,
  maxpool,
  avgpool,
  adaptive_avgpool: adaptiveAvgpool,
  gap,
  gmp,
  dense,
  bn,
  dropout,
  lrn,
  relu,
  leaky_relu: leakyRelu,
  prelu,
  elu,
  sigmoid,
  tanh,
  softmax,
  flatten,
  reshape,
  add,
  mul,
  concat,
  slice,
  shuffle,
  scale,
  stop_gradient: stopGradient,
});
