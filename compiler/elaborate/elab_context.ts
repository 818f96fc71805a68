// What every part of the elaborator's interpreter shares while one network
// is elaborated: the graph being built, the diagnostics found, the outputs,
// the budgets of work (statements run, failures), the frame of the block
// instance now running, and the error guard that turns a failed statement
// into one diagnostic. Statements (evaluate_stmt.ts), expressions
// (evaluate_expr.ts) and layer and block application (apply_layer.ts,
// apply_block.ts) are functions over this context.
//
// Applying a block runs statements, which run expressions, which apply
// layers: the context carries `applyBlock` (and a body's Deferred its
// `runEarly`) so that layer application reaches block application, and a
// name's lookup its assignment, without the files importing each other in
// a circle.

import type * as A from "../../grammar/ast.js";
import type { Diagnostic, Span } from "../../core/diagnostics/diagnostic.js";
import { DiagnosticList } from "../../core/diagnostics/limit.js";
import type { GraphOutput } from "../../core/ir/graph.js";
import { abort, ElabAbort, ElabError, GraphBuilder, type NameScope } from "./builder.js";
import type { ArgValues, Callee, LayerValue, TensorValue, Value } from "./values.js";

/** Statements one elaboration may run before it is judged runaway. */
export const MAX_STEPS = 2_000_000;
/**
 * Failed statements (repeats included) after which elaboration stops. A
 * failure costs more than a statement (a "did you mean" search over every
 * known name), and a loop failing in each of a million iterations says
 * nothing new after the first few.
 */
export const MAX_FAILURES = 1000;

export interface ModuleScope {
  readonly blocks: ReadonlyMap<string, A.BlockDecl>;
  readonly functions: ReadonlyMap<string, A.FnDecl>;
}

export interface InputOverride {
  readonly shape: readonly number[];
}

/** Top-level single assignments of a body, runnable early for forward references. */
export interface Deferred {
  /** Every name the body assigns somewhere, for a precise "used before assigned". */
  readonly assigned: ReadonlySet<string>;
  readonly stmts: Map<string, A.AssignStmt>;
  readonly state: Map<string, "running" | "done">;
  readonly running: string[];
  /** Runs the single assignment to a name now, in its own frame: a use came before it. */
  readonly runEarly: (name: string, s: A.AssignStmt) => void;
}

/** The variables and naming scopes of one network or block instance. */
export class Frame {
  readonly vars = new Map<string, Value>();
  deferred?: Deferred;
  constructor(
    readonly scope: NameScope,
    readonly paramScope: NameScope,
    readonly depth: number,
    readonly network: boolean,
  ) {}
}

/** Thrown by 'return' to leave a block's body with its value. */
export class ReturnSignal {
  constructor(readonly value: Value) {}
}

/**
 * Which source made which nodes, for an editor (host/lsp/): told of every
 * layer or block applied and every name read or bound. The compiler never
 * reads it back; without one, elaboration does exactly what it did.
 */
export interface ElabTrace {
  /** A layer or block starts being applied at `span`; `leave` follows, whether it succeeds or fails. */
  enter(span: Span): void;
  leave(): void;
  /** A layer or block applied at `span` made `builder.nodes[first .. end - 1]` and gave `result`. */
  applied(a: { readonly span: Span; readonly callee: Callee; readonly builder: GraphBuilder; readonly first: number; readonly end: number; readonly result: Value }): void;
  /** The name at `span` was read, or bound (an assignment, input, output or loop variable), and holds `value`. */
  named(span: Span, value: Value): void;
  /** A statement failed with `d`, inside the applications entered and not yet left (an error in an imported block, found for a call here). */
  reported(d: Diagnostic): void;
}

/** Applies block `f` (whose callee is `decl`) to tensors: see apply_block.ts. */
export type ApplyBlock = (cx: ElabContext, f: LayerValue, decl: A.BlockDecl, tensors: readonly TensorValue[], args: ArgValues, span: Span) => Value;

export class ElabContext {
  readonly builder = new GraphBuilder();
  /** Repeats dropped and the count capped as they come: an unrolled loop can fail in every iteration. */
  readonly found = new DiagnosticList();
  readonly outputs: GraphOutput[] = [];
  /** Statements run so far: the measure of work that the budgets bound. */
  steps = 0;
  private failures = 0;
  /** The compile-time functions now being evaluated and where each was called, innermost last (call_function.ts). */
  readonly functionCalls: { readonly decl: A.FnDecl; readonly span: Span }[] = [];
  /** The frame whose scopes name the nodes that layer application adds. */
  currentFrame!: Frame;

  constructor(
    readonly module: ModuleScope,
    readonly inputOverrides: ReadonlyMap<string, InputOverride>,
    readonly applyBlock: ApplyBlock,
    readonly trace?: ElabTrace,
  ) {}

  report(e: ElabError): void {
    this.found.add(e.diagnostic);
    this.trace?.reported(e.diagnostic);
    if (e.diagnostic.severity === "error" && ++this.failures === MAX_FAILURES) {
      abort(`elaboration stopped after ${MAX_FAILURES} errors`, undefined, { expected: "fewer errors: fix the first ones (a statement in a loop fails in every iteration)" });
    }
  }

  /** Runs `f`; on an elaboration error records it and runs `onFail`; an abort passes through. */
  guard(f: () => void, onFail: () => void): void {
    try {
      f();
    } catch (e) {
      if (e instanceof ElabAbort) throw e;
      if (e instanceof ElabError) {
        this.report(e);
        onFail();
      } else if (e instanceof RangeError) {
        // Out of stack (or a value too large for the engine): going on would
        // only fail again in every enclosing statement, so the run stops.
        const stack = /call stack/i.test(e.message);
        abort(stack ? "the program nests or recurses too deeply to elaborate" : `a value grew too large to elaborate (${e.message})`, undefined, { expected: stack ? "shallower nesting" : "smaller lists and strings" });
      } else throw e;
    }
  }
}
