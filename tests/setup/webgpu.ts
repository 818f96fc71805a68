// Vitest global set-up: WebGPU tests run for real, on SwiftShader where the
// machine has no GPU, and are never skipped. This only checks: a test run
// must not change the machine, so where something the tests need from the
// system is missing it stops with the command that installs it
// (scripts/install-test-deps.sh, which .ci/run calls before `npm test`).

import { existsSync } from "node:fs";
import { SWIFTSHADER_ICD, webGpuSystem } from "../../runtime/webgpu/system.js";

const CHROMIUM = "/usr/bin/chromium";

/** What is missing, in words; empty when the tests can run. */
export function missingForTests(exists: (path: string) => boolean = existsSync, gpu = webGpuSystem(existsSync).gpu): string[] {
  const missing: string[] = [];
  const system = webGpuSystem(exists);
  // Dawn reaches a GPU or SwiftShader through the Vulkan loader.
  if (!system.vulkanLoader) missing.push("the Vulkan loader (libvulkan.so.1)");
  if (!gpu && !system.swiftShader) missing.push(`SwiftShader (${SWIFTSHADER_ICD}), as there is no GPU`);
  // The browser test runs a compiled module in headless Chromium.
  if (!exists(CHROMIUM)) missing.push(`Chromium (${CHROMIUM}) for the browser test`);
  return missing;
}

/** Why the tests cannot run, and the command that fixes it. */
export function missingMessage(missing: readonly string[]): string {
  return (
    `the tests need ${missing.join(", ")}.\n` +
    "Install Debian's chromium (which ships SwiftShader) and libvulkan1 as root, then run the tests again:\n" +
    "  sudo scripts/install-test-deps.sh\n"
  );
}

export default function setup(): void {
  const missing = missingForTests();
  if (missing.length > 0) throw new Error(missingMessage(missing));
}
