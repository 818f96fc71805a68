// Which errors of `dlc train` and `dlc eval` are the input's or the
// machine's fault (exit 1 with their message) rather than a bug in dlc
// (exit 3). Loaded by the runners only: it pulls in the data loader, the
// checkpoint reader and the WebGPU program runner.

import { LoweringError } from "../../ops/lowering.js";
import { CheckpointError } from "../../runtime/checkpoint/checkpoint.js";
import { DataError } from "../data/npy.js";
import { FileReadError } from "../../core/io/read_regular_file.js";
import { FileWriteError } from "../../core/io/write_file_atomic.js";
import { TrainingError } from "../training/loop.js";
import { DeviceError } from "../../runtime/webgpu/device.js";
import { ProgramError } from "../../runtime/webgpu/program.js";

/** The message to print with exit 1, or undefined for an error that is a bug. */
export function expectedError(e: unknown): string | undefined {
  if (e instanceof DataError || e instanceof TrainingError || e instanceof CheckpointError || e instanceof DeviceError || e instanceof ProgramError || e instanceof FileReadError || e instanceof FileWriteError) return e.message;
  if (e instanceof LoweringError) return `${e.message}: this network cannot run on WebGPU yet; use --backend reference`;
  return undefined;
}
