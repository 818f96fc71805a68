// WebGPU device acquisition, in Node (Dawn, through the `webgpu` package)
// and in browsers (navigator.gpu). On a machine without a GPU, Node uses
// SwiftShader, the software Vulkan driver that Debian's chromium package
// ships: the environment that selects it is set before Dawn starts.

import { noteCores } from "./pipelines.js";
import { SWIFTSHADER_ICD, webGpuSystem } from "./system.js";

// Node's modules are loaded only on the Node path, so that a browser
// bundle of the runtime does not pull them in.
type NodeFs = typeof import("node:fs");
let fs: NodeFs | undefined;
async function nodeModules(): Promise<{ fs: NodeFs; tmpdir: () => string; join: (...p: string[]) => string }> {
  fs ??= await import("node:fs");
  const os = await import("node:os");
  const path = await import("node:path");
  // How pipelines are best made depends on the cores left to compile them (pipelines.ts).
  noteCores(os.availableParallelism());
  return { fs, tmpdir: os.tmpdir, join: path.join };
}

export { SWIFTSHADER_ICD } from "./system.js";
export const SWIFTSHADER_INSTALL = "apt-get install -y chromium libvulkan1";

export class DeviceError extends Error {}

export interface DeviceHandle {
  readonly adapter: GPUAdapter;
  readonly device: GPUDevice;
  /** "dawn (SwiftShader)", "dawn", or "browser". */
  readonly backend: string;
  readonly info: { vendor: string; architecture: string; device: string; description: string };
  /** Everything the adapter offers (doctor reports it). */
  readonly adapterFeatures: readonly string[];
}

/**
 * Optional features dlc uses where the adapter offers them, each behind
 * feature detection: timestamp queries for the profiler and the autotuner
 * (GPU time per kernel), subgroups for the subgroup GEMM template, f16 for
 * reporting (no f16 kernels yet: no adapter here offers it to test them on).
 */
export const OPTIONAL_FEATURES = ["timestamp-query", "subgroups", "shader-f16"] as const;

// Dawn's GPU object must outlive every device it made: if it is garbage
// collected the process aborts. Keep it for the life of the process.
let nodeGpu: GPU | undefined;
let usingSwiftShader = false;

function hasHardwareGpu(): boolean {
  return fs !== undefined && webGpuSystem(fs.existsSync).gpu;
}

/**
 * Points the Vulkan loader at SwiftShader when no hardware GPU is present
 * and the user chose no driver; returns whether it did.
 */
async function chooseSoftwareVulkan(): Promise<boolean> {
  const m = await nodeModules();
  if (process.env.VK_ICD_FILENAMES || hasHardwareGpu() || !m.fs.existsSync(SWIFTSHADER_ICD)) return false;
  process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
  if (!process.env.XDG_RUNTIME_DIR) {
    const dir = m.join(m.tmpdir(), `dlc-xdg-${process.getuid?.() ?? 0}`);
    m.fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    process.env.XDG_RUNTIME_DIR = dir;
  }
  return true;
}

async function nodeGpuObject(): Promise<GPU> {
  if (nodeGpu) return nodeGpu;
  usingSwiftShader = (await chooseSoftwareVulkan()) || process.env.VK_ICD_FILENAMES === SWIFTSHADER_ICD;
  // A variable specifier keeps browser bundlers from trying to include Dawn.
  const dawn = "webgpu";
  const webgpu = (await import(/* @vite-ignore */ dawn)) as { create(flags: string[]): GPU; globals: Record<string, unknown> };
  Object.assign(globalThis, webgpu.globals);
  // Dawn rounds timestamps to 100 µs against timing attacks on web pages;
  // in Node there is no page to protect, and the profiler needs them exact.
  nodeGpu = webgpu.create(["disable-dawn-features=timestamp_quantization"]);
  return nodeGpu;
}

function noAdapterMessage(): string {
  if (typeof navigator !== "undefined" && !("gpu" in navigator)) return "this browser has no WebGPU (navigator.gpu is missing); use a browser with WebGPU enabled";
  if (!hasHardwareGpu() && !(fs?.existsSync(SWIFTSHADER_ICD) ?? false)) {
    return `no WebGPU adapter: this machine has no GPU and no SwiftShader; install it with \`${SWIFTSHADER_INSTALL}\` (as root), then run again`;
  }
  return "no WebGPU adapter was found: check the GPU driver (or set VK_ICD_FILENAMES to a Vulkan driver's ICD file)";
}

/**
 * Acquires an adapter and a device with the adapter's own limits requested
 * explicitly (WebGPU otherwise grants only the small defaults).
 */
export async function acquireDevice(): Promise<DeviceHandle> {
  const inBrowser = typeof navigator !== "undefined" && "gpu" in navigator;
  const gpu: GPU = inBrowser ? navigator.gpu : await nodeGpuObject();
  const adapter = await gpu.requestAdapter({ powerPreference: "high-performance" });
  if (!adapter) throw new DeviceError(noAdapterMessage());
  const requiredLimits: Record<string, number> = {};
  for (const key of ["maxStorageBufferBindingSize", "maxBufferSize", "maxComputeWorkgroupStorageSize", "maxComputeInvocationsPerWorkgroup", "maxComputeWorkgroupSizeX", "maxComputeWorkgroupSizeY", "maxComputeWorkgroupsPerDimension", "maxStorageBuffersPerShaderStage"] as const) {
    requiredLimits[key] = adapter.limits[key];
  }
  const requiredFeatures = OPTIONAL_FEATURES.filter((f) => adapter.features.has(f)) as GPUFeatureName[];
  const device = await adapter.requestDevice({ requiredLimits, requiredFeatures });
  const info = adapter.info;
  return {
    adapter,
    device,
    backend: inBrowser ? "browser" : usingSwiftShader ? "dawn (SwiftShader)" : "dawn",
    info: { vendor: info.vendor, architecture: info.architecture, device: info.device, description: info.description },
    adapterFeatures: [...adapter.features].sort(),
  };
}
