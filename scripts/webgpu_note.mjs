#!/usr/bin/env node
// Run by `npm ci` (the prepare step, after the build): says plainly when
// this machine cannot run WebGPU yet, and the command that fixes it. It
// installs nothing: installing system packages from a package manager's
// hook would change the machine by surprise. `dlc check`, `summary` and
// `compile` work without WebGPU; `train`, `run`, `tune` and compiled
// modules need a GPU or SwiftShader (Debian's chromium package) and the
// Vulkan loader. Plain JavaScript: it runs before anything is compiled.
import { existsSync } from "node:fs";
import { join } from "node:path";

// --root DIR looks for the files under DIR instead of / (tests).
const rootAt = process.argv.indexOf("--root");
const root = rootAt > 0 ? process.argv[rootAt + 1] : "/";
const exists = (p) => existsSync(join(root, p));

const ICD = "/usr/lib/chromium/vk_swiftshader_icd.json";
const LOADERS = ["/usr/lib/x86_64-linux-gnu/libvulkan.so.1", "/usr/lib/aarch64-linux-gnu/libvulkan.so.1", "/usr/lib/libvulkan.so.1"];

if (process.platform === "linux") {
  const gpu = exists("/dev/nvidia0") || exists("/dev/dri/renderD128");
  const loader = LOADERS.some(exists);
  const swiftshader = exists(ICD);
  if (!loader || (!gpu && !swiftshader)) {
    const missing = [!loader ? "the Vulkan loader (libvulkan1)" : "", !gpu && !swiftshader ? "a GPU or SwiftShader (Debian's chromium package)" : ""].filter(Boolean).join(" and ");
    process.stderr.write(
      `\ndlc: WebGPU cannot run on this machine yet: ${missing} missing.\n` +
        "  check, summary and compile work; train, run, tune, compiled modules and the tests need it.\n" +
        "  Install with: scripts/install-test-deps.sh (as root; it runs apt-get install -y chromium libvulkan1)\n\n",
    );
  }
}
