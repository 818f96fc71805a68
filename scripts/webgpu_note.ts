// Run by `npm ci` (the prepare step, after the build): says plainly when
// this machine cannot run WebGPU yet, and the command that fixes it. It
// installs nothing: installing system packages from a package manager's
// hook would change the machine by surprise. `dlc check`, `summary` and
// `compile` work without WebGPU; `train`, `run`, `tune` and compiled
// modules need a GPU or SwiftShader and the Vulkan loader
// (runtime/webgpu/system.ts says which files tell).
import { existsSync } from "node:fs";
import { join } from "node:path";
import { webGpuSystem } from "../runtime/webgpu/system.js";

// --root DIR looks for the files under DIR instead of / (tests).
const rootAt = process.argv.indexOf("--root");
const root = rootAt > 0 ? process.argv[rootAt + 1]! : "/";

if (process.platform === "linux") {
  const s = webGpuSystem((p) => existsSync(join(root, p)));
  const missing = [!s.vulkanLoader ? "the Vulkan loader (libvulkan1)" : "", !s.gpu && !s.swiftShader ? "a GPU or SwiftShader (Debian's chromium package)" : ""].filter(Boolean);
  if (missing.length > 0) {
    process.stderr.write(
      `\ndlc: WebGPU cannot run on this machine yet: ${missing.join(" and ")} missing.\n` +
        "  check, summary and compile work; train, run, tune, compiled modules and the tests need it.\n" +
        "  Install with: scripts/install-test-deps.sh (as root; it runs apt-get install -y chromium libvulkan1)\n\n",
    );
  }
}
