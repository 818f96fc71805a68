// The optimizer's state and its fused kernel's interface, named once. Every
// place that lays out, binds, reads or writes optimizer state derives it from
// here: the memory estimate (compiler/passes/memory.ts), the fused kernel and
// its bindings (compiler/codegen/optimizer.ts, program.ts), the runner that
// writes the step values and reads the state back (runtime/webgpu/
// program.ts), checkpoints of the device state (host/training/gpu_loop.ts)
// and the float64 optimizers (host/training/optimizers.ts).
//
// State fields carry PyTorch's names (a checkpoint stores PARAM/FIELD):
//   sgd          momentum_buffer          (none on the device when μ = 0)
//   adam, adamw  exp_avg, exp_avg_sq      (+ PARAM/step, Adam's t, in checkpoints)
//
// On the device the state is one buffer of `fields.length` planes, each as
// long as the trained part of the parameter buffer (core/params/layout.ts)
// and laid out like it: plane k holds field k of every trained float.

import type { OptimizerHyper } from "./optimizers.js";

/** A per-parameter state tensor, by PyTorch's name (checkpoint key PARAM/FIELD). */
export type StateField = "momentum_buffer" | "exp_avg" | "exp_avg_sq";

/** The checkpoint field of Adam's per-parameter step count t (one value). */
export const STEP_COUNT_FIELD = "step";

/** The fused optimizer kernel's buffers, by what they hold. */
export type OptimizerBinding = "params" | "grads" | "state" | "step";

export interface OptimizerStateLayout {
  /** The state tensors of every trained parameter, in the order of their planes in the device's state buffer; empty for plain SGD. */
  readonly fields: readonly StateField[];
  /** Whether a checkpoint also holds PARAM/step (Adam's t). */
  readonly countsSteps: boolean;
  /** The fused kernel's bindings in binding order: numbered without gaps, so "state" is absent when `fields` is empty. */
  readonly bindings: readonly OptimizerBinding[];
}

/** Whether an optimizer of this kind counts steps per parameter (Adam's t, PARAM/step in checkpoints). */
export function countsSteps(kind: OptimizerHyper["kind"]): boolean {
  return kind !== "sgd";
}

/** Every field a checkpoint may hold per parameter for this kind: its state tensors, and the step count where it keeps one. */
export function checkpointFields(kind: OptimizerHyper["kind"]): readonly string[] {
  return [...stateFields(kind), ...(countsSteps(kind) ? [STEP_COUNT_FIELD] : [])];
}

/** The state tensors an optimizer of this kind may keep per parameter, whatever its hyperparameters (what a checkpoint may hold). */
export function stateFields(kind: OptimizerHyper["kind"]): readonly StateField[] {
  return kind === "sgd" ? ["momentum_buffer"] : ["exp_avg", "exp_avg_sq"];
}

/** What decides the layout: the kind, and for SGD whether it has momentum (an OptimizerHyper is one). */
export type StateLayoutKey = { readonly kind: "sgd"; readonly momentum: number } | { readonly kind: "adam" | "adamw" };

/** The state these hyperparameters keep (see the header). */
export function optimizerStateLayout(hyper: StateLayoutKey): OptimizerStateLayout {
  const fields = hyper.kind === "sgd" && hyper.momentum <= 0 ? [] : stateFields(hyper.kind);
  const bindings: OptimizerBinding[] = fields.length > 0 ? ["params", "grads", "state", "step"] : ["params", "grads", "step"];
  return { fields, countsSteps: countsSteps(hyper.kind), bindings };
}

/** The binding number of `role` in the fused kernel (there is no "state" binding when `fields` is empty). */
export function optimizerBinding(layout: OptimizerStateLayout, role: OptimizerBinding): number {
  const i = layout.bindings.indexOf(role);
  if (i < 0) throw new Error(`internal: the optimizer kernel has no '${role}' binding`);
  return i;
}

/** The checkpoint key of a parameter's state field. */
export function stateKey(param: string, field: StateField | typeof STEP_COUNT_FIELD): string {
  return `${param}/${field}`;
}

/** A checkpoint key split into parameter and field (a parameter name may hold "/"; the field is after the last); undefined without a "/". */
export function parseStateKey(key: string): { readonly param: string; readonly field: string } | undefined {
  const cut = key.lastIndexOf("/");
  return cut < 0 ? undefined : { param: key.slice(0, cut), field: key.slice(cut + 1) };
}

/**
 * The per-step values the fused optimizer reads, in the order of the step
 * buffer's floats: the learning rate, Adam's step t, and Adam's bias
 * corrections 1 − β1^t and 1 − β2^t (1 for SGD).
 */
export const STEP_VALUES = ["lr", "t", "biasCorrection1", "biasCorrection2"] as const;

export type StepValue = (typeof STEP_VALUES)[number];

/** The float index of each step value in the step buffer. */
export const STEP_VALUE: Readonly<Record<StepValue, number>> = Object.fromEntries(STEP_VALUES.map((name, i) => [name, i])) as Record<StepValue, number>;

/** Bytes of the step buffer (float32 values). */
export const STEP_BUFFER_BYTES = STEP_VALUES.length * 4;

/** The step buffer's contents for step `t` (1-based) at learning rate `lr`. */
export function stepValues(hyper: OptimizerHyper, lr: number, t: number): Float32Array {
  const values: Record<StepValue, number> = {
    lr,
    t,
    biasCorrection1: hyper.kind === "sgd" ? 1 : 1 - hyper.beta1 ** t,
    biasCorrection2: hyper.kind === "sgd" ? 1 : 1 - hyper.beta2 ** t,
  };
  return Float32Array.from(STEP_VALUES, (name) => values[name]);
}
