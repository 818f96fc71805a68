// Reading a safetensors file as an import source (a PyTorch state dict saved
// with safetensors, or a dlc checkpoint).
//
// Order: safetensors' own writer (safetensors.torch.save_file) sorts the
// tensors by dtype and name, which loses the state dict's order. A file
// whose metadata holds "state_dict_order" (a JSON list of every tensor name,
// once each, as `metadata={"state_dict_order": json.dumps(list(sd))}` writes
// it) is read in that order. Otherwise the file's data order is taken as the
// model's, unless it is exactly the sorted order the writer produces: then
// the order is marked unknown, and matching by graph order refuses it rather
// than guess.

import { quoted } from "../../../core/diagnostics/printable.js";
import { FileReadError, readRegularFile } from "../../../core/io/read_regular_file.js";
import { CheckpointError, decodeSafetensors, type SafeTensor } from "../../../runtime/checkpoint/safetensors.js";
import { ImportError, type SourceTensor, type WeightSource } from "./source.js";

export const ORDER_KEY = "state_dict_order";

/** safetensors' data order: I64, then F64, then F32 (larger items first), each by name in UTF-8 byte order. */
const DTYPE_RANK: Readonly<Record<string, number>> = { I64: 0, F64: 1, F32: 2 };
const utf8 = new TextEncoder();

function compareUtf8(a: string, b: string): number {
  return Buffer.compare(utf8.encode(a), utf8.encode(b));
}

function isWriterOrder(names: readonly string[], tensors: ReadonlyMap<string, SafeTensor>): boolean {
  for (let i = 1; i < names.length; i++) {
    const a = tensors.get(names[i - 1]!)!;
    const b = tensors.get(names[i]!)!;
    const c = DTYPE_RANK[a.dtype]! - DTYPE_RANK[b.dtype]! || compareUtf8(names[i - 1]!, names[i]!);
    if (c > 0) return false;
  }
  return true;
}

/** The names in the metadata's order, or an ImportError when the list is not every tensor once. */
function declaredOrder(path: string, text: string, tensors: ReadonlyMap<string, SafeTensor>): string[] {
  const bad = (why: string): never => {
    throw new ImportError(`${path}: metadata '${ORDER_KEY}' ${why} (expected a JSON list of every tensor name in the file, once each)`);
  };
  let list: unknown;
  try {
    list = JSON.parse(text);
  } catch {
    bad("is not valid JSON");
  }
  if (!Array.isArray(list) || !list.every((n): n is string => typeof n === "string")) return bad("is not a list of strings");
  const seen = new Set<string>();
  for (const n of list as string[]) {
    if (!tensors.has(n)) bad(`names '${quoted(n)}', which is not a tensor of the file`);
    if (seen.has(n)) bad(`names '${quoted(n)}' twice`);
    seen.add(n);
  }
  const left = [...tensors.keys()].filter((n) => !seen.has(n));
  if (left.length > 0) bad(`leaves out ${left.length} tensor(s), e.g. '${quoted(left[0]!)}'`);
  return list as string[];
}

/**
 * Reads a safetensors source of at most `maxBytes` bytes; `what` names what
 * it should be in a size message, `shown` the file in every message.
 */
export function readSafetensorsSource(path: string, maxBytes: number, what: string, shown: string = path): WeightSource {
  let bytes: Uint8Array;
  try {
    bytes = readRegularFile(path, maxBytes, what);
  } catch (e) {
    if (e instanceof FileReadError) throw new ImportError(e.message);
    throw e;
  }
  let decoded: ReturnType<typeof decodeSafetensors>;
  try {
    decoded = decodeSafetensors(bytes, shown);
  } catch (e) {
    if (e instanceof CheckpointError) throw new ImportError(e.message);
    throw e;
  }
  const { tensors, metadata } = decoded;
  const has = (k: string) => Object.prototype.hasOwnProperty.call(metadata, k);
  let names = [...tensors.keys()];
  let unorderedBecause: string | undefined;
  if (has(ORDER_KEY)) names = declaredOrder(shown, metadata[ORDER_KEY]!, tensors);
  else if (names.length > 1 && isWriterOrder(names, tensors)) {
    unorderedBecause = `its tensors are sorted by name, as safetensors' writer (save_file) sorts every file, so the model's order is not in it`;
  }
  const list: SourceTensor[] = names.map((name) => ({ name, ...tensors.get(name)! }));
  return {
    path: shown,
    format: "safetensors",
    tensors: list,
    unorderedBecause,
    savedFor: has("dlc.graph") ? metadata["dlc.graph"] : undefined,
    isDlcCheckpoint: has("dlc.checkpoint"),
    notes: [],
  };
}
