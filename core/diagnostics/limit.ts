// Keeps what a run reports readable and bounded. A loop or a recursion can
// hit the same mistake thousands of times (one statement failing in every
// unrolled iteration): the user needs it once. And a hostile file can make
// more distinct errors than anyone reads: after the first hundred the rest
// are counted, not kept, so memory and stderr stay bounded too.

import type { Diagnostic } from "./diagnostic.js";

/** Errors shown before the rest are only counted; warnings have a cap of their own. */
export const MAX_SHOWN_PER_SEVERITY = 100;

const key = (d: Diagnostic) => `${d.severity}\u0000${d.message}\u0000${d.span ? `${d.span.source.path}\u0000${d.span.start}\u0000${d.span.end}` : ""}`;

/** Diagnostics in order of discovery, each distinct one once, at most a cap of each severity. */
export class DiagnosticList {
  private readonly kept: Diagnostic[] = [];
  private readonly finals: Diagnostic[] = [];
  private readonly seen = new Set<string>();
  private readonly shown = { error: 0, warning: 0 };
  private readonly hidden = { error: 0, warning: 0 };
  private errors = 0;

  constructor(private readonly cap = MAX_SHOWN_PER_SEVERITY) {}

  add(d: Diagnostic): void {
    if (d.omitted) {
      // The summary of an earlier limit: its counts join ours.
      this.hidden.error += d.omitted.errors;
      this.hidden.warning += d.omitted.warnings;
      this.errors += d.omitted.errors;
      return;
    }
    if (d.severity === "error") this.errors++;
    if (d.final) {
      if (!this.finals.some((f) => key(f) === key(d))) this.finals.push(d);
      return;
    }
    // Once a severity is over its cap nothing more of it is kept, so the set
    // of keys stops growing too; what is hidden is counted with repeats.
    if (this.shown[d.severity] >= this.cap) {
      if (!this.seen.has(key(d))) this.hidden[d.severity]++;
      return;
    }
    const k = key(d);
    if (this.seen.has(k)) return;
    this.seen.add(k);
    this.shown[d.severity]++;
    this.kept.push(d);
  }

  /** A loop rather than push(...ds): a spread of a huge array overflows the stack. */
  addAll(ds: Iterable<Diagnostic>): void {
    for (const d of ds) this.add(d);
  }

  get hasErrors(): boolean {
    return this.errors > 0;
  }

  /** The kept diagnostics, then one that says how many more there were. */
  result(): Diagnostic[] {
    const { error: e, warning: w } = this.hidden;
    if (e + w === 0) return [...this.kept, ...this.finals];
    const parts = [e ? `${e} more error${e === 1 ? "" : "s"}` : "", w ? `${w} more warning${w === 1 ? "" : "s"}` : ""].filter(Boolean);
    const message = `and ${parts.join(" and ")} not shown`;
    const summary: Diagnostic = { severity: e ? "error" : "warning", message, expected: `dlc shows at most ${this.cap} errors and ${this.cap} warnings; fix these first`, omitted: { errors: e, warnings: w } };
    return [...this.kept, summary, ...this.finals];
  }
}

/** Deduplicates and caps a finished list (for callers that gathered diagnostics elsewhere). */
export function limitDiagnostics(ds: Iterable<Diagnostic>, cap = MAX_SHOWN_PER_SEVERITY): Diagnostic[] {
  const list = new DiagnosticList(cap);
  list.addAll(ds);
  return list.result();
}
