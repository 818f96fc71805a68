import { defineConfig } from "vitest/config";

export default defineConfig({
  // Compiled modules import "dlc/runtime"; in tests that is the source.
  resolve: { alias: { "dlc/runtime": new URL("./runtime/index.ts", import.meta.url).pathname } },
  test: {
    include: ["tests/**/*.test.ts"],
    globalSetup: ["tests/setup/webgpu.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two cores on CI: two workers keep the run short without thrashing.
    maxWorkers: 2,
  },
});
