// The language server: documents in, diagnostics, hovers, definitions,
// completions and code lenses out, over one JSON-RPC connection. Each
// document is checked after a pause in typing (a debounce), never twice for
// one version; a request about a document first brings its check up to
// date, so that what it answers matches the text the editor has. The work
// of one check is bounded by the elaborator's budgets (statements, nodes,
// block depth); every handler is guarded, so that a bug answers nothing
// rather than ending the server.

import { TextDocument } from "vscode-languageserver-textdocument";
import { TextDocuments, TextDocumentSyncKind, type Connection, type InitializeResult } from "vscode-languageserver/node";
import { checkFile, type CompileResult } from "../../compiler/pipeline.js";
import { checkDocument, type Checked, type CheckSettings } from "./check.js";
import { completionsAt } from "./completion.js";
import { definitionAt } from "./definition.js";
import { toLspDiagnostics } from "./diagnostics.js";
import { hoverAt } from "./hover.js";
import { lensesFor } from "./lens.js";
import { pathOfUri } from "./positions.js";
import { OpenFiles } from "./reader.js";

/** Pause after the last keystroke before a document is checked again, in ms. */
export const DEFAULT_CHECK_DELAY_MS = 250;

/** What a client may set in `initializationOptions`. */
export interface ServerOptions {
  /** The debounce, in ms (0 checks at once). */
  readonly checkDelayMs?: number;
  /** Folders imports may read besides each file's own, as `dlc check --allow-import`. */
  readonly allowImports?: readonly string[];
}

export function serve(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const open = new OpenFiles();
  const checked = new Map<string, Checked>();
  const timers = new Map<string, NodeJS.Timeout>();
  /** Documents whose imports changed since their check: same version, new answer. */
  const stale = new Set<string>();
  const built = new Map<string, { version: number; results: Map<string, CompileResult> }>();
  let settings: CheckSettings = { allowImports: [] };
  let delay = DEFAULT_CHECK_DELAY_MS;

  const log = (what: string, e: unknown) => connection.console.error(`dlc lsp: ${what}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  function guarded<T>(what: string, fallback: T, f: () => T): T {
    try {
      return f();
    } catch (e) {
      log(what, e);
      return fallback;
    }
  }

  function check(uri: string): Checked | undefined {
    const doc = documents.get(uri);
    clearTimeout(timers.get(uri));
    timers.delete(uri);
    if (!doc) return undefined;
    const before = checked.get(uri);
    if (before?.version === doc.version && !stale.has(uri)) return before;
    stale.delete(uri);
    const c = checkDocument(pathOfUri(uri), doc.getText(), doc.version, open, settings, before);
    checked.set(uri, c);
    void connection.sendDiagnostics({ uri, version: doc.version, diagnostics: toLspDiagnostics(c.result.diagnostics, c.path, { program: c.program, callSites: c.trace.callSites }) });
    return c;
  }

  /** The document's check for its current text, run now if the debounce has not yet. */
  const current = (uri: string) => check(uri);

  function schedule(uri: string): void {
    clearTimeout(timers.get(uri));
    timers.set(uri, setTimeout(() => guarded("check", undefined, () => check(uri)), delay));
  }

  /** Re-checks the open documents, other than `except`, that read `path` (an import changed in the editor or on disk). */
  function scheduleDependents(path: string, except?: string): void {
    for (const [uri, c] of checked) {
      if (uri !== except && c.files.has(path)) {
        stale.add(uri);
        schedule(uri);
      }
    }
  }

  connection.onInitialize((params): InitializeResult => {
    const o = (params.initializationOptions ?? {}) as ServerOptions;
    if (typeof o.checkDelayMs === "number" && o.checkDelayMs >= 0) delay = o.checkDelayMs;
    if (Array.isArray(o.allowImports)) settings = { allowImports: o.allowImports.filter((d): d is string => typeof d === "string") };
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        hoverProvider: true,
        definitionProvider: true,
        completionProvider: { triggerCharacters: ["(", ",", "=", ">", '"', "/"] },
        codeLensProvider: { resolveProvider: false },
      },
      serverInfo: { name: "dlc" },
    };
  });

  documents.onDidChangeContent((e) =>
    guarded("change", undefined, () => {
      const path = pathOfUri(e.document.uri);
      open.set(path, e.document.getText());
      schedule(e.document.uri);
      scheduleDependents(open.realpath(path), e.document.uri);
    }),
  );
  documents.onDidClose((e) =>
    guarded("close", undefined, () => {
      const uri = e.document.uri;
      const path = pathOfUri(uri);
      open.delete(path);
      clearTimeout(timers.get(uri));
      timers.delete(uri);
      checked.delete(uri);
      stale.delete(uri);
      built.delete(uri);
      void connection.sendDiagnostics({ uri, diagnostics: [] });
      scheduleDependents(open.realpath(path));
    }),
  );
  // A .net file changed on disk (the client watches them): whoever read it checks again.
  connection.onDidChangeWatchedFiles((e) => guarded("watched files", undefined, () => e.changes.forEach((c) => scheduleDependents(open.realpath(pathOfUri(c.uri))))));

  connection.onHover((p) => guarded("hover", null, () => {
    const c = current(p.textDocument.uri);
    const doc = documents.get(p.textDocument.uri);
    return c && doc ? hoverAt(c, doc.offsetAt(p.position)) : null;
  }));
  connection.onDefinition((p) => guarded("definition", null, () => {
    const c = current(p.textDocument.uri);
    const doc = documents.get(p.textDocument.uri);
    return c && doc ? definitionAt(c, doc.offsetAt(p.position), settings) : null;
  }));
  connection.onCompletion((p) => guarded("completion", [], () => {
    const c = current(p.textDocument.uri);
    const doc = documents.get(p.textDocument.uri);
    return c && doc ? completionsAt(c, doc.offsetAt(p.position)) : [];
  }));
  connection.onCodeLens((p) => guarded("code lens", [], () => {
    const uri = p.textDocument.uri;
    const c = current(uri);
    if (!c) return [];
    let cache = built.get(uri);
    if (!cache || cache.version !== c.version) built.set(uri, (cache = { version: c.version, results: new Map() }));
    const results = cache.results;
    return lensesFor(c, (name) => {
      let r = results.get(name);
      if (!r) {
        const files = new Set<string>();
        r = guarded("code lens build", { diagnostics: [] } as CompileResult, () => checkFile(c.path, { text: c.text, reader: open.reader(files), network: name, allowImports: settings.allowImports }));
        results.set(name, r);
      }
      return r;
    });
  }));
  connection.onShutdown(() => {
    for (const t of timers.values()) clearTimeout(t);
    timers.clear();
  });

  documents.listen(connection);
  connection.listen();
}
