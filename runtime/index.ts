// dlc's runtime: what a compiled module imports ("dlc/runtime").
//
// Its declarations name WebGPU's types (GPUDevice, GPUBuffer). TypeScript ≥ 6
// has them in its DOM library; TypeScript 5 gets them from @webgpu/types
// through webgpu_types.ts, which package.json's exports hand to it alone
// ("types@<6"): referencing @webgpu/types from here would declare every
// GPU type twice under TypeScript ≥ 6 (TS2300, duplicate identifier).
export { CompiledModel, ModelError, type ModelOptions, type StepResult } from "./model.js";
export { acquireDevice, DeviceError, type DeviceHandle } from "./webgpu/device.js";
export { ProgramRunner, ProgramError } from "./webgpu/program.js";
