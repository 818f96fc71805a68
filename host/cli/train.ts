// `dlc train FILE --data DIR`: the command's options and help. What it does
// is in train_run.ts, loaded with `await import()` only when the command
// runs: registering it (every `dlc` start, `dlc --help` included) loads
// commander and the option parsers, never WebGPU, the training loops, the
// checkpoints or the data loader.
//
// Exit 0 when training finished, 1 on errors in the network, the data, a
// checkpoint, the run folder (--out), the device, or a diverging loss (the
// last good checkpoint is kept), 2 on usage errors.

import type { Command } from "commander";
import { parseAllowImport, parseInputOverride, parseParamOverride, parsePositiveInt, parsePositiveNumber, usage } from "./options.js";
import { FORMATS, parseAugment, parseFormat, parseNormalize, parseResize } from "./data_options.js";
import { parseSeed, SEED_RANGE } from "./train_options.js";
import type { TrainCliOptions } from "./train_run.js";

export type { TrainCliOptions } from "./train_run.js";

const ALLOW_IMPORT = "a folder that imports may read besides the main file's own (repeatable); std/ imports always stay in the standard library";

/** Adds `dlc train` to the program. */
export function registerTrainCommand(program: Command): void {
  program
    .command("train")
    .description(
      "train a network on a data folder (.npy files, an image folder per class, MNIST idx files or CIFAR-10 batches; see docs/data.md), on WebGPU (default) or the float64 reference executor. " +
        "It trains with its training section; a network without one trains with cross_entropy on a class-score output (mse otherwise), " +
        "sgd(lr = 0.1, momentum = 0.9), 1 epoch of batch 32, seed 0, as stated on stderr. " +
        "--loss, --optimizer and --lr override either. --out DIR is locked while a run uses it; " +
        "a checkpoint already in DIR is kept unless --resume continues it or --overwrite replaces it",
    )
    .argument("<file>", ".net file (a training section is optional)")
    .requiredOption("--data <dir>", "training data: a folder with one .npy per network input and label, named after them (image.npy, label.npy); or one subfolder of images per class; or MNIST idx files; or CIFAR-10 binary batches")
    .option("--val <dir>", "validation data, the same layout (a MNIST or CIFAR-10 folder holding both splits gives its test split); evaluated after every epoch in eval mode, never augmented")
    .option("--format <name>", `layout of --data and --val: ${FORMATS.join(", ")} (default: detected from the file names)`, usage(parseFormat))
    .option("--resize [mode]", "image folders: scale every image to the network's input size: cover (default: keep the aspect, crop the centre) or fill (stretch)", usage(parseResize))
    .option("--normalize <mean/std>", "per channel (x − mean) / std on pixels in [0, 1], e.g. 0.485,0.456,0.406/0.229,0.224,0.225, or imagenet, cifar10, mnist; dlc eval needs the same", usage(parseNormalize))
    .option("--augment <list>", "training data only, seeded by --seed and the epoch: flip, crop=P (random crop after P pixels of padding), resized-crop=S (random resized crop, area share S..1); e.g. crop=4,flip", usage(parseAugment))
    .option("--epochs <n>", "total epochs, resumed ones included (default: the training section's epochs, else 1)", usage(parsePositiveInt("--epochs")))
    .option("--batch <n>", "batch size (default: the training section's batch, else 32)", usage(parsePositiveInt("--batch")))
    .option("--lr <x>", "base learning rate (default: the optimizer's lr)", usage(parsePositiveNumber("--lr")))
    .option("--seed <n>", `seed for initialisation and data order, ${SEED_RANGE} (default: the training section's seed, else 0; a resumed run keeps its own)`, usage(parseSeed("--seed")))
    .option(
      "--loss <name>",
      "loss of a one-head network: cross_entropy, bce, mse or smooth_l1; replaces the training section's loss (its output, label name and weight kept); a network with several heads sets them in its training section",
    )
    .option(
      "--optimizer <name>",
      "sgd, adam or adamw: the training section's optimizer when it has that name (its settings kept), else that optimizer with its defaults (sgd: lr 0.01, no momentum; adam, adamw: lr 0.001); --lr sets the rate",
    )
    .option("--out <dir>", "run folder: the checkpoint DIR/last.safetensors (PyTorch names; atomically) after every epoch (reference backend: at the end); locked by the run (DIR/.dlc-train.lock)")
    .option("--resume <ckpt>", "continue a run from its checkpoint: weights, optimizer state, epoch and step (webgpu backend); may be --out's own checkpoint")
    .option("--overwrite", "replace a checkpoint already in --out with this run's (without it, dlc refuses rather than lose that run)")
    .option("--json", "print one JSON object per epoch, one per line, and nothing else on stdout (no progress bar)")
    .option("--log <file>", "write the run as JSON lines while it trains: a record per step (or per --log-every steps) and per epoch (losses and accuracy per head, learning rate, samples/s, validation), for `dlc plot`; see docs/training.md. A new run replaces FILE, a --resume'd run appends to it")
    .option("--log-every <n>", "steps per --log step record, their sample-weighted means (default 1: every step)", usage(parsePositiveInt("--log-every")))
    .option("--backend <name>", "webgpu (compiled kernels, float32; SwiftShader without a GPU) or reference (float64 interpreter: exact, slow, tiny models only)", "webgpu")
    .option("--net <name>", "network in the file (default: the file's main network)")
    .option("--input <name=shape>", "override an input's per-sample shape, e.g. image=1,8,8 (repeatable)", usage(parseInputOverride), new Map<string, number[]>())
    .option("--param <name=value>", "set a network parameter, e.g. classes=3 (repeatable)", usage(parseParamOverride), new Map<string, number | boolean | string>())
    .option("--allow-import <dir>", ALLOW_IMPORT, usage(parseAllowImport), [] as string[])
    .action(async (file: string, o: TrainCliOptions) => {
      const { runTrain } = await import("./train_run.js");
      process.exitCode = await runTrain(file, o);
    });
}
