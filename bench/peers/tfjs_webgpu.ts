// TensorFlow.js with its WebGPU backend on dlc's own Dawn device, so that
// both frameworks run on one adapter in one process (issue 5's rule).

import { createRequire } from "node:module";
import type { DeviceHandle } from "../../runtime/webgpu/device.js";

export type Tf = typeof import("@tensorflow/tfjs-core");

export async function tfOnDevice(h: DeviceHandle): Promise<Tf> {
  const gpu = { requestAdapter: async () => h.adapter, getPreferredCanvasFormat: () => "rgba8unorm", wgslLanguageFeatures: new Set<string>() };
  (globalThis as unknown as { navigator: unknown }).navigator = { gpu };
  const { tf, wg } = process.env.VITEST ? await loadForBundler() : loadForNode();
  // Fusion and GPU kernels everywhere: no forwarding of small ops to the CPU.
  tf.env().set("WEBGPU_CPU_FORWARD", false);
  // The kernels are registered under "webgpu": replace that backend's factory with one on our device.
  tf.removeBackend("webgpu");
  tf.registerBackend("webgpu", async () => new wg.WebGPUBackend(h.device, h.adapter.info as never), 3);
  if (!(await tf.setBackend("webgpu"))) throw new Error("TF.js could not start its WebGPU backend on the shared device");
  return tf;
}

type WebGpuBackendModule = typeof import("@tensorflow/tfjs-backend-webgpu");

/**
 * Under Node's own loader: TF.js's CommonJS bundles, because its ES builds
 * import directories, which Node's ES loader refuses.
 */
function loadForNode(): { tf: Tf; wg: WebGpuBackendModule } {
  const require = createRequire(import.meta.url);
  const tf = require("@tensorflow/tfjs-core") as Tf;
  require("@tensorflow/tfjs-backend-cpu");
  if (!tf.getGradient("RealDiv")) require("@tensorflow/tfjs-core/dist/register_all_gradients");
  return { tf, wg: require("@tensorflow/tfjs-backend-webgpu") as WebGpuBackendModule };
}

/** Under vitest (a bundler that accepts directory imports): the ES builds, whose core registers no gradients itself. */
async function loadForBundler(): Promise<{ tf: Tf; wg: WebGpuBackendModule }> {
  const tf = await import("@tensorflow/tfjs-core");
  await import("@tensorflow/tfjs-backend-cpu");
  await import("@tensorflow/tfjs-core/dist/register_all_gradients.js");
  return { tf, wg: await import("@tensorflow/tfjs-backend-webgpu") };
}
