// What `dlc eval` does once its options are parsed (eval.ts registers the
// command and loads this file only when it runs): loss and accuracy per
// head of a trained network (a checkpoint of `dlc train`, or any
// safetensors file with every parameter under its PyTorch name, F32) on a
// folder of .npy files, in eval mode (bn with running statistics, dropout
// the identity), in order.
//
// Only the losses matter here: those of the training section, else the
// ones assumedTrainSpec states (cross-entropy on a class-score output,
// mean-squared error elsewhere), said once on stderr; --loss picks another
// for a one-head network (train_spec.ts). No training graph is built and no
// optimizer is needed.
//
// Backends: webgpu (default; an inference program at a fixed batch, the
// last batch padded and only its real samples scored,
// host/training/gpu_loop.ts) or reference (float64,
// host/training/loop.ts evaluate()).

import { escapeControl } from "../../core/diagnostics/printable.js";
import { checkFile } from "../../compiler/pipeline.js";
import { loadCheckpoint } from "../../runtime/checkpoint/checkpoint.js";
import { openDataset } from "../data/open.js";
import { dataOptions, type DataCliOptions } from "./data_options.js";
import { GpuEvaluator } from "../training/gpu_loop.js";
import { evaluate, type EvalMetrics } from "../training/loop.js";
import type { Tensor } from "../../core/tensor/tensor.js";
import { acquireDevice } from "../../runtime/webgpu/device.js";
import { compileProgress } from "./progress_line.js";
import { report } from "./output.js";
import { fail, notice } from "./output.js";
import { metricsText, refuseUnknownBackend } from "./train_common.js";
import { expectedError } from "./train_errors.js";
import { chooseTrainSpec } from "./train_spec.js";

export interface EvalCliOptions extends DataCliOptions {
  net?: string;
  input: Map<string, number[]>;
  param: Map<string, number | boolean | string>;
  weights: string;
  data: string;
  batch: number;
  loss?: string;
  json?: boolean;
  backend: string;
  allowImport: string[];
}

export async function runEval(file: string, o: EvalCliOptions): Promise<number> {
  const badBackend = refuseUnknownBackend(o.backend);
  if (badBackend !== undefined) return badBackend;
  const r = checkFile(file, { network: o.net, inputs: o.input, params: o.param, allowImports: o.allowImport });
  report(r.diagnostics);
  if (!r.graph) return 1;
  const graph = r.graph;
  const choice = chooseTrainSpec(graph, { loss: o.loss }, "eval");
  if ("usage" in choice) return fail(choice.usage, 2);
  if (choice.note) notice("note", choice.note);
  // The evaluators read the losses from graph.train.
  graph.train = choice.spec;
  try {
    const ckpt = loadCheckpoint(o.weights, graph);
    const data = await openDataset(o.data, graph, dataOptions(o, "test"));
    const t0 = performance.now();
    let m: EvalMetrics;
    if (o.backend === "reference") {
      const params = new Map<string, Tensor>([...ckpt.params].map(([k, v]) => [k, { shape: [...graph.params.get(k)!.shape], data: Float64Array.from(v) }]));
      m = evaluate(graph, params, data, { batch: o.batch });
    } else {
      const h = await acquireDevice();
      try {
        const ev = await GpuEvaluator.create(h.device, graph, Math.min(o.batch, data.size), undefined, compileProgress());
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
      process.stdout.write(`${graph.name} with ${escapeControl(o.weights)}${at} on ${data.size} samples: ${metricsText(m)}  (${o.backend}, ${seconds.toFixed(2)} s)\n`);
    }
    return 0;
  } catch (e) {
    const message = expectedError(e);
    if (message === undefined) throw e;
    return fail(message, 1);
  }
}
