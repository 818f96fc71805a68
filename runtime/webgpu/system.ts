// What a Linux machine offers WebGPU in Node: Dawn reaches a GPU, or
// SwiftShader (the software Vulkan driver in Debian's chromium package),
// through the Vulkan loader. One list of the files that tell, for device
// acquisition, the tests' set-up and npm ci's note. It takes `exists`
// rather than importing node:fs, so that a browser bundle of the runtime
// can include it.

export const SWIFTSHADER_ICD = "/usr/lib/chromium/vk_swiftshader_icd.json";
const GPU_DEVICES = ["/dev/nvidia0", "/dev/dri/renderD128"];
const VULKAN_LOADERS = ["/usr/lib/x86_64-linux-gnu/libvulkan.so.1", "/usr/lib/aarch64-linux-gnu/libvulkan.so.1", "/usr/lib/libvulkan.so.1"];

export interface WebGpuSystem {
  /** A GPU the kernel exposes: an NVIDIA device or a render node. */
  readonly gpu: boolean;
  readonly swiftShader: boolean;
  readonly vulkanLoader: boolean;
}

export function webGpuSystem(exists: (path: string) => boolean): WebGpuSystem {
  return { gpu: GPU_DEVICES.some(exists), swiftShader: exists(SWIFTSHADER_ICD), vulkanLoader: VULKAN_LOADERS.some(exists) };
}
