import { defineConfig } from "vitest/config";
import { limitFor } from "./tests/helpers/time_limits.js";
import HeavyFirstSequencer from "./tests/setup/sequencer.js";

export default defineConfig({
  // Compiled modules import "dlc/runtime"; in tests that is the source.
  resolve: { alias: { "dlc/runtime": new URL("./runtime/index.ts", import.meta.url).pathname } },
  test: {
    include: ["tests/**/*.test.ts"],
    // Checks that WebGPU can run here (a GPU, or SwiftShader); installs nothing.
    globalSetup: ["tests/setup/webgpu.ts"],
    // Limits catch hangs, not slowness (tests/helpers/time_limits.ts): the
    // default fits tests whose work takes up to 6 s on an idle 2-core
    // machine; files with heavier tests give their own with limitFor().
    testTimeout: limitFor(6),
    hookTimeout: limitFor(6),
    // Two cores on CI: two workers keep the run short without thrashing.
    // No file takes more than ~40 s idle (the heavy GPU files are split)
    // and the heaviest start first, so the two workers end close together.
    maxWorkers: 2,
    sequence: { sequencer: HeavyFirstSequencer },
  },
});
