import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

// `dlc summary --train`: the graph-level plan and the compiled step beside it.

describe("dlc summary --train", () => {
  it("reports the compiled WebGPU step's kernels and fused arena next to the graph-level plan", () => {
    const r = spawnSync(process.execPath, ["--import", "tsx", "compiler/cli/run.ts", "summary", "tests/fixtures/dense_inception.net", "--train", "--batch", "8", "--json"], { encoding: "utf8", timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout) as { training: { nodes: number; memory: { plannedBytes: number; lowerBoundBytes: number; naiveValueBytes: number }; compiled: { kernels: number; arenaBytes: number; lowerBoundBytes: number } } };
    const { memory, compiled } = s.training;
    expect(memory.plannedBytes).toBeLessThan(memory.naiveValueBytes);
    // Fusion keeps fewer values, concat operands live in their concat and
    // gradients of parameters in their own buffer: the compiled arena is smaller.
    expect(compiled.arenaBytes).toBeLessThan(memory.plannedBytes);
    expect(compiled.arenaBytes).toBeGreaterThanOrEqual(compiled.lowerBoundBytes);
    expect(compiled.kernels).toBeLessThan(s.training.nodes);
  });
});
