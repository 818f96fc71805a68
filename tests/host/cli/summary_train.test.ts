import { describe, expect, it } from "vitest";
import { dlc } from "../../helpers/cli.js";
import { limitFor } from "../../helpers/time_limits.js";

// `dlc summary --train`: the graph-level plan and the compiled step beside it.

describe("dlc summary --train", () => {
  // About 1 s on an idle 2-core machine; the test outlasts the command's own limit.
  it("reports the compiled WebGPU step's kernels and fused arena next to the graph-level plan", { timeout: limitFor(2) + 30_000 }, async () => {
    const r = await dlc(["summary", "tests/fixtures/dense_inception.net", "--train", "--batch", "8", "--json"], { timeoutMs: limitFor(2) });
    expect(r.code, r.stderr).toBe(0);
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
