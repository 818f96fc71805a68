// `dlc import-weights FILE --from SRC -o CKPT`: the command's options and
// help. The work is in host/interop/import_weights/, loaded with
// `await import()` only when the command runs. docs/interop.md walks
// through it with torchvision's resnet18.

import type { Command } from "commander";
import { parseAllowImport, parseParamOverride, usage } from "./options.js";
import type { ImportCliOptions } from "../interop/import_weights/command.js";

type Params = Map<string, number | boolean | string>;
/** What commander hands the action: the repeatable options start empty (no default, so none is printed in the help). */
type Given = Omit<ImportCliOptions, "param" | "allowImport"> & { param?: Params; allowImport?: string[] };

const ALLOW_IMPORT = "a folder that imports may read besides the main file's own (repeatable); std/ imports always stay in the standard library";

/** Adds `dlc import-weights` to the program. */
export function registerImportWeightsCommand(program: Command): void {
  program
    .command("import-weights")
    .description(
      "write a dlc checkpoint from another framework's weights: a PyTorch state dict (.safetensors, or .pt/.pth through python3 with torch) or an ONNX model's initializers. " +
        "Tensors named as dlc names its parameters match by name; others (torchvision's layer1.0.conv1.weight) match by graph order and shape. " +
        "Prints the mapping; on any missing, extra or misshapen tensor it writes nothing and exits 1",
    )
    .argument("<file>", ".net file")
    .requiredOption("--from <src>", "the weights: SRC.safetensors, SRC.pt / SRC.pth (a state dict saved with torch.save) or SRC.onnx")
    .requiredOption("-o, --out <ckpt>", "the checkpoint to write (.safetensors), replaced atomically")
    .option("--map <file>", "names that override matching: lines 'SOURCE_NAME DLC_NAME' ('-' skips the tensor), or a JSON object {\"SOURCE_NAME\": \"DLC_NAME\"}")
    .option("--net <name>", "network in the file (default: the file's main network)")
    .option("--param <name=value>", "set a network parameter, e.g. classes=10 (repeatable)", usage((v: string, prev?: Params) => parseParamOverride(v, prev ?? new Map())))
    .option("--allow-import <dir>", ALLOW_IMPORT, usage((v: string, prev?: string[]) => parseAllowImport(v, prev ?? [])))
    .action(async (file: string, o: Given) => {
      const { runImportWeights } = await import("../interop/import_weights/command.js");
      process.exitCode = runImportWeights(file, { ...o, param: o.param ?? new Map(), allowImport: o.allowImport ?? [] });
    });
}
