import { describe, expect, it } from "vitest";
import { dlc } from "../../helpers/cli.js";
import { limitFor } from "../../helpers/time_limits.js";

describe("dlc doctor", () => {
  // About 1.5 s on an idle 2-core machine; the test outlasts the command's own limit.
  it("names the adapter and its limits", { timeout: limitFor(2) + 30_000 }, async () => {
    const r = await dlc(["doctor", "--json"], { timeoutMs: limitFor(2) });
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { backend: string; limits: Record<string, number>; features: string[]; adapterFeatures: string[] };
    expect(report.backend).toMatch(/dawn/);
    expect(report.limits.maxStorageBufferBindingSize).toBeGreaterThanOrEqual(128 * 2 ** 20);
    expect(report.limits.maxComputeWorkgroupsPerDimension).toBeGreaterThanOrEqual(65535);
    // The optional features dlc uses are requested wherever the adapter offers them.
    for (const f of ["timestamp-query", "subgroups", "shader-f16"]) {
      expect(report.features.includes(f), f).toBe(report.adapterFeatures.includes(f));
    }
  });
});
