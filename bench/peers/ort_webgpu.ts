// onnxruntime-web with its WebGPU execution provider on dlc's own Dawn
// device, in Node, beside dlc and TF.js in one process. ORT's WebGPU build
// is meant for browsers; four things make it run here:
//
// - navigator.gpu, which ORT checks for before it starts its provider (the
//   shim tfjs_webgpu.ts installs, when it is not there yet);
// - the device is handed to the provider (`{ name: "webgpu", device }`):
//   given only navigator.gpu, ORT asks the adapter for a second device, and
//   Dawn refuses ("WebGPU device lost (4): Device creation failed");
// - its wasm binary is read from the package (no fetch of file: URLs), one
//   thread (no workers);
// - queue.writeBuffer gets a copy of views of a SharedArrayBuffer (ORT's
//   threaded wasm memory): Dawn's Node binding throws "Invalid argument" on
//   them. The wrapper is on the shared queue; dlc and TF.js never pass such
//   views, so for them it is one instanceof test per write.

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { DeviceHandle } from "../../runtime/webgpu/device.js";

export type Ort = typeof import("onnxruntime-web");
type Session = import("onnxruntime-web").InferenceSession;
type OrtTensor = import("onnxruntime-web").Tensor;

let loaded: Ort | undefined;

export async function ortOnDevice(h: DeviceHandle): Promise<Ort> {
  if (loaded) return loaded;
  const global = globalThis as unknown as { navigator?: { gpu?: unknown } };
  if (!global.navigator?.gpu) {
    const gpu = { requestAdapter: async () => h.adapter, getPreferredCanvasFormat: () => "rgba8unorm", wgslLanguageFeatures: new Set<string>() };
    Object.defineProperty(globalThis, "navigator", { value: { ...global.navigator, gpu }, configurable: true, writable: true });
  }
  const queue = h.device.queue;
  const write = queue.writeBuffer.bind(queue);
  queue.writeBuffer = (buffer: GPUBuffer, offset: number, data: BufferSource | SharedArrayBuffer, dataOffset?: number, size?: number) => {
    if (ArrayBuffer.isView(data) && data.buffer instanceof SharedArrayBuffer) {
      const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
      const step = data instanceof DataView ? 1 : (data as unknown as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT;
      const from = (dataOffset ?? 0) * step;
      return write(buffer, offset, bytes.slice(from, size === undefined ? undefined : from + size * step));
    }
    return write(buffer, offset, data as BufferSource, dataOffset, size);
  };
  const require = createRequire(import.meta.url);
  const ort = (await import("onnxruntime-web/webgpu")) as Ort;
  ort.env.wasm.numThreads = 1;
  ort.env.wasm.wasmBinary = readFileSync(require.resolve("onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm"));
  ort.env.logLevel = "error";
  loaded = ort;
  return ort;
}

export interface OrtRunner {
  /** One run; its outputs stay on the device until the next run releases them. */
  run(): Promise<void>;
  /** The last run's outputs, read back (waits for the device). */
  read(): Promise<Map<string, Float32Array>>;
  dispose(): Promise<void>;
}

/**
 * A session on the model with its inputs written once to device buffers, and
 * outputs kept on the device. `layout`: the provider's preferredLayout (its
 * default is NHWC, into which it rewrites NCHW convolutions; on SwiftShader,
 * ORT 1.30's NHWC path gets some wrong, e.g. a 3×3 conv from 6 channels to
 * 16, and LeNet-5, where NCHW is right).
 */
export async function ortRunner(ort: Ort, h: DeviceHandle, model: Uint8Array, feeds: ReadonlyMap<string, { data: Float32Array; shape: readonly number[] }>, layout?: "NCHW" | "NHWC"): Promise<OrtRunner> {
  const provider = { name: "webgpu", device: h.device, ...(layout ? { preferredLayout: layout } : {}) };
  const session: Session = await ort.InferenceSession.create(model, { executionProviders: [provider as never], preferredOutputLocation: "gpu-buffer" });
  const buffers: GPUBuffer[] = [];
  const inputs: Record<string, OrtTensor> = {};
  for (const [name, { data, shape }] of feeds) {
    const b = h.device.createBuffer({ label: `ort input ${name}`, size: data.byteLength, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST });
    h.device.queue.writeBuffer(b, 0, data.buffer as ArrayBuffer, data.byteOffset, data.byteLength);
    buffers.push(b);
    inputs[name] = ort.Tensor.fromGpuBuffer(b as never, { dataType: "float32", dims: [...shape] });
  }
  let last: Record<string, OrtTensor> | undefined;
  const release = () => {
    for (const t of Object.values(last ?? {})) t.dispose();
    last = undefined;
  };
  return {
    async run() {
      release();
      last = (await session.run(inputs)) as Record<string, OrtTensor>;
    },
    async read() {
      const out = new Map<string, Float32Array>();
      for (const [name, t] of Object.entries(last ?? {})) out.set(name, Float32Array.from((await t.getData()) as Float32Array));
      return out;
    },
    async dispose() {
      release();
      await session.release();
      for (const b of buffers) b.destroy();
    },
  };
}
