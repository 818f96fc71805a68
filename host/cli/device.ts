// The WebGPU device for a command that needs nothing else first (doctor,
// tune): a missing adapter is the user's to fix, so it is printed as an
// error naming the fix, not reported as a bug in dlc.

import { escapeControl } from "../../core/diagnostics/printable.js";
import { acquireDevice, DeviceError, type DeviceHandle } from "../../runtime/webgpu/device.js";

/** The device, or undefined after printing why there is none. */
export async function deviceOrReport(): Promise<DeviceHandle | undefined> {
  try {
    return await acquireDevice();
  } catch (e) {
    if (!(e instanceof DeviceError)) throw e;
    process.stderr.write(`error: ${escapeControl(e.message)}\n`);
    return undefined;
  }
}
