// Loading .net files and their imports into one set of declarations.
// `import "std/blocks"` names a file under stdlib/; any other path is
// relative to the importing file; ".net" may be left off. Each file is read
// once; an import cycle is reported with the files in it. Where imports may
// read is confined (import_roots.ts): a file compiled for someone else must
// not pull in, and quote, any .net file on the machine.

import { realpathSync } from "node:fs";
import { resolve } from "node:path";
import type * as A from "../../grammar/ast.js";
import { parseSource } from "../../grammar/parse.js";
import { FileReadError, readRegularFile } from "../../core/io/read_regular_file.js";
import { error, type Diagnostic, type Span } from "../../core/diagnostics/diagnostic.js";
import { makeSource } from "../../core/diagnostics/source.js";
import { lookupOp } from "../../ops/registry.js";
import { where } from "./builder.js";
import { builtins } from "./builtins.js";
import { importRoots, resolveImport, type ImportRoots } from "./import_roots.js";

export { importRoots, stdlibDir, type ImportRoots } from "./import_roots.js";

/** Source files above this size are refused before lexing. */
export const MAX_SOURCE_BYTES = 2 * 1024 * 1024;

/** How the compiler reads files; tests give an in-memory one. */
export interface FileReader {
  /**
   * Bytes of the file, or undefined if it does not exist; a file that exists
   * but cannot be read throws `FileReadError`, whose message says why.
   */
  read(path: string): Uint8Array | undefined;
  /**
   * The path with every symbolic link resolved, or undefined where that
   * fails (missing, a loop); a reader without it has no links (in memory).
   */
  realpath?(path: string): string | undefined;
}

export const diskReader: FileReader = {
  // Regular files only, size-limited: a FIFO would hang, /dev/zero would fill memory.
  read: (path) => readRegularFile(path, MAX_SOURCE_BYTES, "a .net source file"),
  realpath(path) {
    try {
      return realpathSync.native(path);
    } catch {
      return undefined;
    }
  },
};

export interface Declarations {
  readonly blocks: Map<string, A.BlockDecl>;
  /** Compile-time functions (`fn NAME(…) = …`), of every file loaded. */
  readonly functions: Map<string, A.FnDecl>;
  readonly networks: Map<string, A.NetworkDecl>;
  readonly trains: A.TrainDecl[];
  /** Networks of the file asked for, in order: the default is its first. */
  readonly mainNetworks: string[];
  /** Blocks and functions declared by the file asked for: a file of only those is a library. */
  mainBlocks: number;
}

/** Decodes UTF-8 strictly; a bad byte is reported with its offset. */
export function decodeSource(path: string, bytes: Uint8Array): { text?: string; diagnostic?: Diagnostic } {
  if (bytes.length > MAX_SOURCE_BYTES) {
    return { diagnostic: error(`${path}: file is ${(bytes.length / 1048576).toFixed(1)} MiB; dlc reads source files up to ${MAX_SOURCE_BYTES / 1048576} MiB`, undefined, { expected: "a smaller .net file" }) };
  }
  const bad = firstInvalidUtf8(bytes);
  if (bad >= 0) {
    return { diagnostic: error(`${path}: the file is not valid UTF-8 (bad byte 0x${bytes[bad]!.toString(16).padStart(2, "0")} at offset ${bad})`, undefined, { expected: "a UTF-8 text file" }) };
  }
  return { text: new TextDecoder("utf-8").decode(bytes) };
}

/** Offset of the first byte that breaks UTF-8 (RFC 3629), or -1. */
export function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    let n: number;
    let min: number;
    if (c < 0x80) n = 0, min = 0;
    else if (c >= 0xc2 && c <= 0xdf) n = 1, min = 0x80;
    else if (c >= 0xe0 && c <= 0xef) n = 2, min = 0x800;
    else if (c >= 0xf0 && c <= 0xf4) n = 3, min = 0x10000;
    else return i;
    let cp = n === 0 ? c : c & (0x3f >> n);
    for (let k = 1; k <= n; k++) {
      const x = b[i + k];
      if (x === undefined || (x & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (x & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += n + 1;
  }
  return -1;
}

export class ModuleLoader {
  readonly diagnostics: Diagnostic[] = [];
  readonly decls: Declarations = { blocks: new Map(), functions: new Map(), networks: new Map(), trains: [], mainNetworks: [], mainBlocks: 0 };
  private readonly loaded = new Set<string>();
  private readonly loading: string[] = [];

  constructor(
    private readonly reader: FileReader = diskReader,
    /** Where imports may read; default: the main file's folder and stdlib/. */
    private roots?: ImportRoots,
  ) {}

  /** Loads a top-level file given by path, or by text (then `path` only names it). */
  loadMain(path: string, text?: string): void {
    const abs = resolve(path);
    this.roots ??= importRoots(path);
    this.load(text === undefined ? this.real(abs) : abs, undefined, true, text, path);
  }

  /** A file's identity: its path with links resolved, so that two names for one file load it once. */
  private real(abs: string): string {
    return this.reader.realpath?.(abs) ?? abs;
  }

  private load(abs: string, from: Span | undefined, main: boolean, text?: string, shown = abs): void {
    if (this.loading.includes(abs)) {
      const cycle = [...this.loading.slice(this.loading.indexOf(abs)), abs];
      this.diagnostics.push(error(`import cycle: ${cycle.join(" → ")}`, from, { expected: "imports that do not lead back to the importing file" }));
      return;
    }
    if (this.loaded.has(abs)) return;
    this.loaded.add(abs);
    if (text === undefined) {
      const bytes = this.readBytes(abs, shown, from);
      if (!bytes) return;
      const decoded = decodeSource(shown, bytes);
      if (decoded.diagnostic) {
        this.diagnostics.push(decoded.diagnostic);
        return;
      }
      text = decoded.text!;
    }
    const source = makeSource(shown, text);
    const parsed = parseSource(source);
    for (const d of parsed.diagnostics) this.diagnostics.push(d);
    if (!parsed.program) return;
    if (parsed.program.decls.length === 0 && main) {
      this.diagnostics.push(error(`${shown}: the file declares nothing`, undefined, { expected: "at least one network declaration: network NAME { … }" }));
    }
    this.loading.push(abs);
    for (const d of parsed.program.decls) {
      if (d.kind !== "import") continue;
      const target = resolveImport(d.path, abs, this.roots!, d.span, (p) => this.reader.realpath?.(p));
      if ("diagnostic" in target) this.diagnostics.push(target.diagnostic);
      else this.load(target.path, d.span, false);
    }
    this.loading.pop();
    for (const d of parsed.program.decls) this.declare(d, main);
  }

  /** The file's bytes, or undefined after a diagnostic that says precisely why not. */
  private readBytes(abs: string, shown: string, from: Span | undefined): Uint8Array | undefined {
    const expected = from ? "a path to a .net file (std/NAME for the standard library)" : "a path to a .net file";
    try {
      const bytes = this.reader.read(abs);
      if (bytes) return bytes;
      this.diagnostics.push(error(`cannot read '${shown}': no such file`, from, { expected }));
    } catch (e) {
      if (!(e instanceof FileReadError)) throw e;
      // The reader names the path it opened; the user knows the file by the name they gave.
      const message = shown === abs ? e.message : e.message.split(abs).join(shown);
      this.diagnostics.push(error(message, from, { expected: e.problem === "too-large" ? "a smaller .net file" : expected }));
    }
    return undefined;
  }

  private declare(d: A.Decl, main: boolean): void {
    if (d.kind === "import") return;
    if (d.kind === "train") {
      this.decls.trains.push(d);
      return;
    }
    // Blocks, functions and networks share one namespace: a call names one of them.
    const prev = this.decls.blocks.get(d.name.name) ?? this.decls.functions.get(d.name.name) ?? this.decls.networks.get(d.name.name);
    if (prev) {
      this.diagnostics.push(error(`duplicate declaration '${d.name.name}'`, d.name.span, { expected: "a name not declared before", notes: [`note: first declared at ${where(prev.name.span)}`] }));
      return;
    }
    if (d.kind === "fn") {
      this.declareFunction(d, main);
      return;
    }
    // A block without tensor inputs can never be applied: say so where it is declared, not where it is used.
    if (d.kind === "block" && d.inputs.length === 0) {
      this.diagnostics.push(
        error(`block '${d.name.name}' has no tensor inputs, so it can never be applied`, d.name.span, {
          expected: `tensor inputs after the parameters: block ${d.name.name}(…) (x) { … }`,
          notes: ["note: to compute a number, list or string from parameters, write a function: fn NAME(PARAMS) = EXPR"],
        }),
      );
    }
    if (d.kind === "block") {
      this.decls.blocks.set(d.name.name, d);
      if (main) this.decls.mainBlocks++;
    }
    else {
      this.decls.networks.set(d.name.name, d);
      if (main) this.decls.mainNetworks.push(d.name.name);
    }
  }

  /** A function may not take the name of a layer or builtin: a call to it would be ambiguous. */
  private declareFunction(d: A.FnDecl, main: boolean): void {
    const name = d.name.name;
    const op = lookupOp(name);
    if ((op && op.name !== "input") || Object.hasOwn(builtins, name)) {
      const what = op ? "a layer" : "a builtin";
      this.diagnostics.push(error(`function '${name}' has the name of ${what}`, d.name.span, { expected: `a name that is not ${what}` }));
      return;
    }
    const seen = new Set<string>();
    for (const p of d.params) {
      if (seen.has(p.name.name)) {
        this.diagnostics.push(error(`function '${name}' has two parameters named '${p.name.name}'`, p.name.span, { expected: "distinct parameter names" }));
        return;
      }
      seen.add(p.name.name);
    }
    this.decls.functions.set(name, d);
    if (main) this.decls.mainBlocks++;
  }
}
