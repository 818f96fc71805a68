import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { heavyFirst, IDLE_SECONDS } from "./sequencer.js";

describe("the heavy-first test order", () => {
  it("starts the listed files first, heaviest first, and keeps the others' order", () => {
    const files = ["tests/a.test.ts", "tests/runtime/webgpu/fusion.test.ts", "tests/b.test.ts", "tests/runtime/webgpu/conv_kernels.test.ts"];
    expect(heavyFirst(files, (f) => f)).toEqual(["tests/runtime/webgpu/conv_kernels.test.ts", "tests/runtime/webgpu/fusion.test.ts", "tests/a.test.ts", "tests/b.test.ts"]);
  });

  // A renamed or removed file would silently lose its place.
  it("lists only files that exist", () => {
    expect(Object.keys(IDLE_SECONDS).filter((f) => !existsSync(f))).toEqual([]);
  });
});
