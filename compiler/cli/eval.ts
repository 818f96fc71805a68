// `dlc eval FILE --weights CKPT --data DIR`: loss and accuracy per head of a
// trained network (a checkpoint of `dlc train`, or any safetensors file with
// every parameter under its PyTorch name, F32) on a folder of .npy files, in
// eval mode (bn with running statistics, dropout the identity), in order.
// Backends: webgpu (default; an inference program at a fixed batch, the last
// batch padded and only its real samples scored, runtime/training/gpu_loop.ts)
// or reference (float64, runtime/training/loop.ts evaluate()).
//
// Output: one line (loss, then loss and accuracy per head) or, with --json,
// one JSON object (EvalMetrics, plus "backend"). Exit 0, 1 on errors in the
// network, the checkpoint, the data or the device, 2 on usage errors.

import type { Command } from "commander";
import { loadCheckpoint } from "../../runtime/checkpoint/checkpoint.js";
import { loadDataset } from "../../runtime/data/dataset.js";
import { GpuEvaluator } from "../../runtime/training/gpu_loop.js";
import { evaluate, type EvalMetrics } from "../../runtime/training/loop.js";
import type { Tensor } from "../../runtime/reference/tensor.js";
import { acquireDevice } from "../../runtime/webgpu/device.js";
import { parseInputOverride, parseParamOverride, parsePositiveInt } from "./options.js";
import { BACKENDS, compileForTraining, expectedError, fail, metricsText, usage } from "./train.js";

export interface EvalCliOptions {
  net?: string;
  input: Map<string, number[]>;
  param: Map<string, number | boolean | string>;
  weights: string;
  data: string;
  batch: number;
  json?: boolean;
  backend: string;
}

export async function runEval(file: string, o: EvalCliOptions): Promise<number> {
  if (!(BACKENDS as readonly string[]).includes(o.backend)) return fail(`unknown backend '${o.backend}' (expected webgpu or reference)`, 2);
  const c = compileForTraining(file, o);
  if (typeof c === "number") return c;
  const { graph } = c;
  try {
    const ckpt = loadCheckpoint(o.weights, graph);
    const data = loadDataset(o.data, graph);
    const t0 = performance.now();
    let m: EvalMetrics;
    if (o.backend === "reference") {
      const params = new Map<string, Tensor>([...ckpt.params].map(([k, v]) => [k, { shape: [...graph.params.get(k)!.shape], data: Float64Array.from(v) }]));
      m = evaluate(graph, params, data, { batch: o.batch });
    } else {
      const h = await acquireDevice();
      try {
        const ev = await GpuEvaluator.create(h.device, graph, Math.min(o.batch, data.size));
        ev.writeParams(ckpt.params);
        m = await ev.evaluate(data);
        ev.destroy();
      } finally {
        h.device.destroy();
      }
    }
    const seconds = (performance.now() - t0) / 1000;
    if (o.json) process.stdout.write(JSON.stringify({ ...m, backend: o.backend, seconds }) + "\n");
    else {
      const at = ckpt.counters ? ` (epoch ${ckpt.counters.epoch}, step ${ckpt.counters.step})` : "";
      process.stdout.write(`${graph.name} with ${o.weights}${at} on ${data.size} samples: ${metricsText(m)}  (${o.backend}, ${seconds.toFixed(2)} s)\n`);
    }
    return 0;
  } catch (e) {
    const message = expectedError(e);
    if (message === undefined) throw e;
    return fail(message, 1);
  }
}

/** Adds `dlc eval` to the program. */
export function registerEvalCommand(program: Command): void {
  program
    .command("eval")
    .description("loss and accuracy per head of a trained network (a checkpoint) on a folder of .npy files, in eval mode")
    .argument("<file>", ".net file with a training section (its losses say what to measure)")
    .requiredOption("--weights <ckpt>", "checkpoint (.safetensors) with every parameter, e.g. the last.safetensors of dlc train --out")
    .requiredOption("--data <dir>", "a folder with one .npy per network input and label, named after them")
    .option("--batch <n>", "samples per forward run", usage(parsePositiveInt("--batch")), 64)
    .option("--json", "print one JSON object")
    .option("--backend <name>", "webgpu (float32) or reference (float64)", "webgpu")
    .option("--net <name>", "network in the file (default: the file's main network)")
    .option("--input <name=shape>", "override an input's per-sample shape, e.g. image=1,8,8 (repeatable)", usage(parseInputOverride), new Map<string, number[]>())
    .option("--param <name=value>", "set a network parameter, e.g. classes=3 (repeatable)", usage(parseParamOverride), new Map<string, number | boolean | string>())
    .action(async (file: string, o: EvalCliOptions) => {
      process.exitCode = await runEval(file, o);
    });
}
