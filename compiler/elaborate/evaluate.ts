// The elaborator's interpreter: runs a network body (and the blocks it
// calls) at compile time, folding attribute arithmetic, unrolling loops,
// choosing branches and instantiating blocks, and emits graph nodes through
// the GraphBuilder. A failed statement reports one diagnostic and poisons
// what it defined, so that one run reports independent errors together.
//
// This file is the entry: a network's parameters, its body, and the end of
// the run when a budget is spent. The parts live beside it: the shared
// context (elab_context.ts), statements (evaluate_stmt.ts), expressions
// (evaluate_expr.ts), layer application (apply_layer.ts) and block
// application (apply_block.ts).

import type * as A from "../../grammar/ast.js";
import type { Diagnostic } from "../../core/diagnostics/diagnostic.js";
import type { GraphOutput } from "../../core/ir/graph.js";
import { ElabAbort, ElabError, NameScope, type GraphBuilder } from "./builder.js";
import { applyBlock } from "./apply_block.js";
import { ElabContext, Frame, type ElabTrace, type InputOverride, type ModuleScope } from "./elab_context.js";
import { evalExpr } from "./evaluate_expr.js";
import { runBody } from "./evaluate_stmt.js";
import { POISON, type Value } from "./values.js";

export { MAX_BLOCK_DEPTH } from "./apply_block.js";
export { MAX_FAILURES, MAX_STEPS, type ElabTrace, type InputOverride, type ModuleScope } from "./elab_context.js";

export class Evaluator {
  private readonly cx: ElabContext;
  readonly builder: GraphBuilder;
  readonly outputs: GraphOutput[];

  constructor(module: ModuleScope, inputOverrides: ReadonlyMap<string, InputOverride> = new Map(), trace?: ElabTrace) {
    this.cx = new ElabContext(module, inputOverrides, applyBlock, trace);
    this.builder = this.cx.builder;
    this.outputs = this.cx.outputs;
  }

  get diagnostics(): Diagnostic[] {
    return this.cx.found.result();
  }

  /** Statements run so far: the measure of work that the budgets bound. */
  get stepsRun(): number {
    return this.cx.steps;
  }

  /** Evaluates an expression that may use only constants (training settings). */
  constant(e: A.Expr): Value {
    const root = new NameScope("");
    this.cx.currentFrame = new Frame(root, root, 0, true);
    return evalExpr(this.cx, e, this.cx.currentFrame);
  }

  run(decl: A.NetworkDecl, args: ReadonlyMap<string, Value>): void {
    const root = new NameScope("");
    this.cx.currentFrame = new Frame(root, root, 0, true);
    // A spent budget (ElabAbort) ends the whole run here, outside every statement's guard.
    try {
      this.cx.guard(() => this.runNetworkIn(decl, args, this.cx.currentFrame), () => {});
    } catch (e) {
      if (e instanceof ElabAbort) this.cx.found.add(e.diagnostic);
      else throw e;
    }
  }

  private runNetworkIn(decl: A.NetworkDecl, args: ReadonlyMap<string, Value>, frame: Frame): void {
    const cx = this.cx;
    for (const p of decl.params) {
      const given = args.get(p.name.name);
      if (given !== undefined) frame.vars.set(p.name.name, given);
      else if (p.default) cx.guard(() => frame.vars.set(p.name.name, evalExpr(cx, p.default!, frame)), () => frame.vars.set(p.name.name, POISON));
      else cx.report(new ElabError({ severity: "error", message: `network '${decl.name.name}' needs a value for parameter '${p.name.name}'`, span: p.span, expected: `${p.name.name} = …` }));
    }
    runBody(cx, decl.body, frame);
  }
}
