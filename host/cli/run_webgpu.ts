// `dlc run --backend webgpu`: the forward graph as an inference program
// (eval mode) at a fixed batch, float32. The last chunk is padded with
// copies of its first sample and only its real rows are kept: in eval mode
// samples do not interact, so padding changes nothing (as dlc eval does).
// The errors of the device and of lowering become RunErrors (exit 1).

import { elementCount, type Graph } from "../../core/ir/graph.js";
import { buildInferenceProgram } from "../../compiler/codegen/program.js";
import { LoweringError } from "../../ops/lowering.js";
import { acquireDevice, DeviceError } from "../../runtime/webgpu/device.js";
import { ProgramError, ProgramRunner } from "../../runtime/webgpu/program.js";
import { compileProgress } from "./progress_line.js";
import { RunError, type RunInputs } from "./run_inputs.js";

/** Output name → [N, ...shape] values. */
export async function runWebGpu(graph: Graph, weights: ReadonlyMap<string, Float32Array | Float64Array>, given: RunInputs, batch: number): Promise<Map<string, Float32Array>> {
  try {
    return await runOnDevice(graph, weights, given, Math.min(batch, given.count));
  } catch (e) {
    if (e instanceof DeviceError || e instanceof ProgramError) throw new RunError(e.message);
    if (e instanceof LoweringError) throw new RunError(`${e.message}: this network cannot run on WebGPU yet; use --backend reference`);
    throw e;
  }
}

async function runOnDevice(graph: Graph, weights: ReadonlyMap<string, Float32Array | Float64Array>, given: RunInputs, batch: number): Promise<Map<string, Float32Array>> {
  const program = buildInferenceProgram(graph, batch);
  const h = await acquireDevice();
  try {
    const runner = await ProgramRunner.create(h.device, program, new Map(), { onProgress: compileProgress() });
    try {
      runner.writeParams(new Map([...weights].map(([k, v]) => [k, v instanceof Float32Array ? v : Float32Array.from(v)])));
      const per = (shape: readonly number[]) => elementCount(shape.slice(1));
      const outputs = new Map(program.outputs.map((t) => [t.name, new Float32Array(given.count * per(t.shape))]));
      const read = program.outputs.map((t) => t.name);
      for (let at = 0; at < given.count; at += batch) {
        const b = Math.min(batch, given.count - at);
        const feeds = new Map<string, Float32Array | Int32Array>();
        for (const t of program.inputs) {
          const x = given.inputs.find((i) => i.name === t.name);
          if (!x) throw new Error(`internal: no samples for the program's input '${t.name}'`);
          const n = per(x.shape);
          const rows = t.dtype === "i32" ? new Int32Array(batch * n) : new Float32Array(batch * n);
          rows.set(x.data.subarray(at * n, (at + b) * n));
          // Padding: copies of the chunk's first sample.
          for (let r = b; r < batch; r++) rows.copyWithin(r * n, 0, n);
          feeds.set(t.name, rows);
        }
        const got = await runner.run(feeds, { read });
        for (const t of program.outputs) {
          const n = per(t.shape);
          outputs.get(t.name)!.set(got.get(t.name)!.subarray(0, b * n), at * n);
        }
      }
      return outputs;
    } finally {
      runner.destroy();
    }
  } finally {
    h.device.destroy();
  }
}
