// dlc's runtime: what a compiled module imports ("dlc/runtime").
export { CompiledModel, ModelError, type ModelOptions, type StepResult } from "./model.js";
export { acquireDevice, DeviceError, type DeviceHandle } from "./webgpu/device.js";
export { ProgramRunner, ProgramError } from "./webgpu/program.js";
