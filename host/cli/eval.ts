// `dlc eval FILE --weights CKPT --data DIR`: the command's options and
// help. What it does is in eval_run.ts, loaded with `await import()` only
// when the command runs, so that registering it loads neither WebGPU nor
// the checkpoint reader nor the data loader.
//
// Output: one line (loss, then loss and accuracy per head) or, with --json,
// one JSON object (EvalMetrics, plus "backend"). Exit 0, 1 on errors in the
// network, the checkpoint, the data or the device, 2 on usage errors.

import type { Command } from "commander";
import { parseAllowImport, parseInputOverride, parseParamOverride, parsePositiveInt, usage } from "./options.js";
import { FORMATS, parseFormat, parseNormalize, parseResize } from "./data_options.js";
import type { EvalCliOptions } from "./eval_run.js";

export type { EvalCliOptions } from "./eval_run.js";

const ALLOW_IMPORT = "a folder that imports may read besides the main file's own (repeatable); std/ imports always stay in the standard library";

/** Adds `dlc eval` to the program. */
export function registerEvalCommand(program: Command): void {
  program
    .command("eval")
    .description(
      "loss and accuracy per head of a trained network (a checkpoint) on a data folder (.npy files, an image folder per class, MNIST idx files or CIFAR-10 batches; see docs/data.md), in eval mode. " +
        "The losses are the training section's; without one, cross_entropy on a class-score output (mse otherwise), or --loss",
    )
    .argument("<file>", ".net file (its training section's losses, if any, say what to measure)")
    .requiredOption("--weights <ckpt>", "checkpoint (.safetensors) with every parameter, e.g. the last.safetensors of dlc train --out")
    .requiredOption("--data <dir>", "a folder with one .npy per network input and label, named after them; or one subfolder of images per class; or MNIST idx files; or CIFAR-10 binary batches (the test split where the folder holds both)")
    .option("--format <name>", `layout of --data: ${FORMATS.join(", ")} (default: detected from the file names)`, usage(parseFormat))
    .option("--resize [mode]", "image folders: scale every image to the network's input size: cover (default) or fill", usage(parseResize))
    .option("--normalize <mean/std>", "per channel (x − mean) / std, as in training, e.g. 0.485,0.456,0.406/0.229,0.224,0.225, or imagenet, cifar10, mnist", usage(parseNormalize))
    .option("--batch <n>", "samples per forward run", usage(parsePositiveInt("--batch")), 64)
    .option("--loss <name>", "loss of a one-head network: cross_entropy, bce, mse or smooth_l1 (default: the training section's, else cross_entropy on class scores, mse otherwise)")
    .option("--json", "print one JSON object")
    .option("--backend <name>", "webgpu (float32) or reference (float64)", "webgpu")
    .option("--net <name>", "network in the file (default: the file's main network)")
    .option("--input <name=shape>", "override an input's per-sample shape, e.g. image=1,8,8 (repeatable)", usage(parseInputOverride), new Map<string, number[]>())
    .option("--param <name=value>", "set a network parameter, e.g. classes=3 (repeatable)", usage(parseParamOverride), new Map<string, number | boolean | string>())
    .option("--allow-import <dir>", ALLOW_IMPORT, usage(parseAllowImport), [] as string[])
    .action(async (file: string, o: EvalCliOptions) => {
      const { runEval } = await import("./eval_run.js");
      process.exitCode = await runEval(file, o);
    });
}
