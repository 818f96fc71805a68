// Every op's registry entry (ops/entry.ts): definition, WGSL kernel module
// and float64 reference module, for code generation and the reference
// executor. The definitions alone are in registry.ts, which `dlc check`
// loads without any kernel (see its header); tests/ops/registry.test.ts
// proves that the two list the same ops, that every folder under ops/ is
// here, and that every op but input lowers.
//
// The tables code generation and the reference executor read (kernel
// modules, reference kernels) are derived from this one list: adding an
// op adds its folder and one line here and in registry.ts.

import type { OpDef } from "./contract.js";
import type { OpEntry, RegistryEntry } from "./entry.js";
import type { KernelModule } from "./lowering.js";
import type { Kernel, ReferenceModule } from "./reference_kernel.js";
import { entry as input } from "./input/index.js";
import { entry as conv } from "./conv/index.js";
import { entry as convTranspose } from "./conv_transpose/index.js";
import { entry as upsample } from "./upsample/index.js";
import { entry as pad } from "./pad/index.js";
import { entry as maxpool } from "./maxpool/index.js";
import { entry as avgpool } from "./avgpool/index.js";
import { entry as adaptiveAvgpool } from "./adaptive_avgpool/index.js";
import { entry as gap } from "./gap/index.js";
import { entry as gmp } from "./gmp/index.js";
import { entry as dense } from "./dense/index.js";
import { entry as bn } from "./bn/index.js";
import { entry as layernorm } from "./layernorm/index.js";
import { entry as embedding } from "./embedding/index.js";
import { entry as dropout } from "./dropout/index.js";
import { entry as lrn } from "./lrn/index.js";
import { entry as relu } from "./relu/index.js";
import { entry as leakyRelu } from "./leaky_relu/index.js";
import { entry as prelu } from "./prelu/index.js";
import { entry as elu } from "./elu/index.js";
import { entry as sigmoid } from "./sigmoid/index.js";
import { entry as tanh } from "./tanh/index.js";
import { entry as softplus } from "./softplus/index.js";
import { entry as relu6 } from "./relu6/index.js";
import { entry as hardsigmoid } from "./hardsigmoid/index.js";
import { entry as hardswish } from "./hardswish/index.js";
import { entry as silu } from "./silu/index.js";
import { entry as mish } from "./mish/index.js";
import { entry as gelu } from "./gelu/index.js";
import { entry as softmax } from "./softmax/index.js";
import { entry as flatten } from "./flatten/index.js";
import { entry as reshape } from "./reshape/index.js";
import { entry as add } from "./add/index.js";
import { entry as mul } from "./mul/index.js";
import { entry as sub } from "./sub/index.js";
import { entry as affine } from "./affine/index.js";
import { entry as concat } from "./concat/index.js";
import { entry as slice } from "./slice/index.js";
import { entry as shuffle } from "./shuffle/index.js";
import { entry as permute } from "./permute/index.js";
import { entry as transpose } from "./transpose/index.js";
import { entry as matmul } from "./matmul/index.js";
import { entry as mean } from "./mean/index.js";
import { entry as select } from "./select/index.js";
import { entry as scale } from "./scale/index.js";
import { entry as stopGradient } from "./stop_gradient/index.js";
import { entry as convGradInput } from "./conv_grad_input/index.js";
import { entry as convGradWeight } from "./conv_grad_weight/index.js";
import { entry as convTransposeGradInput } from "./conv_transpose_grad_input/index.js";
import { entry as convTransposeGradWeight } from "./conv_transpose_grad_weight/index.js";
import { entry as denseGradInput } from "./dense_grad_input/index.js";
import { entry as denseGradWeight } from "./dense_grad_weight/index.js";
import { entry as reduceAxis } from "./reduce_axis/index.js";
import { entry as bnGradInput } from "./bn_grad_input/index.js";
import { entry as bnGradWeight } from "./bn_grad_weight/index.js";
import { entry as layernormGradInput } from "./layernorm_grad_input/index.js";
import { entry as embeddingGradWeight } from "./embedding_grad_weight/index.js";
import { entry as unaryGrad } from "./unary_grad/index.js";
import { entry as preluGradInput } from "./prelu_grad_input/index.js";
import { entry as preluGradWeight } from "./prelu_grad_weight/index.js";
import { entry as softmaxGrad } from "./softmax_grad/index.js";
import { entry as maxpoolGrad } from "./maxpool_grad/index.js";
import { entry as avgpoolGrad } from "./avgpool_grad/index.js";
import { entry as adaptiveAvgpoolGrad } from "./adaptive_avgpool_grad/index.js";
import { entry as gapGrad } from "./gap_grad/index.js";
import { entry as gmpGrad } from "./gmp_grad/index.js";
import { entry as lrnGrad } from "./lrn_grad/index.js";
import { entry as upsampleGrad } from "./upsample_grad/index.js";
import { entry as padGrad } from "./pad_grad/index.js";
import { entry as sumTo } from "./sum_to/index.js";
import { entry as sliceGrad } from "./slice_grad/index.js";
import { entry as meanGrad } from "./mean_grad/index.js";
import { entry as scaleGradWeight } from "./scale_grad_weight/index.js";
import { entry as channelScale } from "./channel_scale/index.js";
import { entry as dropoutMask } from "./dropout_mask/index.js";
import { entry as splitSum } from "./split_sum/index.js";
import { entry as batchSum } from "./batch_sum/index.js";
import { entry as param } from "./param/index.js";
import { entry as convGradCols } from "./conv_grad_cols/index.js";
import { entry as col2im } from "./col2im/index.js";
import { entry as crossEntropy } from "./cross_entropy/index.js";
import { entry as crossEntropyGrad } from "./cross_entropy_grad/index.js";
import { entry as bce } from "./bce/index.js";
import { entry as bceGrad } from "./bce_grad/index.js";
import { entry as mse } from "./mse/index.js";
import { entry as mseGrad } from "./mse_grad/index.js";
import { entry as smoothL1 } from "./smooth_l1/index.js";
import { entry as smoothL1Grad } from "./smooth_l1_grad/index.js";
import { entry as weightedSum } from "./weighted_sum/index.js";

/** Every op's entry, in registry.ts's order. */
export const entries: readonly RegistryEntry[] = [
  input,
  conv,
  convTranspose,
  upsample,
  pad,
  maxpool,
  avgpool,
  adaptiveAvgpool,
  gap,
  gmp,
  dense,
  bn,
  layernorm,
  embedding,
  dropout,
  lrn,
  relu,
  leakyRelu,
  prelu,
  elu,
  sigmoid,
  tanh,
  softplus,
  silu,
  mish,
  gelu,
  relu6,
  hardsigmoid,
  hardswish,
  softmax,
  flatten,
  reshape,
  add,
  sub,
  mul,
  affine,
  concat,
  slice,
  shuffle,
  permute,
  transpose,
  matmul,
  mean,
  select,
  scale,
  stopGradient,
  param,
  convGradInput,
  convGradWeight,
  convTransposeGradInput,
  convTransposeGradWeight,
  denseGradInput,
  denseGradWeight,
  reduceAxis,
  bnGradInput,
  bnGradWeight,
  layernormGradInput,
  embeddingGradWeight,
  unaryGrad,
  preluGradInput,
  preluGradWeight,
  softmaxGrad,
  maxpoolGrad,
  avgpoolGrad,
  adaptiveAvgpoolGrad,
  gapGrad,
  gmpGrad,
  lrnGrad,
  upsampleGrad,
  padGrad,
  sumTo,
  batchSum,
  sliceGrad,
  meanGrad,
  scaleGradWeight,
  channelScale,
  dropoutMask,
  splitSum,
  convGradCols,
  col2im,
  crossEntropy,
  crossEntropyGrad,
  bce,
  bceGrad,
  mse,
  mseGrad,
  smoothL1,
  smoothL1Grad,
  weightedSum,
];

const computed: readonly OpEntry[] = entries.filter((e): e is OpEntry => e.kind === "op");
const byName = new Map<string, OpEntry>(computed.map((e) => [e.def.name, e]));

/** The kernel module of an op, by IR name; undefined for input and unknown ops. */
export function kernelOf(op: string): KernelModule | undefined {
  return byName.get(op)?.kernel;
}

/** The reference module of an op, by IR name; undefined for input and unknown ops. */
export function referenceOf(op: string): ReferenceModule | undefined {
  return byName.get(op)?.reference;
}

/** Every computed op's kernel module, by IR name (compiler/codegen/lower.ts). */
export const kernelModules: Readonly<Record<string, KernelModule>> = Object.freeze(Object.fromEntries(computed.map((e) => [e.def.name, e.kernel])));

const isForward = (def: OpDef) => (def.role ?? "forward") === "forward";

function referenceKernels(keep: (def: OpDef) => boolean): Readonly<Record<string, Kernel>> {
  return Object.freeze(Object.fromEntries(computed.filter((e) => keep(e.def)).map((e) => [e.def.name, e.reference.kernel])));
}

/** The layers' reference kernels, by op name (every op but input, whose value is fed). */
export const forwardKernels: Readonly<Record<string, Kernel>> = referenceKernels(isForward);

/** The backward and loss ops' reference kernels (docs/autodiff.md), which the executor takes beside the forward ones. */
export const backwardKernels: Readonly<Record<string, Kernel>> = referenceKernels((def) => !isForward(def));
