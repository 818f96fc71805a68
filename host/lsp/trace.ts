// What one elaboration made, by place in the main file: the ElabTrace the
// compiler tells (compiler/elaborate/elab_context.ts), kept as records the
// editor's questions look up. A place a loop or a shared block runs several
// times has several records; the ones of imported files are not kept (the
// hover of a document looks only at its own text). An error inside an
// imported block is tied to the call in the main file that led to it.

import type { Diagnostic, Span } from "../../core/diagnostics/diagnostic.js";
import type { Node, ParamInfo } from "../../core/ir/graph.js";
import type { ElabTrace } from "../../compiler/elaborate/evaluate.js";
import type { Callee, Value } from "../../compiler/elaborate/values.js";
import { covers } from "./positions.js";

/** A layer or block applied to tensors: the nodes from `first` to `end - 1` are the ones it made. */
export interface Application {
  readonly span: Span;
  readonly callee: Callee;
  readonly first: number;
  readonly end: number;
  readonly result: Value;
}

/** A name read or bound, and its value then. */
export interface Naming {
  readonly span: Span;
  readonly value: Value;
}

/** Records kept per place; a loop of a million iterations keeps this many. */
export const MAX_RECORDS_PER_PLACE = 64;

export class TraceIndex implements ElabTrace {
  readonly applications: Application[] = [];
  readonly namings: Naming[] = [];
  private readonly perPlace = new Map<string, number>();
  /** The applications running now: their spans where in the main file, undefined elsewhere. */
  private readonly running: (Span | undefined)[] = [];
  /** For an error reported inside an imported block: the innermost call in the main file that led there. */
  readonly callSites = new Map<Diagnostic, Span>();
  /** The nodes and parameters made so far: the graph of a network that elaborated whole, or the part that did. */
  nodes: readonly Node[] = [];
  params: ReadonlyMap<string, ParamInfo> = new Map();

  constructor(private readonly mainPath: string) {}

  applied(a: Parameters<ElabTrace["applied"]>[0]): void {
    this.nodes = a.builder.nodes;
    this.params = a.builder.params;
    if (this.keep(a.span, "a")) this.applications.push({ span: a.span, callee: a.callee, first: a.first, end: a.end, result: a.result });
  }

  enter(span: Span): void {
    this.running.push(span.source.path === this.mainPath ? span : undefined);
  }

  leave(): void {
    this.running.pop();
  }

  reported(d: Diagnostic): void {
    if (!d.span || d.span.source.path === this.mainPath) return;
    for (let i = this.running.length - 1; i >= 0; i--) {
      const here = this.running[i];
      if (here) return void this.callSites.set(d, here);
    }
  }

  named(span: Span, value: Value): void {
    if (this.keep(span, "n")) this.namings.push({ span, value });
  }

  private keep(span: Span, kind: string): boolean {
    if (span.source.path !== this.mainPath) return false;
    const key = `${kind}${span.start}:${span.end}`;
    const n = this.perPlace.get(key) ?? 0;
    this.perPlace.set(key, n + 1);
    return n < MAX_RECORDS_PER_PLACE;
  }

  /** How many times the place of `span` was recorded, those past the cap included. */
  timesAt(span: Span, kind: "a" | "n"): number {
    return this.perPlace.get(`${kind}${span.start}:${span.end}`) ?? 0;
  }

  /** The namings at the innermost place under `offset`, in the order they happened. */
  namingsAt(offset: number): Naming[] {
    return innermost(this.namings, offset);
  }

  /** The applications at the innermost place under `offset`, optionally only those passing `keep`. */
  applicationsAt(offset: number, keep: (a: Application) => boolean = () => true): Application[] {
    return innermost(this.applications.filter(keep), offset);
  }
}

/** The records whose span is the smallest one covering `offset`. */
function innermost<R extends { readonly span: Span }>(records: readonly R[], offset: number): R[] {
  let best: R[] = [];
  let size = Infinity;
  for (const r of records) {
    if (!covers(r.span, offset)) continue;
    const s = r.span.end - r.span.start;
    if (s < size) {
      size = s;
      best = [r];
    } else if (s === size && r.span.start === best[0]!.span.start) best.push(r);
  }
  return best;
}
