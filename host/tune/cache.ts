// The autotuner's choices, cached per device in one JSON file, so that a
// GEMM is timed once per device and problem: `dlc tune` fills it, `dlc
// train` and the benchmarks read it. The file lives in the user's cache
// folder ($DLC_TUNE_CACHE, else $XDG_CACHE_HOME/dlc or ~/.cache/dlc).
//
// A cache is never worth failing a run for: an unreadable or malformed file
// is reported and treated as empty, and the next `dlc tune` replaces it.
// Writes go to a temporary file renamed over the old one, so a killed
// process leaves the previous cache whole.

import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import type { GemmChoice, GemmChooser } from "../../ops/templates/gemm_choice.js";
import type { SplitChooser } from "../../compiler/passes/split_k.js";

interface CacheFile {
  format: "dlc-gemm-tuning";
  version: 1;
  /** Device id → problem key → choice. */
  devices: Record<string, Record<string, GemmChoice>>;
  /** Device id → weight-gradient problem key → split-K count (split_tune.ts); absent in older files. */
  splits?: Record<string, Record<string, number>>;
}

export function tuneCachePath(): string {
  if (process.env.DLC_TUNE_CACHE) return process.env.DLC_TUNE_CACHE;
  const base = process.env.XDG_CACHE_HOME || join(homedir(), ".cache");
  return join(base, "dlc", "gemm-tuning.json");
}

/** A device's identity for the cache: what its adapter says it is. */
export function deviceId(info: { vendor: string; architecture: string; device: string; description: string }): string {
  return [info.vendor, info.architecture, info.device, info.description].join(" / ");
}

function isChoice(v: unknown): v is GemmChoice {
  if (typeof v !== "object" || v === null) return false;
  const c = v as Record<string, unknown>;
  if (c.kind === "tiled") return c.reg === 4 || c.reg === 8;
  if ((c.kind !== "direct" && c.kind !== "subgroup") || typeof c.shape !== "object" || c.shape === null) return false;
  const s = c.shape as Record<string, unknown>;
  const ok = (x: unknown, allowed: readonly number[]) => typeof x === "number" && allowed.includes(x);
  if (c.kind === "direct") return ok(s.rm, [1, 2, 4, 8]) && ok(s.rn, [4, 8]) && ok(s.wx, [1, 2, 4, 8, 16, 32, 64]) && ok(s.wy, [1, 2, 4, 8, 16, 32, 64]) && (s.wx as number) * (s.wy as number) <= 256;
  // Register tiles of at most 64 values: larger ones take SwiftShader minutes (and gigabytes) to compile.
  return (s.share === "a" || s.share === "b") && ok(s.rm, [1, 2, 4, 8, 16]) && ok(s.rn, [4, 8, 16]) && (s.rm as number) * (s.rn as number) <= 64 && ok(s.lanes, [1, 2, 4, 8, 16, 32, 64, 128, 256]);
}

function readCache(path: string, warn: (msg: string) => void): CacheFile {
  const empty: CacheFile = { format: "dlc-gemm-tuning", version: 1, devices: {} };
  if (!existsSync(path)) return empty;
  try {
    const data = JSON.parse(readFileSync(path, "utf8")) as Partial<CacheFile>;
    if (data.format !== "dlc-gemm-tuning" || data.version !== 1 || typeof data.devices !== "object" || data.devices === null) throw new Error("not a dlc GEMM tuning file of version 1");
    const devices: CacheFile["devices"] = {};
    for (const [id, table] of Object.entries(data.devices)) {
      devices[id] = {};
      for (const [key, choice] of Object.entries(table ?? {})) {
        if (!isChoice(choice)) throw new Error(`entry '${key}' of device '${id}' is not a GEMM choice`);
        devices[id][key] = choice;
      }
    }
    const splits: Record<string, Record<string, number>> = {};
    for (const [id, table] of Object.entries(data.splits ?? {})) {
      splits[id] = {};
      for (const [key, s] of Object.entries(table ?? {})) {
        if (!Number.isInteger(s) || (s as number) < 1) throw new Error(`split entry '${key}' of device '${id}' is not a count ≥ 1`);
        splits[id][key] = s as number;
      }
    }
    return { ...empty, devices, splits };
  } catch (e) {
    warn(`ignoring the GEMM tuning cache ${path}: ${(e as Error).message}; \`dlc tune\` rewrites it`);
    return empty;
  }
}

/** The cached choices for one device (empty when none). */
export function loadTuning(device: string, path = tuneCachePath(), warn: (msg: string) => void = (m) => process.stderr.write(`warning: ${m}\n`)): Map<string, GemmChoice> {
  return new Map(Object.entries(readCache(path, warn).devices[device] ?? {}));
}

/** Adds choices for one device to the cache file, keeping every other entry. */
export function saveTuning(device: string, choices: ReadonlyMap<string, GemmChoice>, path = tuneCachePath()): void {
  const cache = readCache(path, () => {});
  cache.devices[device] = { ...(cache.devices[device] ?? {}), ...Object.fromEntries(choices) };
  writeCache(path, cache);
}

/** The cached split-K counts for one device (empty when none). */
export function loadSplits(device: string, path = tuneCachePath(), warn: (msg: string) => void = (m) => process.stderr.write(`warning: ${m}\n`)): Map<string, number> {
  return new Map(Object.entries(readCache(path, warn).splits?.[device] ?? {}));
}

/** Adds split-K counts for one device to the cache file, keeping every other entry. */
export function saveSplits(device: string, splits: ReadonlyMap<string, number>, path = tuneCachePath()): void {
  const cache = readCache(path, () => {});
  const all = cache.splits ?? {};
  all[device] = { ...(all[device] ?? {}), ...Object.fromEntries(splits) };
  writeCache(path, { ...cache, splits: all });
}

function writeCache(path: string, cache: CacheFile): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(cache, null, 1) + "\n");
  renameSync(tmp, path);
}

/** A split-K chooser over a table of counts (the rule of thumb where a problem has none). */
export function splitChooserOf(counts: ReadonlyMap<string, number>): SplitChooser {
  return (key) => counts.get(key);
}

/** A chooser over a table of choices (the default where a problem has none). */
export function chooserOf(choices: ReadonlyMap<string, GemmChoice>): GemmChooser {
  return (key) => choices.get(key);
}
