// Parsing of command-line values that commander leaves as strings.

import { InvalidArgumentError } from "commander";

export class UsageError extends Error {}

/** A parser of this file as commander takes it: its UsageError becomes commander's (exit 2 with the message). */
export function usage<P, R>(parse: (v: string, prev: P) => R): (v: string, prev: P) => R {
  return (v, prev) => {
    try {
      return parse(v, prev);
    } catch (e) {
      if (e instanceof UsageError) throw new InvalidArgumentError(e.message);
      throw e;
    }
  };
}

/** `image=3,64,64`, `image=[3, 64, 64]` or `image=3x64x64`. */
export function parseInputOverride(spec: string, into: Map<string, number[]>): Map<string, number[]> {
  const eq = spec.indexOf("=");
  if (eq <= 0) throw new UsageError(`--input expects NAME=SHAPE such as image=3,64,64; got '${spec}'`);
  const name = spec.slice(0, eq).trim();
  const dims = spec.slice(eq + 1).replace(/[[\]\s]/g, "").split(/[,x×]/).filter((s) => s.length > 0);
  const shape = dims.map(Number);
  if (shape.length === 0 || shape.some((d) => !Number.isInteger(d) || d < 1 || d > 2 ** 31 - 1)) {
    throw new UsageError(`--input ${name}: '${spec.slice(eq + 1)}' is not a shape; expected positive integers such as 3,64,64`);
  }
  into.set(name, shape);
  return into;
}

export function parsePositiveInt(flag: string): (v: string) => number {
  return (v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag} expects a positive integer, got '${v}'`);
    return n;
  };
}

/** `classes=10`, `towers=2`, `aux=true`, `mode="bilinear"`: a network parameter. */
export function parseParamOverride(spec: string, into: Map<string, number | boolean | string>): Map<string, number | boolean | string> {
  const eq = spec.indexOf("=");
  if (eq <= 0) throw new UsageError(`--param expects NAME=VALUE such as classes=10; got '${spec}'`);
  const name = spec.slice(0, eq).trim();
  const raw = spec.slice(eq + 1).trim();
  const value = raw === "true" ? true : raw === "false" ? false : raw !== "" && Number.isFinite(Number(raw)) ? Number(raw) : raw.replace(/^"(.*)"$/, "$1");
  into.set(name, value);
  return into;
}

export function parseNonNegativeInt(flag: string): (v: string) => number {
  return (v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new UsageError(`${flag} expects a whole number ≥ 0, got '${v}'`);
    return n;
  };
}

export function parsePositiveNumber(flag: string): (v: string) => number {
  return (v) => {
    const n = Number(v);
    if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${flag} expects a positive number, got '${v}'`);
    return n;
  };
}

/** `--allow-import DIR` (repeatable): a folder that imports may read beyond the main file's folder. */
export function parseAllowImport(dir: string, into: string[]): string[] {
  if (dir.trim() === "") throw new UsageError("--allow-import expects a folder, got ''");
  return [...into, dir];
}
