// The `dlc` command line: the commander program with every command's
// arguments, options and help text, and `main`, which runs it and maps the
// outcome to an exit code. The commands: check, summary, graph, ir,
// gradcheck, compile, tune, run, doctor and lsp are declared here; train,
// eval, export, import-weights and plot in train.ts, eval.ts, export.ts,
// import_weights.ts and plot.ts. Each command's work lives in its own module
// (analyse_commands.ts, gradcheck.ts, compile.ts, tune.ts, run_command.ts,
// doctor.ts, ...). Diagnostics go to stderr; exit 0 on success, 1 on any
// error in the input or the user's files, 2 on a usage error, 3 on a bug.
//
// Start-up: this file loads only commander and the option parsers. Each
// action loads its module with `await import()` when it runs, so that
// `dlc --help` does not pay for the parser, and `dlc check` not for WebGPU,
// code generation or tuning.

import { readFileSync } from "node:fs";
import { Command, CommanderError, InvalidArgumentError } from "commander";
import { parseAllowImport, parseInputOverride, parseNonNegativeInt, parseParamOverride, parsePositiveInt, parsePositiveNumber, usage } from "./options.js";
import { parseGraphOut } from "./graph_options.js";
import { parseInputFile } from "./run_options.js";
import { parseSeed } from "./train_options.js";
import { escapeControl } from "../../core/diagnostics/printable.js";
import { registerTrainCommand } from "./train.js";
import { registerEvalCommand } from "./eval.js";
import { registerExportCommand } from "./export.js";
import { registerPlotCommand } from "./plot.js";
import { registerImportWeightsCommand } from "./import_weights.js";
import type { NetOpts } from "./analyse_commands.js";
import type { RunCliOptions } from "./run_command.js";


/**
 * A repeatable option's parser that starts from an empty collection itself,
 * so that commander has no default to print as "(default: {})".
 */
function repeatable<T>(parse: (v: string, prev: T) => T, empty: () => T): (v: string, prev: T | undefined) => T {
  return usage((v: string, prev: T | undefined) => parse(v, prev ?? empty()));
}

const inputShapes = repeatable(parseInputOverride, () => new Map<string, number[]>());
const params = repeatable(parseParamOverride, () => new Map<string, number | boolean | string>());
const allowImports = repeatable(parseAllowImport, (): string[] => []);

/** What commander hands an action: the repeatable options are absent when not given. */
type Given<O extends { input: unknown; param: unknown; allowImport: unknown }> = Omit<O, "input" | "param" | "allowImport"> & Partial<Pick<O, "input" | "param" | "allowImport">>;

function netOpts<O extends NetOpts>(o: Given<O>): O {
  return { ...o, input: o.input ?? new Map(), param: o.param ?? new Map(), allowImport: o.allowImport ?? [] } as O;
}

const ALLOW_IMPORT = "a folder that imports may read besides the main file's own (repeatable); std/ imports always stay in the standard library";

const BATCH_HELP = {
  summary: "batch size for the training-memory estimate",
  graph: "batch size of the training step whose fused kernels --train marks (default: the training section's batch, else 1)",
  gradcheck: "samples in the checked batch (default 2)",
  tune: "batch size the training step is timed at (default 32)",
  compile: "the compiled module's batch size: its programs run exactly this many samples (default: the training section's batch, else 1)",
} as const;

/**
 * dlc's version from its package.json: two folders up from this file when
 * run from source (host/cli/), three when built (dist/host/cli/).
 * The name is checked so that no other package's file is taken for ours.
 */
export function dlcVersion(): string {
  for (const rel of ["../../package.json", "../../../package.json"]) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(rel, import.meta.url), "utf8")) as { name?: unknown; version?: unknown };
      if (pkg.name === "dlc" && typeof pkg.version === "string") return pkg.version;
    } catch {
      // Not there (or not JSON): try the next place.
    }
  }
  throw new Error("dlc's package.json was not found beside its code");
}

export function buildProgram(): Command {
  const program = new Command("dlc").description("dlc: a compiler for neural networks written as .net files").exitOverride();
  program.version(dlcVersion(), "-V, --version", "print dlc's version");
  // Commander's messages quote the user's arguments ("unknown option '…'").
  // Set before the subcommands are made: each copies it when created.
  program.configureOutput({ writeErr: (s) => process.stderr.write(escapeControl(s)) });
  program
    .command("check")
    .description("check .net files; exit 0 when valid, 1 with diagnostics on stderr")
    .argument("<files...>", ".net files")
    .option("--net <name>", "network to check in each file (default: each file's main network)")
    .option("--allow-import <dir>", ALLOW_IMPORT, allowImports)
    .action(async (files: string[], o: { net?: string; allowImport?: string[] }) => {
      const { runCheck } = await import("./analyse_commands.js");
      process.exitCode = runCheck(files, { net: o.net, allowImport: o.allowImport ?? [] });
    });
  const netCommand = (name: string, description: string, batch: string = BATCH_HELP.summary) =>
    program
      .command(name)
      .description(description)
      .argument("<file>", ".net file")
      .option("--net <name>", "network in the file (default: the file's main network)")
      .option("--input <name=shape>", "override an input's per-sample shape, e.g. image=3,64,64 (repeatable)", inputShapes)
      .option("--param <name=value>", "set a network parameter, e.g. classes=10 (repeatable)", params)
      .option("--batch <n>", batch, usage(parsePositiveInt("--batch")))
      .option("--allow-import <dir>", ALLOW_IMPORT, allowImports);
  netCommand("summary", "layers, shapes, parameters, MACs, FLOPs, receptive fields and memory")
    .option("--json", "print one JSON object")
    .option("--train", "also report the training step: forward and backward FLOPs, training memory")
    .option("--depth <n>", "fold blocks nested deeper than n into one row each, with their totals (0: every top-level block one row)", usage(parseNonNegativeInt("--depth")))
    .action(async (file: string, o: Given<NetOpts>) => {
      const { runSummary } = await import("./analyse_commands.js");
      process.exitCode = await runSummary(file, netOpts(o));
    });
  netCommand("graph", "draw the network as a picture laid out by Graphviz: boxes with op, output shape, params and MACs, blocks as clusters, edges labelled with shapes; .svg, a self-contained .html (pan, zoom, hover card per node) or .dot", BATCH_HELP.graph)
    .option("-o, --out <file>", "the picture: FILE.svg, FILE.html or FILE.dot, written atomically (default: NETWORK.svg, NETWORK.train.svg with --train, in the current folder)", usage(parseGraphOut))
    .option("--depth <n>", "fold blocks nested deeper than n into one box each, with their totals (0: every top-level block one box)", usage(parseNonNegativeInt("--depth")))
    .option("--train", "draw the training step: forward in training mode, losses, the backward pass, and the kernels fusion merged")
    .action(async (file: string, o: Given<NetOpts & { out?: string; depth?: number }>) => {
      const { runGraph } = await import("./graph.js");
      process.exitCode = await runGraph(file, netOpts(o));
    });
  netCommand("ir", "print the elaborated graph IR with every value's shape")
    .option("--train", "print the training graph: forward in training mode, losses, backward")
    .action(async (file: string, o: Given<NetOpts>) => {
      const { runIr } = await import("./analyse_commands.js");
      process.exitCode = runIr(file, netOpts(o));
    });
  netCommand("gradcheck", "check the derived gradients against central finite differences in float64", BATCH_HELP.gradcheck)
    .option("--seed <n>", "seed for weights and data", usage(parseSeed("--seed")), 0)
    .option("--samples <n>", "entries checked per tensor (smaller tensors whole)", usage(parsePositiveInt("--samples")), 12)
    .option("--tol <x>", "largest relative error accepted", usage(parsePositiveNumber("--tol")), 1e-6)
    .action(async (file: string, given: Given<NetOpts & { seed: number; samples: number; tol: number }>) => {
      const { runGradcheck } = await import("./gradcheck.js");
      const o = netOpts(given);
      process.exitCode = runGradcheck(file, { ...o, allowImports: o.allowImport });
    });
  registerTrainCommand(program);
  registerEvalCommand(program);
  registerExportCommand(program);
  registerPlotCommand(program);
  registerImportWeightsCommand(program);
  netCommand(
    "compile",
    "emit WGSL kernels and a typed ES module (NAME.js, NAME.d.ts, NAME.json) that runs the network on WebGPU. " +
      "The -o folder is created whole or replaced whole: dlc marks the folders it writes (.dlc-output.json), refuses a non-empty folder it did not write, " +
      "and on a recompile removes what it wrote before and keeps the files you added",
    BATCH_HELP.compile,
  )
    .requiredOption("-o, --out <dir>", "output folder (new, empty, or an earlier dlc compile output)")
    .option("--train", "forward, backward and optimizer (the default)")
    .option("--infer", "inference only")
    .action(async (file: string, given: Given<NetOpts & { out: string; infer?: boolean }>) => {
      const { runCompile } = await import("./compile.js");
      const o = netOpts(given);
      process.exitCode = runCompile(file, { ...o, allowImports: o.allowImport });
    });
  netCommand("tune", "time the GEMM templates for every conv and dense kernel of the training step, and the split-K counts of its weight gradients, on this device; cache the fastest for `dlc train`", BATCH_HELP.tune)
    .option("--reps <n>", "timed runs per kernel and candidate", usage(parsePositiveInt("--reps")), 3)
    .option("--fresh", "time every problem again, even those already cached")
    .action(async (file: string, given: Given<NetOpts & { reps: number; fresh?: boolean }>) => {
      const { runTune } = await import("./tune.js");
      const o = netOpts(given);
      process.exitCode = await runTune(file, { ...o, allowImports: o.allowImport });
    });
  program
    .command("run")
    .description("run a trained network in eval mode (bn with running statistics, dropout off) on .npy inputs; write one float32 .npy per output, [N, ...], into OUT")
    .argument("<file>", ".net file")
    .requiredOption("--weights <ckpt>", "checkpoint (.safetensors) with every parameter and BN buffer under its PyTorch name, F32")
    .requiredOption("--input <name=file.npy>", "an input's samples, [N, ...the input's shape] (repeatable: one per network input)", repeatable(parseInputFile, () => new Map<string, string>()))
    .requiredOption("-o, --out <dir>", "folder for the outputs (created if missing; NAME.npy per output, each written atomically)")
    .option("--backend <name>", "webgpu (compiled kernels, float32) or reference (float64 interpreter, tiny models)", "webgpu")
    .option("--batch <n>", "samples per forward run", usage(parsePositiveInt("--batch")), 64)
    .option("--net <name>", "network in the file (default: the file's main network)")
    .option("--param <name=value>", "set a network parameter, e.g. classes=10 (repeatable)", params)
    .option("--allow-import <dir>", ALLOW_IMPORT, allowImports)
    .action(async (file: string, o: Omit<RunCliOptions, "param" | "allowImport"> & Partial<Pick<RunCliOptions, "param" | "allowImport">>) => {
      const { runNetwork } = await import("./run_command.js");
      process.exitCode = await runNetwork(file, { ...o, param: o.param ?? new Map(), allowImport: o.allowImport ?? [] });
    });
  program
    .command("doctor")
    .description("show the WebGPU adapter dlc gets on this machine, its limits and features")
    .option("--json", "print one JSON object")
    .action(async (o: { json?: boolean }) => {
      const { runDoctor } = await import("./doctor.js");
      process.exitCode = await runDoctor(o.json === true);
    });
  program
    .command("lsp")
    .description("run the language server for editors (Language Server Protocol on stdin/stdout): diagnostics as you type, hover with shapes, params and MACs, go to definition, completion, a code lens per network; see docs/editors.md")
    .option("--stdio", "talk over standard input and output (the only transport; editors' clients pass it)")
    // Clients add their own flags (--clientProcessId=N): the server does not need them.
    .allowUnknownOption()
    .allowExcessArguments()
    .action(async () => {
      const { runLsp } = await import("./lsp.js");
      process.exitCode = await runLsp();
    });
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: "user" });
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    const msg = e instanceof Error ? e.message : String(e);
    process.stderr.write(`internal error: ${escapeControl(msg)}\nThis is a bug in dlc; please report it with the input that caused it.\n`);
    if (process.env.DLC_DEBUG && e instanceof Error) process.stderr.write(`${e.stack}\n`);
    return 3;
  }
}
