// The tuning cache keeps subgroup-template choices (gemm_subgroup.ts) like
// the others, and ignores a file whose subgroup choice is malformed.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { GemmChoice } from "../../../ops/templates/gemm_choice.js";
import { loadTuning, saveTuning } from "../../../host/tune/cache.js";
import { SUBGROUP_CANDIDATES } from "../../../host/tune/autotune.js";

const file = (choice: unknown) => JSON.stringify({ format: "dlc-gemm-tuning", version: 1, devices: { d: { k: choice } } });

describe("GEMM tuning cache: subgroup choices", () => {
  it("round-trips every subgroup candidate beside the other templates", () => {
    const path = join(mkdtempSync(join(tmpdir(), "dlc-tune-")), "gemm.json");
    const tiled: GemmChoice = { kind: "tiled", reg: 8 };
    const entries = new Map<string, GemmChoice>([["dense 64x512x784x1", tiled], ...SUBGROUP_CANDIDATES.map((c, i) => [`conv ${i}x4096x144x1`, c] as const)]);
    saveTuning("gpu with subgroups", entries, path);
    const warnings: string[] = [];
    const back = loadTuning("gpu with subgroups", path, (m) => warnings.push(m));
    expect(warnings).toEqual([]);
    expect(back).toEqual(entries);
  });

  it.each([
    ["an unknown shared operand", { kind: "subgroup", shape: { share: "c", rm: 4, rn: 16, lanes: 64 } }],
    ["a register tile over 64 values", { kind: "subgroup", shape: { share: "b", rm: 4, rn: 32, lanes: 64 } }],
    ["a width that is not a power of two", { kind: "subgroup", shape: { share: "a", rm: 8, rn: 8, lanes: 48 } }],
    ["a direct template's shape", { kind: "subgroup", shape: { rm: 8, rn: 8, wx: 8, wy: 8 } }],
    ["no shape", { kind: "subgroup" }],
  ])("ignores a file with %s, saying why", (_what, choice) => {
    const path = join(mkdtempSync(join(tmpdir(), "dlc-tune-")), "gemm.json");
    writeFileSync(path, file(choice));
    const warnings: string[] = [];
    expect(loadTuning("d", path, (m) => warnings.push(m)).size).toBe(0);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("is not a GEMM choice");
  });
});
