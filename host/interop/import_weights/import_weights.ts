// `dlc import-weights`' work without the printing: read the source (a
// safetensors file, a PyTorch .pt/.pth, an ONNX model), match its tensors to
// the network's parameters (./match.ts), and write a dlc checkpoint, the
// file `dlc train` writes and `dlc eval --weights` reads, with saveCheckpoint,
// which checks the values and writes atomically (a temporary file renamed
// into place). Every check runs before the write: on any problem an
// ImportError or CheckpointError says what and where, and nothing is
// written.

import { basename } from "node:path";
import { elementCount, type Graph } from "../../../core/ir/graph.js";
import { quoted } from "../../../core/diagnostics/printable.js";
import { saveCheckpoint } from "../../../runtime/checkpoint/checkpoint.js";
import { MAX_HEADER_BYTES } from "../../../runtime/checkpoint/safetensors.js";
import { readNameMap } from "./map_file.js";
import { matchTensors, type Matching } from "./match.js";
import { readOnnxSource } from "./onnx_source.js";
import { readSafetensorsSource } from "./safetensors_source.js";
import { ImportError, sourceFormat, type WeightSource } from "./source.js";
import { readTorchSource } from "./torch_source.js";

export interface ImportOptions {
  /** The source file: .safetensors, .pt/.pth or .onnx. */
  readonly from: string;
  /** The checkpoint to write. */
  readonly out: string;
  /** A --map file. */
  readonly map?: string;
}

export interface ImportResult {
  readonly source: WeightSource;
  readonly matching: Matching;
}

/** The most bytes one typed array holds in Node 20: no file read whole can be larger. */
const MAX_READ_BYTES = 2 ** 32;

/**
 * The largest source file worth reading for `graph`: every parameter in
 * float64 with room for optimizer state (a dlc checkpoint holds up to three
 * fields per parameter) and a counter each, plus the largest safetensors
 * header. A larger file cannot fit the network and is refused unread.
 */
export function maxSourceBytes(graph: Pick<Graph, "params">): number {
  let values = 0;
  for (const p of graph.params.values()) values += elementCount(p.shape) + 1;
  return Math.min(MAX_READ_BYTES, 8 + MAX_HEADER_BYTES + 4 * 8 * values);
}

function readSource(graph: Graph, path: string): WeightSource {
  const max = maxSourceBytes(graph);
  const what = `weights for network '${graph.name}'`;
  switch (sourceFormat(path)) {
    case "safetensors":
      return readSafetensorsSource(path, max, what);
    case "pytorch":
      return readTorchSource(path, max, what);
    case "onnx":
      return readOnnxSource(path, max, what);
  }
}

/** Reads, matches and writes; throws ImportError or CheckpointError (nothing written) on any problem. */
export function importWeights(graph: Graph, o: ImportOptions): ImportResult {
  const map = o.map === undefined ? new Map<string, string | null>() : readNameMap(o.map);
  const source = readSource(graph, o.from);
  if (source.savedFor !== undefined && source.savedFor !== graph.name) {
    throw new ImportError(
      `${o.from}: a dlc checkpoint of network '${quoted(source.savedFor)}', not of '${graph.name}' (nothing written); ` +
        `expected weights for '${graph.name}' (--net picks another network of the .net file)`,
    );
  }
  const matching = matchTensors(graph, source, map);
  const params = new Map<string, Float32Array | Float64Array>();
  for (const { source: t, param } of matching.pairs) {
    // misfit() admits only F32 and F64 tensors; saveCheckpoint writes F32 and refuses values float32 cannot hold.
    if (t.data instanceof BigInt64Array) throw new Error(`internal: integer tensor '${t.name}' matched`);
    params.set(param.name, t.data);
  }
  saveCheckpoint(o.out, graph, params, {
    epoch: 0,
    step: 0,
    seed: 0,
    metadata: { "import.source": basename(o.from), "import.format": source.format },
  });
  return { source, matching };
}
