// The inputs of `dlc run`: one .npy file per network input, checked against
// the network before anything runs: every input given once and no other,
// each of shape [N, ...the input's shape] with the same N, integer inputs
// fed whole numbers.

import type { Graph } from "../../core/ir/graph.js";
import { formatShape } from "../../core/ir/graph.js";
import { quoted } from "../../core/diagnostics/printable.js";
import { readNpy } from "../data/npy.js";
import { lookupOp } from "../../ops/registry.js";

/** A problem with what `dlc run` was given (exit 1). */
export class RunError extends Error {
  override name = "RunError";
}

/** One input's samples, row-major, [N, ...shape], as float64 (exact for every npy type dlc reads). */
export interface RunInput {
  readonly name: string;
  readonly shape: readonly number[];
  readonly data: Float64Array;
}

export interface RunInputs {
  /** Samples per input. */
  readonly count: number;
  /** In the order of graph.inputs. */
  readonly inputs: readonly RunInput[];
}

const sameShape = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((d, i) => d === b[i]);

/** Every input of `graph` named once in `files` (name → .npy path), and nothing else. */
function checkNames(graph: Graph, files: ReadonlyMap<string, string>): void {
  const wanted = graph.inputs.map((id) => graph.nodes[id]!.name);
  const missing = wanted.filter((n) => !files.has(n));
  const extra = [...files.keys()].filter((n) => !wanted.includes(n));
  const problems: string[] = [];
  if (missing.length) problems.push(`no --input for ${missing.map((n) => `'${n}' ${formatShape([...graph.nodes[graph.inputs[wanted.indexOf(n)]!]!.shape])}`).join(", ")}`);
  if (extra.length) problems.push(`network '${graph.name}' has no input ${extra.map((n) => `'${quoted(n)}'`).join(", ")}`);
  if (problems.length) throw new RunError(`${problems.join("; ")} (its inputs: ${wanted.join(", ")}; give each as --input NAME=FILE.npy)`);
}

/**
 * Ids fed to an op that indexes rows with them (embedding) must be rows it
 * has: PyTorch raises on such an id, and so does dlc, before anything runs.
 */
function checkIndexes(graph: Graph, input: number, path: string, data: Float64Array): void {
  for (const user of graph.nodes) {
    const idx = lookupOp(user.op)?.indexes;
    if (!idx || user.inputs[idx.input] !== input) continue;
    const count = idx.count(user.attrs);
    const bad = data.findIndex((v) => v < 0 || v >= count);
    if (bad >= 0) {
      throw new RunError(`${quoted(path)}: value ${data[bad]} at index ${bad} is not a row of ${user.op} '${user.name}', which has ${count} ${idx.what} (ids 0..${count - 1})`);
    }
  }
}

/** Reads and checks the inputs; throws RunError or the reader's DataError. */
export function readRunInputs(graph: Graph, files: ReadonlyMap<string, string>): RunInputs {
  checkNames(graph, files);
  let count: number | undefined;
  let first = "";
  const inputs = graph.inputs.map((id): RunInput => {
    const node = graph.nodes[id]!;
    const path = files.get(node.name)!;
    const a = readNpy(path);
    const want = [...node.shape];
    if (a.shape.length !== want.length + 1 || !sameShape(a.shape.slice(1), want)) {
      throw new RunError(`${quoted(path)} has shape ${formatShape([...a.shape])}, but input '${node.name}' takes [N, ${want.join(", ")}] (N samples of ${formatShape(want)})`);
    }
    const n = a.shape[0]!;
    if (n === 0) throw new RunError(`${quoted(path)} holds no samples (shape ${formatShape([...a.shape])})`);
    if (count === undefined) {
      count = n;
      first = path;
    } else if (n !== count) {
      throw new RunError(`${quoted(path)} holds ${n} samples but ${quoted(first)} holds ${count}; every input needs the same number`);
    }
    const data = Float64Array.from(a.data);
    if (node.dtype === "i32") {
      const bad = data.findIndex((v) => !Number.isInteger(v) || v < -0x80000000 || v > 0x7fffffff);
      if (bad >= 0) throw new RunError(`${quoted(path)}: input '${node.name}' takes 32-bit integers, but value ${data[bad]} at index ${bad} is not one`);
    }
    checkIndexes(graph, id, path, data);
    return { name: node.name, shape: a.shape, data };
  });
  if (count === undefined) throw new RunError(`network '${graph.name}' has no inputs to feed`);
  return { count, inputs };
}
