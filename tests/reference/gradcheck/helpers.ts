// Shared helpers for the whole-pipeline gradient checks: a .net source goes
// through the language front end, shape inference, the autodiff pass and the
// float64 reference executor, and every derived gradient is compared with
// central finite differences (reference/gradcheck.ts).

import { expect } from "vitest";
import type { Diagnostic } from "../../../core/diagnostics/diagnostic.js";
import type { TrainingGraph } from "../../../compiler/passes/autodiff.js";
import { checkFile, type CompileResult } from "../../../compiler/pipeline.js";
import { gradcheck, type GradcheckResult } from "../../../reference/gradcheck.js";

/** Finite-difference step and tolerance: float64, central differences. */
export const EPS = 1e-6;
export const TOL = 1e-6;

export interface CompileOpts {
  readonly inputs?: Record<string, readonly number[]>;
  readonly params?: Record<string, number | boolean | string>;
  /** Differentiate with respect to the inputs too (default true). */
  readonly inputGradients?: boolean;
}

const errors = (ds: readonly Diagnostic[]) => ds.filter((d) => d.severity === "error");

/** Compiles `text` (as the file `path`) with its training section and returns the training graph. */
export function compileTraining(text: string, opts: CompileOpts = {}, path = "x.net"): { result: CompileResult; training: TrainingGraph } {
  const result = checkFile(path, {
    text,
    train: true,
    inputGradients: opts.inputGradients ?? true,
    inputs: opts.inputs ? new Map(Object.entries(opts.inputs)) : undefined,
    params: opts.params ? new Map(Object.entries(opts.params)) : undefined,
  });
  expect(errors(result.diagnostics).map((d) => d.message)).toEqual([]);
  expect(result.training).toBeDefined();
  return { result, training: result.training! };
}

export interface CheckOpts extends CompileOpts {
  readonly seed?: number;
  readonly batch?: number;
  readonly samples?: number;
}

/** Worst relative error per tensor, as a name → error record (readable in a failing expectation). */
export function worstErrors(r: GradcheckResult): Record<string, number> {
  return Object.fromEntries(r.tensors.map((t) => [`${t.kind}:${t.name}`, t.worst]));
}

/**
 * Gradchecks a compiled training graph and asserts every tensor's worst
 * relative error is within TOL; returns the result for further assertions.
 */
export function expectGradsOk(training: TrainingGraph, opts: { seed?: number; batch?: number; samples?: number } = {}): GradcheckResult {
  const r = gradcheck(training, { seed: opts.seed ?? 0, batch: opts.batch ?? 2, eps: EPS, samples: opts.samples ?? 64 });
  expect(r.tensors.length).toBeGreaterThan(0);
  expect(Number.isFinite(r.loss)).toBe(true);
  const bad = Object.fromEntries(Object.entries(worstErrors(r)).filter(([, w]) => !(w <= TOL)));
  expect(bad).toEqual({});
  return r;
}

/** Compile + gradcheck in one step. */
export function gradcheckSource(text: string, opts: CheckOpts = {}): { training: TrainingGraph; result: GradcheckResult } {
  const { training } = compileTraining(text, opts);
  return { training, result: expectGradsOk(training, opts) };
}

/** The op names of a training graph's nodes. */
export function opsOf(t: TrainingGraph): string[] {
  return t.graph.nodes.map((n) => n.op);
}
