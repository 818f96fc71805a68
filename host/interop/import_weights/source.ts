// What `dlc import-weights` reads from any source file: its tensors, in the
// order the source lists them, and whether that order can be trusted to be
// the model's (module registration order, which matching by graph order
// needs). Each reader (safetensors, PyTorch, ONNX) produces one of these.

import { extname } from "node:path";

/** A problem with the user's files or options: the CLI prints it and exits 1, having written nothing. */
export class ImportError extends Error {
  override name = "ImportError";
}

export type SourceDType = "F32" | "F64" | "I64";

export interface SourceTensor {
  readonly name: string;
  readonly dtype: SourceDType;
  /** Row-major; [] is a scalar. */
  readonly shape: readonly number[];
  readonly data: Float32Array | Float64Array | BigInt64Array;
}

export type SourceFormat = "safetensors" | "pytorch" | "onnx";

export interface WeightSource {
  /** The path as the user gave it, for messages. */
  readonly path: string;
  readonly format: SourceFormat;
  /** In the source's order. */
  readonly tensors: readonly SourceTensor[];
  /**
   * Why `tensors` are not known to be in the model's order, when they are
   * not (a safetensors file sorted by name, as safetensors' writer sorts
   * every file); undefined when the order is the model's.
   */
  readonly unorderedBecause?: string;
  /** A dlc checkpoint's "dlc.graph": the network the file was saved for. */
  readonly savedFor?: string;
  /** Whether the file is a dlc checkpoint (it has "dlc.checkpoint" metadata): its "optimizer/" entries are skipped. */
  readonly isDlcCheckpoint: boolean;
  /** Lines for the user ("note: …") from reading the file. */
  readonly notes: readonly string[];
}

const FORMATS: Readonly<Record<string, SourceFormat>> = {
  ".safetensors": "safetensors",
  ".pt": "pytorch",
  ".pth": "pytorch",
  ".onnx": "onnx",
};

/** The format a path claims by its extension, or an ImportError naming the ones dlc reads. */
export function sourceFormat(path: string): SourceFormat {
  const ext = extname(path).toLowerCase();
  const format = Object.prototype.hasOwnProperty.call(FORMATS, ext) ? FORMATS[ext] : undefined;
  if (format === undefined) {
    throw new ImportError(`${path}: cannot tell the format from the extension '${ext}' (expected .safetensors, .pt or .pth (a PyTorch state dict), or .onnx)`);
  }
  return format;
}
