// The checks every per-op test (tests/ops/*.test.ts) runs the same way:
// TF.js on its CPU backend as the outside oracle, compiling a .net text to a
// graph, the context a float64 reference kernel is called with, WebGPU
// against the reference executor, fusion into a conv's epilogue, and the
// whole-pipeline finite-difference gradient check. Each is one small
// function so that a test file states only what differs for its op.

import "@tensorflow/tfjs-backend-cpu";
import * as tf from "@tensorflow/tfjs-core";
// tfjs-core alone registers no gradients.
import "@tensorflow/tfjs-core/dist/register_all_gradients.js";
import { beforeAll, expect } from "vitest";
import type { Attrs, Graph } from "../../core/ir/graph.js";
import { Rng } from "../../core/tensor/rng.js";
import { fromArray, type Tensor } from "../../core/tensor/tensor.js";
import { buildInferenceProgram } from "../../compiler/codegen/program.js";
import type { TrainingGraph } from "../../compiler/passes/autodiff.js";
import { initParams } from "../../compiler/passes/init_rules.js";
import { checkFile } from "../../compiler/pipeline.js";
import { backwardKernels } from "../../ops/implementations.js";
import type { Kernel, KernelContext } from "../../ops/reference_kernel.js";
import { lookupOp } from "../../ops/registry.js";
import { execute } from "../../reference/executor.js";
import { randomFeeds, type GradcheckResult } from "../../reference/gradcheck.js";
import { relativeError, runBoth, type Parity } from "./gpu_parity.js";
import { applyOp } from "./ops.js";
import { gradcheckSource } from "../reference/gradcheck/helpers.js";

/** Runs the file's TF.js comparisons on the CPU backend (no WebGL/Node bindings here). */
export function useTfjsCpu(): void {
  beforeAll(async () => {
    await tf.setBackend("cpu");
    await tf.ready();
  });
}

/** Compiles `text` (as k.net) and fails on any error; with `train`, the training graph with input gradients. */
export function graphOf(text: string, train = false): Graph {
  const r = checkFile("k.net", { text, train, inputGradients: train });
  expect(r.diagnostics.filter((d) => d.severity === "error").map((d) => d.message)).toEqual([]);
  return train ? r.training!.graph : r.graph!;
}

/** The context a reference kernel is called with directly: float64, step 0, no other op's reference. */
export function refContext(outShape: readonly number[], batch = 1): KernelContext {
  return { precision: "f64", batch, step: 0, outShape, referenceOf: () => undefined };
}

/** The ids of a graph's non-input nodes: what a parity check reads. */
export function computedIds(g: Graph): number[] {
  return g.nodes.filter((n) => n.op !== "input").map((n) => n.id);
}

export interface ParityOpts {
  /** Nodes to compare (default: every non-input node). */
  readonly read?: readonly number[];
  readonly params?: Map<string, Tensor>;
  /** Failure message of node `name`; default: no message. */
  readonly label?: (name: string) => string;
}

/** Runs g on WebGPU and on the reference executor and expects each read node's relative error below tol. */
export async function expectGpuParity(g: Graph, batch: number, tol: number, opts: ParityOpts = {}): Promise<Parity> {
  const read = opts.read ?? computedIds(g);
  const r = await runBoth(g, batch, read, opts.params ? { params: opts.params } : {});
  for (const id of read) expect(relativeError(r.gpu.get(id)!, r.ref.get(id)!), opts.label?.(g.nodes[id]!.name)).toBeLessThan(tol);
  return r;
}

/**
 * Expects `text`'s inference program to be one kernel holding exactly the
 * ops `ops` (sorted) at batch 2, and returns that kernel's code for the
 * caller's op-specific checks.
 */
export function expectFusesIntoConv(text: string, ops: readonly string[]): string {
  const g = graphOf(text);
  const program = buildInferenceProgram(g, 2);
  expect(program.kernels).toHaveLength(1);
  expect(program.kernels[0]!.nodes.map((n) => g.nodes.find((m) => m.name === n)!.op).sort()).toEqual([...ops]);
  return program.kernels[0]!.code;
}

/**
 * The whole-pipeline float64 gradient check at seed 3, batch 2, every
 * element (gradcheckSource fails where any tensor's relative error exceeds
 * 1e-6); also expects an input among the checked tensors and every tensor
 * checked in full. `label` gives tensor `name`'s failure message.
 */
export function expectGradcheck(text: string, label: (name: string) => string = (name) => name): { training: TrainingGraph; result: GradcheckResult } {
  const checked = gradcheckSource(text, { seed: 3, batch: 2, samples: 1e9 });
  expect(checked.result.tensors.some((t) => t.kind === "input")).toBe(true);
  for (const t of checked.result.tensors) expect(t.checked, label(t.name)).toBe(t.size);
  return checked;
}

/** A one-input reference kernel applied to `values` as a float64 vector (no batch). */
export function referenceOn(kernel: Kernel, values: readonly number[], attrs: Attrs = {}): Float64Array | Float32Array {
  return kernel([fromArray([values.length], [...values], "f64")], attrs, {}, refContext([values.length])).data;
}

/** A pointwise op's facts on a [2, 3, 5] input: same shape, `flops` in all, no parameters, pixels to pixels. */
export function expectPointwiseFacts(op: string, flops: number): void {
  const r = applyOp(op, [[2, 3, 5]]);
  expect(r.shape).toEqual([2, 3, 5]);
  expect(r.cost).toEqual({ macs: 0, flops });
  expect(r.paramCount).toBe(0);
  expect(r.spatial).toEqual({ kind: "pointwise" });
}

/**
 * `layer` after a bias-free scale whose four channel weights are `scales`,
 * on [4, 64] inputs at batch 2: WebGPU's and the reference's values of the
 * node of op `op`, spread over the range the scales reach.
 */
export async function runScaledActivation(layer: string, op: string, scales: readonly number[]): Promise<{ gpu: Float32Array; ref: Float64Array | Float32Array }> {
  const g = graphOf(`network k {\ninput x: [4, 64]\noutput y = x |> scale(bias=false) |> ${layer}\n}\n`);
  const params = initParams(g, 1, "f32");
  expect(params.size).toBe(1);
  for (const t of params.values()) t.data.set(scales);
  const id = g.nodes.find((n) => n.op === op)!.id;
  const r = await runBoth(g, 2, [id], { params });
  return { gpu: r.gpu.get(id)!, ref: r.ref.get(id)! };
}

/**
 * The values of the first node of op `op` in expectGradcheck's own float64
 * run (its weights and feeds, drawn as reference/gradcheck.ts draws them at
 * seed 3, batch 2): what a test inspects to know which pieces of a
 * piecewise op the check covered and how far from its kinks it stayed.
 */
export function gradcheckValuesOf(training: TrainingGraph, op: string): number[] {
  const [seed, batch] = [3, 2];
  const feeds = randomFeeds(training, batch, new Rng(seed ^ 0x5bd1e995));
  const values = execute(training.graph, { feeds, params: initParams(training.graph, seed, "f64"), batch, precision: "f64", kernels: backwardKernels }).values;
  return [...values[training.graph.nodes.find((n) => n.op === op)!.id]!.data];
}

/** An activation's derivative costs `perElement` flops, so unary_grad with it costs `total` on [2, 3, 5]. */
export function expectDerivativeCost(op: string, perElement: number, total: number): void {
  expect(lookupOp(op)!.derivative).toEqual({ flops: perElement });
  expect(lookupOp("unary_grad")!.cost({ inputs: [[2, 3, 5], [2, 3, 5]], attrs: { fn: op }, opNamed: lookupOp }, [2, 3, 5])).toEqual({ macs: 0, flops: total });
}

/**
 * A unary activation's WGSL kernels against the reference: `x |> op` on
 * [5, 7, 3] within `tol`, then `x |> op |> prelu` trained (one unary_grad,
 * with op's derivative) within 1e-4, both at batch 3.
 */
export async function expectUnaryKernelParity(op: string, tol: number): Promise<void> {
  const fwd = graphOf(`network k {\ninput x: [5, 7, 3]\noutput y = x |> ${op}\n}\n`);
  await expectGpuParity(fwd, 3, tol);
  const tg = graphOf(`network k {\ninput x: [3, 5, 7]\noutput y = x |> ${op} |> prelu\n}\ntrain k {\nloss mse(y, t)\noptimizer sgd(lr = 0.1)\n}\n`, true);
  expect(tg.nodes.filter((n) => n.op === "unary_grad").map((n) => n.attrs.fn)).toEqual([op]);
  await expectGpuParity(tg, 3, 1e-4, { label: (name) => name });
}

/** |a − b| within tol of max(1, |b|): float32's relative precision on large values, absolute on small ones. */
export function expectNear(a: number, b: number, tol: number, what: string): void {
  expect(Math.abs(a - b), `${what}: ${a} vs ${b}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(b)));
}
