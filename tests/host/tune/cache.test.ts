// The per-device GEMM tuning cache: choices round-trip per device, other
// devices' entries survive a save, and a malformed file is reported and
// ignored rather than failing a run.
import { mkdtempSync, readFileSync, writeFileSync, existsSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { GemmChoice } from "../../../ops/templates/gemm_choice.js";
import { chooserOf, loadTuning, saveTuning } from "../../../host/tune/cache.js";

const direct: GemmChoice = { kind: "direct", shape: { rm: 8, rn: 8, wx: 8, wy: 8 } };
const tiled: GemmChoice = { kind: "tiled", reg: 4 };

describe("GEMM tuning cache", () => {
  it("keeps each device's choices apart and merges new ones", () => {
    const path = join(mkdtempSync(join(tmpdir(), "dlc-tune-")), "sub", "gemm.json");
    saveTuning("gpu A", new Map([["dense 64x512x784x1", direct]]), path);
    saveTuning("gpu B", new Map([["dense 64x512x784x1", tiled]]), path);
    saveTuning("gpu A", new Map([["conv 16x4096x144x1", tiled]]), path);
    const a = loadTuning("gpu A", path, () => {});
    expect(a.get("dense 64x512x784x1")).toEqual(direct);
    expect(a.get("conv 16x4096x144x1")).toEqual(tiled);
    expect(loadTuning("gpu B", path, () => {}).get("dense 64x512x784x1")).toEqual(tiled);
    expect(loadTuning("gpu C", path, () => {}).size).toBe(0);
    expect(chooserOf(a)("dense 64x512x784x1", "dense1")).toEqual(direct);
    expect(chooserOf(a)("dense 1x1x1x1", "x")).toBeUndefined();
    // Written through a temporary file renamed into place: nothing else is left beside it.
    expect(readdirSync(join(path, ".."))).toEqual(["gemm.json"]);
  });

  it.each([
    ["not JSON", "{ nope"],
    ["another format", JSON.stringify({ format: "other", version: 1, devices: {} })],
    ["a choice with an unknown template", JSON.stringify({ format: "dlc-gemm-tuning", version: 1, devices: { d: { k: { kind: "magic" } } } })],
    ["a tile past the workgroup limit", JSON.stringify({ format: "dlc-gemm-tuning", version: 1, devices: { d: { k: { kind: "direct", shape: { rm: 8, rn: 8, wx: 64, wy: 64 } } } } })],
  ])("ignores a file with %s, saying which file and why", (_what, text) => {
    const path = join(mkdtempSync(join(tmpdir(), "dlc-tune-")), "gemm.json");
    writeFileSync(path, text);
    const warnings: string[] = [];
    expect(loadTuning("d", path, (m) => warnings.push(m)).size).toBe(0);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(path);
    expect(warnings[0]).toContain("dlc tune");
    // The next save replaces it with a valid file.
    saveTuning("d", new Map([["k", tiled]]), path);
    expect(JSON.parse(readFileSync(path, "utf8")).devices.d.k).toEqual(tiled);
  });

  it("a missing file is an empty cache, silently", () => {
    const path = join(mkdtempSync(join(tmpdir(), "dlc-tune-")), "none.json");
    const warnings: string[] = [];
    expect(loadTuning("d", path, (m) => warnings.push(m)).size).toBe(0);
    expect(warnings).toEqual([]);
    expect(existsSync(path)).toBe(false);
  });
});
