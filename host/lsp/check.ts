// One check of one document: `dlc check`'s pipeline (checkFile, with the
// options `dlc check` gives it) on the editor's text, plus what the other
// features need of the same version: the record of which source made
// which nodes, the file's syntax tree and the declarations in scope
// (its own and its imports'), and the files it read. A bug in the compiler
// becomes one diagnostic, never a dead server.

import { checkFile, type CompileResult } from "../../compiler/pipeline.js";
import { decodeSource, importRoots, MAX_SOURCE_BYTES, ModuleLoader, type Declarations, type FileReader } from "../../compiler/elaborate/modules.js";
import { error } from "../../core/diagnostics/diagnostic.js";
import { makeSource } from "../../core/diagnostics/source.js";
import type { Node, ParamInfo } from "../../core/ir/graph.js";
import type { Program } from "../../grammar/ast.js";
import { parseSource } from "../../grammar/parse.js";
import type { OpenFiles } from "./reader.js";
import { TraceIndex } from "./trace.js";

export interface CheckSettings {
  /** Folders imports may read besides the file's own (`dlc check --allow-import`). */
  readonly allowImports: readonly string[];
}

export interface Checked {
  readonly version: number;
  readonly path: string;
  readonly text: string;
  /** What `dlc check` reports and builds for this text. */
  readonly result: CompileResult;
  readonly trace: TraceIndex;
  /** The elaborated nodes: the graph's, or as many as elaborated before an error. */
  readonly nodes: readonly Node[];
  readonly params: ReadonlyMap<string, ParamInfo>;
  /** The file's syntax tree; absent when it does not parse. */
  readonly program?: Program;
  /** Blocks, functions and networks of the file and its imports (what parses of them). */
  readonly decls?: Declarations;
  /** Every file the check read (imports), links resolved. */
  readonly files: ReadonlySet<string>;
}

/** `previous`: the document's last check, whose declarations serve completion while the text does not parse. */
export function checkDocument(path: string, text: string, version: number, open: OpenFiles, settings: CheckSettings, previous?: Checked): Checked {
  const files = new Set<string>();
  const reader = open.reader(files);
  const trace = new TraceIndex(path);
  const base = { version, path, text, trace, files };
  if (text.length > MAX_SOURCE_BYTES / 4 && new TextEncoder().encode(text).length > MAX_SOURCE_BYTES) {
    // The size `dlc check` refuses before lexing, said as it says it.
    const big = decodeSource(path, new TextEncoder().encode(text)).diagnostic!;
    return { ...base, result: { diagnostics: [big] }, nodes: [], params: new Map() };
  }
  let result: CompileResult;
  try {
    result = checkFile(path, { text, reader, allowLibrary: true, train: "auto", allowImports: settings.allowImports, trace });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    result = { diagnostics: [error(`internal error in dlc while checking this file: ${message}`, undefined, { expected: "no internal error: this is a bug in dlc; please report it with this file" })] };
  }
  const program = parseSource(makeSource(path, text)).program;
  const decls = program ? declarations(path, text, reader, settings) : previous?.decls;
  const nodes = result.graph?.nodes ?? trace.nodes;
  const params = result.graph?.params ?? trace.params;
  return { ...base, result, nodes, params, program, decls };
}

/** The blocks, functions and networks in scope: the file's and its imports'. */
function declarations(path: string, text: string, reader: FileReader, settings: CheckSettings): Declarations | undefined {
  try {
    const loader = new ModuleLoader(reader, importRoots(path, { allowImports: settings.allowImports }));
    loader.loadMain(path, text);
    return loader.decls;
  } catch {
    // The check reported whatever went wrong; navigation just knows less.
    return undefined;
  }
}
