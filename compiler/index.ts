// dlc's programmatic API: check and compile a network from source text or
// a file, as the CLI does.
import type { Diagnostic } from "../core/diagnostics/diagnostic.js";
import { buildModule, moduleFiles, type ModuleManifest } from "./codegen/module.js";
import { checkFile, type CompileOptions } from "./pipeline.js";

export { checkFile, type CompileOptions, type CompileResult } from "./pipeline.js";
export { renderDiagnostics } from "../core/diagnostics/render.js";
export type { Diagnostic } from "../core/diagnostics/diagnostic.js";
export type { ModuleManifest } from "./codegen/module.js";

export interface CompiledModule {
  readonly manifest?: ModuleManifest;
  /** Output files by relative path (NAME.js, NAME.d.ts, NAME.json, kernels/…). */
  readonly files?: ReadonlyMap<string, string>;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Compiles a network to a module: `source` is the .net text, `path` names
 * it in diagnostics and for relative imports.
 */
export function compile(source: string, opts: CompileOptions & { path?: string; batch?: number; mode?: "train" | "infer" } = {}): CompiledModule {
  const path = opts.path ?? "input.net";
  const train = opts.mode !== "infer";
  const r = checkFile(path, { ...opts, text: source, train });
  if (!r.graph || r.diagnostics.some((d) => d.severity === "error")) return { diagnostics: r.diagnostics };
  const manifest = buildModule(r.graph, { batch: opts.batch ?? 1, train, source: path.split("/").pop() ?? path });
  return { manifest, files: moduleFiles(manifest, r.graph.name), diagnostics: r.diagnostics };
}
