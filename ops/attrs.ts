// Checks and normalises the attributes a call gives an op: positional ones
// in declared order, keyword ones by name or alias, defaults filled in, each
// value checked against its declared type and bounds.

import type { AttrValue, Attrs } from "../core/ir/graph.js";
import { nearestAttribute, nearestName } from "../core/diagnostics/suggest.js";
import type { AttrSpec } from "./contract.js";

/** Bigger than any real tensor dimension, small enough that products stay exact. */
export const MAX_DIM = 2 ** 31 - 1;

export class AttrError extends Error {
  constructor(
    message: string,
    /** Which argument to point at: a positional index or a keyword. */
    readonly at: number | string | null,
    readonly expected?: string,
    readonly notes: string[] = [],
  ) {
    super(message);
  }
}

export interface RawArgs {
  readonly positional: readonly AttrValue[];
  readonly named: ReadonlyMap<string, AttrValue>;
}

function describe(v: AttrValue): string {
  if (v === null) return "none";
  if (Array.isArray(v)) return `[${v.map(describe).join(", ")}]`;
  if (typeof v === "string") return JSON.stringify(v);
  return String(v);
}

function checkNumber(name: string, spec: AttrSpec, v: number, at: number | string, integer: boolean): number {
  if (!Number.isFinite(v)) throw new AttrError(`'${name}' must be a finite number, got ${v}`, at, spec.doc);
  if (integer && !Number.isInteger(v)) throw new AttrError(`'${name}' must be an integer, got ${v}`, at, `an integer ${spec.doc}`);
  if (spec.min !== undefined && v < spec.min) throw new AttrError(`'${name}' must be at least ${spec.min}, got ${v}`, at, `${spec.doc} ≥ ${spec.min}`);
  if (spec.above !== undefined && v <= spec.above) throw new AttrError(`'${name}' must be greater than ${spec.above}, got ${v}`, at, `${spec.doc} > ${spec.above}`);
  if (spec.max !== undefined && v > spec.max) throw new AttrError(`'${name}' must be at most ${spec.max}, got ${v}`, at, `${spec.doc} ≤ ${spec.max}`);
  if (integer && Math.abs(v) > MAX_DIM) throw new AttrError(`'${name}' = ${v} is too large (the limit is ${MAX_DIM})`, at, `${spec.doc} up to ${MAX_DIM}`);
  return v;
}

function normalise(name: string, spec: AttrSpec, v: AttrValue, at: number | string): AttrValue {
  const bad = (what: string): never => {
    throw new AttrError(`'${name}' must be ${what}, got ${describe(v)}`, at, `${what}: ${spec.doc}`);
  };
  if (v === null) {
    if (spec.default === null) return null;
    return bad("given a value");
  }
  switch (spec.type) {
    case "int":
      return typeof v === "number" ? checkNumber(name, spec, v, at, true) : bad("an integer");
    case "float":
      return typeof v === "number" ? checkNumber(name, spec, v, at, false) : bad("a number");
    case "bool":
      return typeof v === "boolean" ? v : bad("true or false");
    case "string":
      if (typeof v !== "string") return bad("a string");
      if (spec.oneOf && !spec.oneOf.includes(v)) {
        const near = nearestName(v, spec.oneOf);
        throw new AttrError(`'${name}' must be one of ${spec.oneOf.map((s) => `"${s}"`).join(", ")}, got "${v}"`, at, spec.oneOf.join(" | "), near ? [`help: did you mean "${near}"?`] : []);
      }
      return v;
    case "pair":
    case "padding": {
      if (spec.type === "padding" && typeof v === "string") {
        if (v === "same") return "same";
        if (v === "valid") return [0, 0];
        return bad('an integer, [h, w], "same" or "valid"');
      }
      if (typeof v === "number") {
        const n = checkNumber(name, spec, v, at, true);
        return [n, n];
      }
      if (Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === "number")) {
        return [checkNumber(name, spec, v[0] as number, at, true), checkNumber(name, spec, v[1] as number, at, true)];
      }
      return bad(spec.type === "pair" ? "an integer or [h, w]" : 'an integer, [h, w], "same" or "valid"');
    }
    case "pads": {
      // An int pads all four sides, [h, w] top and bottom by h and left and right by w.
      if (typeof v === "number") return Array(4).fill(checkNumber(name, spec, v, at, true));
      if (!Array.isArray(v) || (v.length !== 2 && v.length !== 4) || !v.every((x) => typeof x === "number")) return bad("an integer, [h, w] or [top, bottom, left, right]");
      const n = v.map((x) => checkNumber(name, spec, x as number, at, true));
      return n.length === 2 ? [n[0]!, n[0]!, n[1]!, n[1]!] : n;
    }
    case "ints":
      if (Array.isArray(v) && v.every((x) => typeof x === "number")) {
        return v.map((x) => checkNumber(name, spec, x as number, at, true));
      }
      return bad("a list of integers");
    case "floats":
      if (Array.isArray(v) && v.every((x) => typeof x === "number")) {
        return v.map((x) => checkNumber(name, spec, x as number, at, false));
      }
      return bad("a list of numbers");
    case "table":
      if (Array.isArray(v) && v.every((row) => Array.isArray(row) && row.every((x) => typeof x === "number" && Number.isInteger(x)))) {
        return v;
      }
      return bad("a list of lists of integers");
  }
}

/** Resolves a keyword (name or alias) to the declared attribute name. */
/** Anything with named, typed attributes: an op, a loss, an optimizer. */
export interface AttrOwner {
  readonly name: string;
  readonly attrs: Readonly<Record<string, AttrSpec>>;
}

function resolveKeyword(op: AttrOwner, key: string): string | undefined {
  if (key in op.attrs) return key;
  for (const [name, spec] of Object.entries(op.attrs)) {
    if (spec.aliases?.includes(key)) return name;
  }
  return undefined;
}

export function normaliseAttrs(op: AttrOwner, args: RawArgs): Attrs {
  const names = Object.keys(op.attrs);
  const given = new Map<string, { value: AttrValue; at: number | string }>();
  if (args.positional.length > names.length) {
    throw new AttrError(
      `${op.name} takes at most ${names.length} positional attribute${names.length === 1 ? "" : "s"}, got ${args.positional.length}`,
      names.length,
      names.length ? `(${names.join(", ")})` : "no attributes",
    );
  }
  args.positional.forEach((v, i) => given.set(names[i]!, { value: v, at: i }));
  for (const [key, value] of args.named) {
    const name = resolveKeyword(op, key);
    if (name === undefined) {
      const all = names.flatMap((n) => [n, ...(op.attrs[n]!.aliases ?? [])]);
      const near = nearestAttribute(key, all);
      throw new AttrError(`${op.name} has no attribute '${key}'`, key, names.length ? names.join(", ") : "no attributes", near ? [`help: did you mean '${near}'?`] : []);
    }
    if (given.has(name)) throw new AttrError(`attribute '${name}' of ${op.name} is given twice`, key, "each attribute once");
    given.set(name, { value, at: key });
  }
  const out: Record<string, AttrValue> = {};
  for (const name of names) {
    const spec = op.attrs[name]!;
    const g = given.get(name);
    if (g === undefined) {
      if (spec.default === undefined) {
        throw new AttrError(`${op.name} needs attribute '${name}' (${spec.doc})`, null, `${name} = …`);
      }
      out[name] = spec.default === null ? null : normalise(name, spec, spec.default, name);
    } else {
      out[name] = normalise(name, spec, g.value, g.at);
    }
  }
  return out;
}
