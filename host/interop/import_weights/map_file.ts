// `--map MAP`: names that override matching, read from a file of one of two
// forms, told apart by the first character that is not white space:
//
//   text   one pair per line: SOURCE_NAME DLC_NAME, separated by white
//          space; "#" starts a comment; DLC_NAME "-" skips the source
//          tensor (for a tensor the network has no use for)
//   JSON   an object {"SOURCE_NAME": "DLC_NAME", ...}; null skips
//
// The mapping table `dlc import-weights` prints can be copied into a text
// map and edited.

import { quoted } from "../../../core/diagnostics/printable.js";
import { FileReadError, readRegularFile } from "../../../core/io/read_regular_file.js";
import { firstDuplicateKey } from "../../../runtime/checkpoint/json_keys.js";
import { ImportError } from "./source.js";

/** Source name → dlc parameter name, or null to skip the source tensor; in the file's order. */
export type NameMap = ReadonlyMap<string, string | null>;

const MAX_MAP_BYTES = 16 << 20;
export const SKIP = "-";

function parseText(path: string, text: string): Map<string, string | null> {
  const map = new Map<string, string | null>();
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/#.*/, "").trim();
    if (line === "") return;
    const where = `${path}:${i + 1}`;
    const words = line.split(/\s+/);
    if (words.length !== 2) throw new ImportError(`${where}: expected two names, SOURCE_NAME DLC_NAME (or DLC_NAME '-' to skip), found ${words.length} word(s): '${quoted(line, 120)}'`);
    const [from, to] = words as [string, string];
    if (map.has(from)) throw new ImportError(`${where}: source tensor '${quoted(from)}' is mapped twice`);
    map.set(from, to === SKIP ? null : to);
  });
  return map;
}

function parseJson(path: string, text: string): Map<string, string | null> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new ImportError(`${path}: not valid JSON (${quoted(e instanceof Error ? e.message : String(e))}); expected {"SOURCE_NAME": "DLC_NAME", ...}`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new ImportError(`${path}: expected a JSON object {"SOURCE_NAME": "DLC_NAME", ...}`);
  const dup = firstDuplicateKey(text);
  if (dup) throw new ImportError(`${path}: source tensor '${quoted(dup.key)}' is mapped twice`);
  const map = new Map<string, string | null>();
  for (const [from, to] of Object.entries(value as Record<string, unknown>)) {
    if (to !== null && typeof to !== "string") throw new ImportError(`${path}: the value for '${quoted(from)}' is not a string (a dlc parameter name) or null (skip)`);
    map.set(from, to);
  }
  return map;
}

/** Reads a --map file; an ImportError names the file and line of any problem. */
export function readNameMap(path: string): NameMap {
  let bytes: Uint8Array;
  try {
    bytes = readRegularFile(path, MAX_MAP_BYTES, "a name map");
  } catch (e) {
    if (e instanceof FileReadError) throw new ImportError(e.message);
    throw e;
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new ImportError(`${path}: not UTF-8 text`);
  }
  const map = text.trimStart().startsWith("{") ? parseJson(path, text) : parseText(path, text);
  const targets = new Map<string, string>();
  for (const [from, to] of map) {
    if (to === null) continue;
    const other = targets.get(to);
    if (other !== undefined) throw new ImportError(`${path}: '${quoted(other)}' and '${quoted(from)}' are both mapped to '${quoted(to)}'`);
    targets.set(to, from);
  }
  return map;
}
