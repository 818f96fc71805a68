// Runs a fused program and its unfused twin (one kernel per node) on the
// shared WebGPU device with the same weights and feeds, and expects the
// same outputs, losses and (after a training step) parameters: the check
// of tests/runtime/webgpu/fusion*.test.ts.

import { expect } from "vitest";
import type { Program } from "../../core/program/program.js";
import type { Graph } from "../../core/ir/graph.js";
import { checkFile } from "../../compiler/pipeline.js";
import { initParams } from "../../compiler/passes/init_rules.js";
import { Rng } from "../../core/tensor/rng.js";
import { ProgramRunner } from "../../runtime/webgpu/program.js";
import { relativeError, sharedDevice } from "./gpu_parity.js";

export const BATCH = 3;

/** Checks `text` (a network's parameters set by `params`), expecting no errors. */
export function graphOf(text: string, train = false, inputs?: Map<string, number[]>, params?: Map<string, number>) {
  const r = checkFile("net.net", { text, train, inputs, params });
  expect(r.diagnostics.filter((d) => d.severity === "error").map((d) => d.message)).toEqual([]);
  return r;
}

function feedsFor(program: Program, seed: number): Map<string, Float32Array | Int32Array> {
  const rng = new Rng(seed);
  const feeds = new Map<string, Float32Array | Int32Array>();
  for (const t of program.inputs) {
    const n = t.range.size / 4;
    feeds.set(t.name, t.dtype === "i32" ? Int32Array.from({ length: n }, () => Math.floor(rng.uniform() * 3)) : Float32Array.from({ length: n }, () => rng.normal()));
  }
  return feeds;
}

/**
 * `sameArena`: the fused arena is no larger. Concat slices can make it
 * larger in inference: the concat's buffer lives from its first operand on,
 * where unfused operands are freed as soon as they are copied.
 */
export async function runPair(fused: Program, plain: Program, g: Graph, lr?: number, sameArena = true) {
  expect(fused.kernels.length).toBeLessThan(plain.kernels.length);
  if (sameArena) expect(fused.memory.arenaBytes).toBeLessThanOrEqual(plain.memory.arenaBytes);
  const { device } = await sharedDevice();
  // Running statistics away from their defaults (0, 1), so eval-mode bn's formula is exercised.
  const rng = new Rng(3);
  const init = new Map(
    [...initParams(g, 5, "f32")].map(([k, v]) => {
      const data = Float32Array.from(v.data);
      if (k.endsWith("running_mean")) data.forEach((_, i) => (data[i] = rng.normal() * 0.3));
      if (k.endsWith("running_var")) data.forEach((_, i) => (data[i] = 0.5 + rng.uniform()));
      return [k, data];
    }),
  );
  const feeds = feedsFor(plain, 11);
  const read = [...plain.outputs.map((o) => o.name), ...(plain.loss ? ["loss", ...plain.losses!.map((l) => `loss.${l.name}`)] : [])];
  const results = [];
  for (const p of [fused, plain]) {
    const runner = await ProgramRunner.create(device, p);
    runner.writeParams(init);
    const out = await runner.run(feeds, lr ? { lr, read } : { read });
    results.push({ out, params: await runner.readParams() });
    runner.destroy();
  }
  const [a, b] = results as [(typeof results)[0], (typeof results)[0]];
  for (const name of read) expect(relativeError(a.out.get(name)!, b.out.get(name)!), name).toBeLessThan(1e-5);
  for (const [name, v] of b.params) expect(relativeError(a.params.get(name)!, v), name).toBeLessThan(1e-5);
}

