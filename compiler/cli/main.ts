// The `dlc` command line: check, summary, ir. Diagnostics go to stderr;
// exit 0 when valid, 1 on any error in the input, 2 on a usage error.

import { Command, CommanderError, InvalidArgumentError } from "commander";
import { basename } from "node:path";
import { printGraph } from "../ir/print.js";
import { checkFile } from "../pipeline.js";
import { runCompile } from "./compile.js";
import { runDoctor } from "./doctor.js";
import { runTune } from "./tune.js";
import { runGradcheck } from "./gradcheck.js";
import { report } from "./output.js";
import { parseInputOverride, parseNonNegativeInt, parseParamOverride, parsePositiveInt, parsePositiveNumber, UsageError } from "./options.js";
import { summaryJson, summaryText, trainingText, type CompiledStep } from "./report.js";
import { buildTrainingProgram } from "../codegen/program.js";
import type { TrainingGraph } from "../passes/autodiff.js";
import { LoweringError } from "../codegen/contract.js";
import { registerTrainCommand } from "./train.js";
import { registerEvalCommand } from "./eval.js";

function wrap<T>(parse: (v: string, prev: T) => T): (v: string, prev: T) => T {
  return (v, prev) => {
    try {
      return parse(v, prev);
    } catch (e) {
      if (e instanceof UsageError) throw new InvalidArgumentError(e.message);
      throw e;
    }
  };
}

interface NetOpts {
  net?: string;
  train?: boolean;
  input: Map<string, number[]>;
  param: Map<string, number | boolean | string>;
  batch?: number;
  json?: boolean;
}

function compileFor(file: string, o: NetOpts) {
  const r = checkFile(file, { network: o.net, inputs: o.input, params: o.param, batch: o.batch, train: o.train });
  report(r.diagnostics);
  return r;
}

export function buildProgram(): Command {
  const program = new Command("dlc").description("dlc: a compiler for neural networks written as .net files").exitOverride();
  program
    .command("check")
    .description("check .net files; exit 0 when valid, 1 with diagnostics on stderr")
    .argument("<files...>", ".net files")
    .option("--net <name>", "network to check in each file (default: each file's main network)")
    .action((files: string[], o: { net?: string }) => {
      let failed = false;
      for (const f of files) {
        // A training section is checked through to its backward graph.
        const r = checkFile(f, { network: o.net, allowLibrary: true, train: "auto" });
        report(r.diagnostics);
        if ((!r.graph && !r.library) || r.diagnostics.some((d) => d.severity === "error")) failed = true;
      }
      process.exitCode = failed ? 1 : 0;
      if (!failed) process.stderr.write(`ok: ${files.map((f) => basename(f)).join(", ")}\n`);
    });
  const netCommand = (name: string, description: string) =>
    program
      .command(name)
      .description(description)
      .argument("<file>", ".net file")
      .option("--net <name>", "network in the file (default: the file's main network)")
      .option("--input <name=shape>", "override an input's per-sample shape, e.g. image=3,64,64 (repeatable)", wrap(parseInputOverride), new Map<string, number[]>())
      .option("--param <name=value>", "set a network parameter, e.g. classes=10 (repeatable)", wrap(parseParamOverride), new Map<string, number | boolean | string>())
      .option("--batch <n>", "batch size for the training-memory estimate", wrap(parsePositiveInt("--batch")));
  netCommand("summary", "layers, shapes, parameters, MACs, FLOPs, receptive fields and memory")
    .option("--json", "print one JSON object")
    .option("--train", "also report the training step: forward and backward FLOPs, training memory")
    .action((file: string, o: NetOpts) => {
      const r = compileFor(file, o);
      if (!r.graph || !r.analysis || (o.train && !r.trainingAnalysis)) return void (process.exitCode = 1);
      const step = r.training && r.trainingAnalysis ? compiledStep(r.training, r.trainingAnalysis.memory.batch) : undefined;
      if (o.json) {
        const json = { ...summaryJson(r.graph, r.analysis), ...(r.trainingAnalysis ? { training: { ...r.trainingAnalysis, ...(step ? { compiled: step } : {}) } } : {}) };
        process.stdout.write(JSON.stringify(json, null, 2) + "\n");
      } else {
        process.stdout.write(summaryText(r.graph, r.analysis) + (r.trainingAnalysis ? trainingText(r.trainingAnalysis, step) : ""));
      }
    });
  netCommand("ir", "print the elaborated graph IR with every value's shape")
    .option("--train", "print the training graph: forward in training mode, losses, backward")
    .action((file: string, o: NetOpts) => {
      const r = compileFor(file, o);
      if (!r.graph || (o.train && !r.training)) return void (process.exitCode = 1);
      process.stdout.write(printGraph(r.training ? r.training.graph : r.graph));
    });
  netCommand("gradcheck", "check the derived gradients against central finite differences in float64")
    .option("--seed <n>", "seed for weights and data", wrap(parseNonNegativeInt("--seed")), 0)
    .option("--samples <n>", "entries checked per tensor (smaller tensors whole)", wrap(parsePositiveInt("--samples")), 12)
    .option("--tol <x>", "largest relative error accepted", wrap(parsePositiveNumber("--tol")), 1e-6)
    .action((file: string, o: NetOpts & { seed: number; samples: number; tol: number }) => {
      process.exitCode = runGradcheck(file, o);
    });
  registerTrainCommand(program);
  registerEvalCommand(program);
  netCommand("compile", "emit WGSL kernels and a typed ES module (NAME.js, NAME.d.ts, NAME.json) that runs the network on WebGPU")
    .requiredOption("-o, --out <dir>", "output folder")
    .option("--train", "forward, backward and optimizer (the default)")
    .option("--infer", "inference only")
    .action((file: string, o: NetOpts & { out: string; infer?: boolean }) => {
      process.exitCode = runCompile(file, o);
    });
  netCommand("tune", "time the GEMM templates for every conv and dense kernel of the training step, and the split-K counts of its weight gradients, on this device; cache the fastest for `dlc train`")
    .option("--reps <n>", "timed runs per kernel and candidate", wrap(parsePositiveInt("--reps")), 3)
    .option("--fresh", "time every problem again, even those already cached")
    .action(async (file: string, o: NetOpts & { reps: number; fresh?: boolean }) => {
      process.exitCode = await runTune(file, o);
    });
  program
    .command("doctor")
    .description("show the WebGPU adapter dlc gets on this machine, its limits and features")
    .option("--json", "print one JSON object")
    .action(async (o: { json?: boolean }) => {
      process.exitCode = await runDoctor(o.json === true);
    });
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  program.configureOutput({ writeErr: (s) => process.stderr.write(s) });
  try {
    await program.parseAsync(argv, { from: "user" });
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    const msg = e instanceof Error ? e.message : String(e);
    process.stderr.write(`internal error: ${msg}\nThis is a bug in dlc; please report it with the input that caused it.\n`);
    if (process.env.DLC_DEBUG && e instanceof Error) process.stderr.write(`${e.stack}\n`);
    return 3;
  }
}

/** The compiled step's kernels and arena; undefined where WebGPU cannot run the step (clip_norm). */
function compiledStep(t: TrainingGraph, batch: number): CompiledStep | undefined {
  if (t.graph.train?.settings.clip_norm != null) return undefined;
  try {
    const p = buildTrainingProgram(t, batch);
    // + 1: the optimizer's kernel.
    return { kernels: p.kernels.length + 1, arenaBytes: p.memory.arenaBytes, lowerBoundBytes: p.memory.lowerBoundBytes };
  } catch (e) {
    if (e instanceof LoweringError) return undefined;
    throw e;
  }
}
