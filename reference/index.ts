// dlc's float64 reference executor as a library ("dlc/reference"): an
// oracle for anyone checking a network's outputs or gradients, with naive
// kernels written apart from the WebGPU ones. Build a graph with dlc's
// checkFile (package "dlc"), then run it here:
//
//   import { checkFile } from "dlc";
//   import { execute, initParams, fromArray } from "dlc/reference";
//   const { graph } = checkFile("net.net");
//   const params = initParams(graph!, 0);
//   const { values } = execute(graph!, { feeds: new Map([["x", fromArray([1, 3], [1, 2, 3])]]), params });
//   const y = values[graph!.outputs[0]!.node];
//
// Forward graphs run with the forward kernels alone; a training graph (its
// losses and backward ops) needs `kernels: backwardKernels`.

export { execute, type BnBatchStats, type ExecuteOptions, type ExecuteResult } from "./executor.js";
export { fromArray, sizeOf, strides, zeros, type Precision, type Tensor } from "../core/tensor/tensor.js";
export { initParams, initSpecs } from "../compiler/passes/init_rules.js";
export { sampleParams, type InitSpec } from "../core/params/init.js";
export {
  checkGradcheckSize,
  gradcheck,
  gradcheckSize,
  GradcheckSizeError,
  MAX_GRADCHECK_BYTES,
  randomFeeds,
  syntheticTrainSpec,
  type GradcheckOptions,
  type GradcheckResult,
  type GradcheckSize,
  type TensorCheck,
} from "./gradcheck.js";
export { createRng, Rng } from "../core/tensor/rng.js";
export { backwardKernels, forwardKernels } from "../ops/implementations.js";
export type { Kernel, KernelContext } from "../ops/reference_kernel.js";
