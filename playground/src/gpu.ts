// The page's WebGPU device, asked for once, on the first Train, through the
// runtime's acquireDevice (the adapter's own limits, the optional features
// it offers). Where the browser has no WebGPU (navigator.gpu absent), no
// adapter, or refuses a device, the answer is a sentence for the page,
// never an exception.

import { acquireDevice } from "../../runtime/webgpu/device.js";

export type GpuAnswer = { device: GPUDevice; adapter: string } | { problem: string };

let asked: Promise<GpuAnswer> | undefined;

async function request(): Promise<GpuAnswer> {
  // acquireDevice would take a page without navigator.gpu for Node: answer here first.
  if (typeof navigator === "undefined" || !("gpu" in navigator) || !navigator.gpu) {
    return { problem: "This browser has no WebGPU (navigator.gpu is missing), so the page cannot train here. The editor, the table and the graph still work. Chrome and Edge have WebGPU, Firefox and Safari in their recent versions." };
  }
  try {
    const h = await acquireDevice();
    const name = [h.info.vendor, h.info.architecture, h.info.description].filter((s) => s).join(" ") || "WebGPU adapter";
    return { device: h.device, adapter: name };
  } catch (e) {
    return { problem: `WebGPU is present but gave no device, so the page cannot train here: ${e instanceof Error ? e.message : String(e)}` };
  }
}

export function gpuDevice(): Promise<GpuAnswer> {
  asked ??= request();
  return asked;
}

/** Forgets a lost device, so that the next Train asks again. */
export function forgetDevice(): void {
  asked = undefined;
}
