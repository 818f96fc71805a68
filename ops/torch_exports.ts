// Every op's PyTorch form (ops/<name>/torch.ts), by op name: the layers'
// TorchExport for `dlc export --to pytorch` (host/export/pytorch/), and the
// training losses' TorchLoss for its loss_fn. Adding a forward op adds its
// torch.ts and one line here; tests/host/export/pytorch/coverage.test.ts
// fails naming any forward op of the registry (and any loss users name)
// that has none.

import type { TorchExport, TorchLoss } from "./torch_export.js";
import { torch as adaptiveAvgpool } from "./adaptive_avgpool/torch.js";
import { torch as add } from "./add/torch.js";
import { torch as affine } from "./affine/torch.js";
import { torch as avgpool } from "./avgpool/torch.js";
import { torch as bn } from "./bn/torch.js";
import { torch as concat } from "./concat/torch.js";
import { torch as conv } from "./conv/torch.js";
import { torch as convTranspose } from "./conv_transpose/torch.js";
import { torch as dense } from "./dense/torch.js";
import { torch as dropout } from "./dropout/torch.js";
import { torch as elu } from "./elu/torch.js";
import { torch as embedding } from "./embedding/torch.js";
import { torch as flatten } from "./flatten/torch.js";
import { torch as gap } from "./gap/torch.js";
import { torch as gelu } from "./gelu/torch.js";
import { torch as gmp } from "./gmp/torch.js";
import { torch as hardsigmoid } from "./hardsigmoid/torch.js";
import { torch as hardswish } from "./hardswish/torch.js";
import { torch as input } from "./input/torch.js";
import { torch as layernorm } from "./layernorm/torch.js";
import { torch as leakyRelu } from "./leaky_relu/torch.js";
import { torch as lrn } from "./lrn/torch.js";
import { torch as matmul } from "./matmul/torch.js";
import { torch as maxpool } from "./maxpool/torch.js";
import { torch as mean } from "./mean/torch.js";
import { torch as mish } from "./mish/torch.js";
import { torch as mul } from "./mul/torch.js";
import { torch as pad } from "./pad/torch.js";
import { torch as param } from "./param/torch.js";
import { torch as permute } from "./permute/torch.js";
import { torch as prelu } from "./prelu/torch.js";
import { torch as relu } from "./relu/torch.js";
import { torch as relu6 } from "./relu6/torch.js";
import { torch as reshape } from "./reshape/torch.js";
import { torch as scale } from "./scale/torch.js";
import { torch as select } from "./select/torch.js";
import { torch as shuffle } from "./shuffle/torch.js";
import { torch as sigmoid } from "./sigmoid/torch.js";
import { torch as silu } from "./silu/torch.js";
import { torch as slice } from "./slice/torch.js";
import { torch as softmax } from "./softmax/torch.js";
import { torch as softplus } from "./softplus/torch.js";
import { torch as stopGradient } from "./stop_gradient/torch.js";
import { torch as sub } from "./sub/torch.js";
import { torch as tanh } from "./tanh/torch.js";
import { torch as transpose } from "./transpose/torch.js";
import { torch as upsample } from "./upsample/torch.js";
import { torchLoss as bceLoss } from "./bce/torch.js";
import { torchLoss as crossEntropyLoss } from "./cross_entropy/torch.js";
import { torchLoss as mseLoss } from "./mse/torch.js";
import { torchLoss as smoothL1Loss } from "./smooth_l1/torch.js";

/** The PyTorch form of every forward op, by op name. */
export const torchExports: Readonly<Record<string, TorchExport>> = {
  adaptive_avgpool: adaptiveAvgpool,
  add,
  affine,
  avgpool,
  bn,
  concat,
  conv,
  conv_transpose: convTranspose,
  dense,
  dropout,
  elu,
  embedding,
  flatten,
  gap,
  gelu,
  gmp,
  hardsigmoid,
  hardswish,
  input,
  layernorm,
  leaky_relu: leakyRelu,
  lrn,
  matmul,
  maxpool,
  mean,
  mish,
  mul,
  pad,
  param,
  permute,
  prelu,
  relu,
  relu6,
  reshape,
  scale,
  select,
  shuffle,
  sigmoid,
  silu,
  slice,
  softmax,
  softplus,
  stop_gradient: stopGradient,
  sub,
  tanh,
  transpose,
  upsample,
};

/** The PyTorch form of every loss a training section names, by op name. */
export const torchLosses: Readonly<Record<string, TorchLoss>> = {
  bce: bceLoss,
  cross_entropy: crossEntropyLoss,
  mse: mseLoss,
  smooth_l1: smoothL1Loss,
};
