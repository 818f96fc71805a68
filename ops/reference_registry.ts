// The forward reference kernels, by op name (every op of ops/registry.ts
// except `input`, whose value the executor takes from the feeds). Backward
// and loss kernels live under kernels/grad/ and are passed to the executor.

import type { Kernel } from "./reference_kernel.js";
import { kernel as adaptiveAvgpool } from "./adaptive_avgpool/reference.js";
import { kernel as add } from "./add/reference.js";
import { kernel as avgpool } from "./avgpool/reference.js";
import { kernel as bn } from "./bn/reference.js";
import { kernel as concat } from "./concat/reference.js";
import { kernel as conv } from "./conv/reference.js";
import { kernel as convTranspose } from "./conv_transpose/reference.js";
import { kernel as dense } from "./dense/reference.js";
import { kernel as dropout } from "./dropout/reference.js";
import { kernel as elu } from "./elu/reference.js";
import { kernel as flatten } from "./flatten/reference.js";
import { kernel as gap } from "./gap/reference.js";
import { kernel as gmp } from "./gmp/reference.js";
import { kernel as leakyRelu } from "./leaky_relu/reference.js";
import { kernel as lrn } from "./lrn/reference.js";
import { kernel as maxpool } from "./maxpool/reference.js";
import { kernel as mul } from "./mul/reference.js";
import { kernel as prelu } from "./prelu/reference.js";
import { kernel as relu } from "./relu/reference.js";
import { kernel as reshape } from "./reshape/reference.js";
import { kernel as scale } from "./scale/reference.js";
import { kernel as shuffle } from "./shuffle/reference.js";
import { kernel as sigmoid } from "./sigmoid/reference.js";
import { kernel as slice } from "./slice/reference.js";
import { kernel as softmax } from "./softmax/reference.js";
import { kernel as stopGradient } from "./stop_gradient/reference.js";
import { kernel as tanh } from "./tanh/reference.js";
import { kernel as upsample } from "./upsample/reference.js";

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
