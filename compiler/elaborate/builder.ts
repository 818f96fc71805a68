// Builds the graph IR node by node while the elaborator runs: checks each
// op's attributes and shapes at once (so blocks can ask `x.channels`), names
// nodes within block scopes, and declares parameters, sharing by name.

import { error, type Diagnostic, type Span } from "../../core/diagnostics/diagnostic.js";
import { lineCol } from "../../core/diagnostics/source.js";
import { AttrError, MAX_DIM, normaliseAttrs, type RawArgs } from "../../ops/attrs.js";
import { OpError, type OpDef } from "../../ops/contract.js";
import { lookupOp } from "../../ops/registry.js";
import { batchedFrom } from "../passes/batched.js";
import type { AttrValue, Graph, Node, ParamInfo, Shape } from "../../core/ir/graph.js";
import { formatShape } from "../../core/ir/graph.js";

/** A network bigger than this is a mistake (a runaway repeat), not a model. */
export const MAX_NODES = 200_000;
/** Largest element count of one tensor; keeps every count an exact float. */
export const MAX_ELEMENTS = 2 ** 40;

/** Raised to abandon the statement being elaborated; carries its diagnostic. */
export class ElabError extends Error {
  constructor(readonly diagnostic: Diagnostic) {
    super(diagnostic.message);
  }
}

/**
 * Raised when elaboration as a whole must stop: a budget of work is spent
 * (nodes, statements, block depth). A statement's guard does not catch it,
 * so no other statement runs after it: a recursion that fans out (a block
 * calling itself twice) would otherwise go on failing in every branch,
 * exponentially, with the same error each time.
 */
export class ElabAbort extends ElabError {}

export function fail(message: string, span?: Span, extra: { expected?: string; notes?: string[] } = {}): never {
  throw new ElabError(error(message, span, extra));
}

export function abort(message: string, span?: Span, extra: { expected?: string; notes?: string[] } = {}): never {
  throw new ElabAbort({ ...error(message, span, extra), final: true });
}

/** Names within one block instance: explicit names once each, auto names counted per op. */
export class NameScope {
  private readonly counters = new Map<string, number>();
  private readonly used = new Set<string>();
  private readonly explicit = new Map<string, Span>();

  constructor(readonly prefix: string) {}

  child(local: string): NameScope {
    return new NameScope(this.prefix + local + ".");
  }

  /** A fresh automatic name: conv1, conv2, bn1, ... */
  auto(base: string): string {
    let n = this.counters.get(base) ?? 0;
    let name: string;
    do {
      n++;
      name = `${base}${n}`;
    } while (this.used.has(name));
    this.counters.set(base, n);
    this.used.add(name);
    return name;
  }

  /** Claims a user-given name; a second claim in the same scope is an error. */
  claim(name: string, span: Span): string {
    const prev = this.explicit.get(name);
    if (prev) {
      fail(`duplicate name '${this.prefix}${name}'`, span, { expected: "a name not used before in this network or block", notes: [`note: first used at ${where(prev)}`] });
    }
    this.explicit.set(name, span);
    this.used.add(name);
    return name;
  }

  /** A preferred name, suffixed _1, _2, … when it is taken (layers named after their variable). */
  soft(name: string): string {
    if (!this.used.has(name)) {
      this.used.add(name);
      return name;
    }
    return this.again(name);
  }

  /** A name for a second application of a shared layer. */
  again(name: string): string {
    let i = 1;
    while (this.used.has(`${name}_${i}`)) i++;
    this.used.add(`${name}_${i}`);
    return `${name}_${i}`;
  }
}

/** path:line:col of a span's start, counted as rendered diagnostics count them. */
export function where(span: Span): string {
  const { line, col } = lineCol(span.source, Math.min(span.start, span.source.text.length));
  return `${span.source.path}:${line}:${col}`;
}

export interface ArgSpans {
  readonly positional: readonly Span[];
  readonly named: ReadonlyMap<string, Span>;
}

export class GraphBuilder {
  readonly nodes: Node[] = [];
  readonly params = new Map<string, ParamInfo>();
  readonly inputs: number[] = [];

  addNode(op: OpDef, inputs: readonly number[], args: RawArgs, name: string, span: Span | undefined, argSpans: ArgSpans, paramOwner = name): number {
    if (this.nodes.length >= MAX_NODES) {
      abort(`the network has more than ${MAX_NODES} nodes`, span, { expected: "a smaller network (is a repeat count too large, or does a block call itself more than once per call?)" });
    }
    let attrs;
    try {
      attrs = normaliseAttrs(op, args);
    } catch (e) {
      if (!(e instanceof AttrError)) throw e;
      const at = typeof e.at === "number" ? argSpans.positional[e.at] : typeof e.at === "string" ? argSpans.named.get(e.at) : undefined;
      fail(`${op.name} '${name}': ${e.message}`, at ?? span, { expected: e.expected, notes: e.notes });
    }
    // An op that needs an element type (embedding's i32 ids) names what it got; others take either.
    op.inputDTypes?.forEach((want, j) => {
      const got = j < inputs.length ? this.nodes[inputs[j]!]! : undefined;
      if (want === undefined || got === undefined || got.dtype === want) return;
      fail(`${op.name} '${name}': input ${j + 1} ('${got.name}') holds ${got.dtype} values, but ${op.name} needs ${want}`, span, {
        expected: want === "i32" ? "an i32 tensor, such as an input declared 'input ids: i32[T]'" : `an ${want} tensor`,
      });
    });
    const shapes = inputs.map((i) => this.nodes[i]!.shape);
    const ctx = { inputs: shapes, attrs, opNamed: lookupOp };
    let shape: Shape;
    try {
      shape = op.inferShape(ctx);
    } catch (e) {
      if (!(e instanceof OpError)) throw e;
      fail(`${op.name} '${name}': ${e.message}`, span, { expected: e.expected });
    }
    checkShape(op.name, name, shape, span);
    for (const p of op.params(ctx)) {
      const pname = `${paramOwner}.${p.role}`;
      const prev = this.params.get(pname);
      if (prev) {
        if (prev.shape.length !== p.shape.length || prev.shape.some((d, i) => d !== p.shape[i])) {
          fail(`${op.name} '${name}': shares weights with '${paramOwner}' but needs ${p.role} ${formatShape(p.shape)}, not ${formatShape(prev.shape)}`, span, {
            expected: "a shared layer applied to inputs of the same shape",
          });
        }
        continue;
      }
      this.params.set(pname, { name: pname, shape: p.shape, kind: p.kind, trainable: p.kind !== "buffer", owner: name });
    }
    const node: Node = {
      id: this.nodes.length,
      name,
      op: op.name,
      inputs: [...inputs],
      attrs,
      params: Object.fromEntries(op.params(ctx).map((p) => [p.role, `${paramOwner}.${p.role}`])),
      shape,
      dtype: op.outputDType ?? (op.name === "input" ? ((attrs.dtype as string) === "i32" ? "i32" : "f32") : "f32"),
      batched: batchedFrom(op.batched, inputs.map((i) => this.nodes[i]!.batched)),
      span,
    };
    this.nodes.push(node);
    if (op.name === "input") this.inputs.push(node.id);
    return node.id;
  }

  finish(name: string, outputs: Graph["outputs"], span?: Span): Graph {
    return { name, nodes: this.nodes, inputs: this.inputs, outputs, params: this.params, span };
  }
}

function checkShape(op: string, name: string, shape: Shape, span: Span | undefined): void {
  let n = 1;
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 1 || d > MAX_DIM) {
      fail(`${op} '${name}': output shape ${formatShape(shape)} has an invalid dimension ${d}`, span, { expected: `dimensions from 1 to ${MAX_DIM}` });
    }
    n *= d;
  }
  if (n > MAX_ELEMENTS) {
    fail(`${op} '${name}': output shape ${formatShape(shape)} has ${n.toExponential(2)} elements per sample`, span, { expected: `at most 2^40 elements per tensor` });
  }
}

export type { AttrValue };
