// Vitest global set-up: WebGPU tests run for real, on SwiftShader where the
// machine has no GPU. If neither a GPU nor SwiftShader is present, install
// SwiftShader (Debian's chromium package) when we are root and apt works,
// else stop with the command that fixes it. WebGPU tests are never skipped.

import { execSync } from "node:child_process";
import { existsSync } from "node:fs";
import { SWIFTSHADER_ICD, SWIFTSHADER_INSTALL } from "../../runtime/webgpu/device.js";

const hasGpu = () => existsSync("/dev/nvidia0") || existsSync("/dev/dri/renderD128");
const hasVulkanLoader = () => ["/usr/lib/x86_64-linux-gnu/libvulkan.so.1", "/usr/lib/aarch64-linux-gnu/libvulkan.so.1", "/usr/lib/libvulkan.so.1"].some(existsSync);

export default function setup(): void {
  if (hasGpu() || (existsSync(SWIFTSHADER_ICD) && hasVulkanLoader())) return;
  const root = process.getuid?.() === 0;
  if (root) {
    process.stderr.write(`WebGPU tests need SwiftShader; installing it: ${SWIFTSHADER_INSTALL}\n`);
    try {
      execSync(`apt-get update -qq && DEBIAN_FRONTEND=noninteractive ${SWIFTSHADER_INSTALL} -qq`, { stdio: "inherit", timeout: 15 * 60 * 1000 });
    } catch {
      throw new Error(`could not install SwiftShader for the WebGPU tests; run \`${SWIFTSHADER_INSTALL}\` as root and try again`);
    }
    if (existsSync(SWIFTSHADER_ICD) && hasVulkanLoader()) return;
  }
  throw new Error(`the WebGPU tests need a GPU or SwiftShader: run \`sudo ${SWIFTSHADER_INSTALL}\` and try again`);
}
