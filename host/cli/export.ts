// `dlc export FILE --to FORMAT -o OUT`: a dlc network handed to another
// engine. The command's options and help, and one switch on --to that
// loads the chosen format's writer (host/export/<format>/) only when it
// runs, so that registering the command loads no writer:
//
//   --to pytorch   -o DIR: DIR/NAME.py, a self-contained torch.nn.Module
//                  with dlc's parameter names and the training section as
//                  make_optimizer / loss_fn; DIR/NAME.safetensors with
//                  --weights (host/export/pytorch/)
//   --to onnx      -o NAME.onnx: the inference graph as an ONNX model
//                  (opset 17) with the weights embedded; --batch N fixes
//                  the batch axis, dynamic (the default) leaves it symbolic
//                  (host/export/onnx/)
//
// An unknown --to is refused with the formats there are, exit 1, as is any
// error in the network, the checkpoint or the output path: nothing is
// written then. Exit 0 on success, 2 on usage errors (commander's).

import type { Command } from "commander";
import { parseAllowImport, parseInputOverride, parseParamOverride, usage } from "./options.js";
import { fail } from "./output.js";

const ALLOW_IMPORT = "a folder that imports may read besides the main file's own (repeatable); std/ imports always stay in the standard library";

/**
 * A repeatable option's parser that starts from an empty collection itself,
 * so that the help prints no "(default: {})".
 */
function repeatable<T>(parse: (v: string, prev: T) => T, empty: () => T): (v: string, prev: T | undefined) => T {
  return usage((v: string, prev: T | undefined) => parse(v, prev ?? empty()));
}

/** The formats --to accepts, in the order the help lists them. */
export const EXPORT_FORMATS = ["pytorch", "onnx"] as const;

export interface ExportCliOptions {
  to: string;
  out: string;
  net?: string;
  weights?: string;
  /** onnx: the batch size fixed in the model, or "dynamic" (checked by the onnx writer). */
  batch?: string;
  input: Map<string, number[]>;
  param: Map<string, number | boolean | string>;
  allowImport: string[];
}

/** The command line as the user gave it, for the exported file's header. */
function commandLine(file: string, o: ExportCliOptions): string {
  const parts = ["dlc export", file, "--to", o.to, "-o", o.out];
  if (o.net !== undefined) parts.push("--net", o.net);
  for (const [k, v] of o.input) parts.push("--input", `${k}=${v.join(",")}`);
  for (const [k, v] of o.param) parts.push("--param", `${k}=${String(v)}`);
  if (o.weights !== undefined) parts.push("--weights", o.weights);
  return parts.join(" ");
}

export async function runExport(file: string, o: ExportCliOptions, version: string): Promise<number> {
  switch (o.to) {
    case "pytorch": {
      // A PyTorch module takes any batch: a fixed one would be silently ignored.
      if (o.batch !== undefined) return fail(`--batch applies to --to onnx; a PyTorch module takes any batch size (drop --batch ${o.batch})`, 1);
      const { exportPytorch } = await import("../export/pytorch/command.js");
      return exportPytorch(file, { ...o, version, command: commandLine(file, o) });
    }
    case "onnx": {
      const { exportOnnx } = await import("../export/onnx/command.js");
      return exportOnnx(file, { ...o, version });
    }
    default:
      return fail(`--to '${o.to}' is not a format dlc exports to; expected one of: ${EXPORT_FORMATS.join(", ")}`, 1);
  }
}

/** Adds `dlc export` to the program. */
export function registerExportCommand(program: Command): void {
  program
    .command("export")
    .description(
      "write a network for another engine: --to pytorch writes OUT/NAME.py (a torch.nn.Module named as dlc names its parameters, " +
        "with make_optimizer and loss_fn from the training section) and, with --weights, OUT/NAME.safetensors; " +
        "--to onnx writes the file OUT, an ONNX model (opset 17) of the inference graph with the weights embedded",
    )
    .argument("<file>", ".net file")
    .requiredOption("--to <format>", `what to write: ${EXPORT_FORMATS.join(", ")}`)
    .requiredOption("-o, --out <path>", "pytorch: the output folder (created if missing); onnx: the .onnx file")
    .option("--weights <ckpt>", "a checkpoint of the network (.safetensors, e.g. dlc train's last.safetensors) to export with it")
    .option("--batch <n|dynamic>", "onnx: the batch size fixed in the model, or dynamic for a symbolic batch axis (default dynamic)")
    .option("--net <name>", "network in the file (default: the file's main network)")
    .option("--input <name=shape>", "override an input's per-sample shape, e.g. image=3,64,64 (repeatable)", repeatable(parseInputOverride, () => new Map<string, number[]>()))
    .option("--param <name=value>", "set a network parameter, e.g. classes=10 (repeatable)", repeatable(parseParamOverride, () => new Map<string, number | boolean | string>()))
    .option("--allow-import <dir>", ALLOW_IMPORT, repeatable(parseAllowImport, (): string[] => []))
    .action(async (file: string, given: Omit<ExportCliOptions, "input" | "param" | "allowImport"> & Partial<Pick<ExportCliOptions, "input" | "param" | "allowImport">>, cmd: Command) => {
      const o: ExportCliOptions = { ...given, input: given.input ?? new Map(), param: given.param ?? new Map(), allowImport: given.allowImport ?? [] };
      process.exitCode = await runExport(file, o, cmd.parent?.version() ?? "");
    });
}
