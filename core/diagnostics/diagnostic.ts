// Diagnostics are values, not exceptions: every stage returns the ones it
// found, so that one run reports as many problems as it can. A stage that
// cannot go on throws `DiagnosticError`, which carries them to the driver.

import type { SourceFile } from "./source.js";

/** Half-open character range [start, end) in one source file. */
export interface Span {
  readonly source: SourceFile;
  readonly start: number;
  readonly end: number;
}

export type Severity = "error" | "warning";

export interface Diagnostic {
  readonly severity: Severity;
  readonly message: string;
  readonly span?: Span;
  /** What the compiler expected instead, shown under the caret. */
  readonly expected?: string;
  /** Extra lines: a suggestion, or where a related thing was defined. */
  readonly notes?: readonly string[];
  /** Set on the closing "and N more not shown" line (limit.ts), so that limiting twice counts once. */
  readonly omitted?: { readonly errors: number; readonly warnings: number };
  /** Says why a stage stopped early (a budget spent): shown last, even past the cap on errors. */
  readonly final?: boolean;
}

export class DiagnosticError extends Error {
  constructor(readonly diagnostics: readonly Diagnostic[]) {
    super(diagnostics.map((d) => d.message).join("\n"));
    this.name = "DiagnosticError";
  }
}

export function error(message: string, span?: Span, extra: { expected?: string; notes?: string[] } = {}): Diagnostic {
  return { severity: "error", message, span, ...extra };
}

export function warning(message: string, span?: Span, extra: { expected?: string; notes?: string[] } = {}): Diagnostic {
  return { severity: "warning", message, span, ...extra };
}
