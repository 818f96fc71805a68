// dlc's runtime: what a compiled module imports ("dlc/runtime").
//
// Its declarations name WebGPU's types (GPUDevice, GPUBuffer), which are
// globals from @webgpu/types, a dependency of dlc. This directive pulls them
// into the program of whoever imports "dlc/runtime", so that a user's strict
// project type-checks without listing them in its own tsconfig; tsc keeps
// it in the emitted index.d.ts only because of preserve="true" (TS ≥ 5.5).
/// <reference types="@webgpu/types" preserve="true" />
export { CompiledModel, ModelError, type ModelOptions, type StepResult } from "./model.js";
export { acquireDevice, DeviceError, type DeviceHandle } from "./webgpu/device.js";
export { ProgramRunner, ProgramError } from "./webgpu/program.js";
