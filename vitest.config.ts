import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    globalSetup: ["tests/setup/webgpu.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two cores on CI: two workers keep the run short without thrashing.
    maxWorkers: 2,
  },
});
