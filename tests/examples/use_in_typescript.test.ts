import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

// The example as a user runs it: the built `dlc compile`, then a TypeScript
// program importing the generated module through "dlc/runtime" (the built
// runtime, resolved by the package's exports).
describe("examples/use-in-typescript", () => {
  it("compiles, trains 60 steps on WebGPU and classifies the held-out batch", () => {
    const c = spawnSync(process.execPath, ["bin/dlc.js", "compile", "examples/use-in-typescript/classifier.net", "-o", "examples/use-in-typescript/build", "--batch", "8"], { encoding: "utf8", timeout: 120_000 });
    expect(c.status, c.stderr).toBe(0);
    const r = spawnSync(process.execPath, ["--import", "tsx", "examples/use-in-typescript/main.ts"], { encoding: "utf8", timeout: 240_000 });
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout.trim().split("\n").pop()!) as { firstLoss: number; lastLoss: number; accuracy: number };
    expect(out.lastLoss).toBeLessThan(out.firstLoss / 4);
    expect(out.accuracy).toBeGreaterThanOrEqual(0.75);
  });
});
