// A data set on disk: one folder holding one .npy file per network input and
// per label of the training section, each named after it (image.npy,
// label.npy), the sample count N first:
//
// - float inputs: float32, float64 or uint8 (uint8 is scaled to [0, 1] by
//   1/255, the usual image convention), shape [N, ...input shape];
// - integer labels (cross_entropy): uint8, int32 or int64, shape
//   [N, ...label shape] (a class index per sample: [N]); every value must
//   be a class index 0 ≤ v < K where K is the class axis of the output the
//   loss reads;
// - float labels (mse, bce, smooth_l1 targets): float32 or float64;
// - integer inputs: uint8, int32 or int64.
//
// Every file must exist, N must agree across files and the per-sample shape
// must equal the graph's; every problem is a DataError naming the file and
// what was expected. Other files in the folder are ignored. Values are held
// as float64 (the reference executor's precision), row-major per sample.
// Each file is read by readNpy: regular files only, up to MAX_NPY_BYTES.

import { statSync } from "node:fs";
import { join } from "node:path";
import { fsReason } from "../../core/io/fs_reason.js";
import { elementCount, formatShape, type DType, type Graph } from "../../core/ir/graph.js";
import { cut } from "../../core/diagnostics/printable.js";
import type { Tensor } from "../../core/tensor/tensor.js";
import { DataError, readNpy, type NpyDType } from "./npy.js";

/** What the data folder must hold for one input or label. */
export interface FieldSpec {
  readonly name: string;
  readonly role: "input" | "label";
  readonly dtype: DType;
  /** Per-sample shape. */
  readonly shape: readonly number[];
  /** For a cross_entropy label: the number of classes. */
  readonly classes?: number;
  /** The loss reading the label, for messages: "cross_entropy on 'logits'". */
  readonly usedBy?: string;
}

export interface Field extends FieldSpec {
  /** The file it was read from. */
  readonly file: string;
  /** N · prod(shape) values, sample after sample. */
  readonly data: Float64Array;
}

export interface Dataset {
  readonly dir: string;
  /** N, the sample count. */
  readonly size: number;
  /** Inputs first (in graph order), then labels (in the order the losses name them). */
  readonly fields: readonly Field[];
}

/** A shape as numpy prints it; a file's shape can be long, so it is cut. */
const pyShape = (shape: readonly number[]) => cut(shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`, 80);

/** The inputs and labels a data folder for this network needs (labels from its training section). */
export function datasetSpec(graph: Graph): FieldSpec[] {
  const out: FieldSpec[] = graph.inputs.map((id) => {
    const n = graph.nodes[id]!;
    return { name: n.name, role: "input", dtype: n.dtype, shape: n.shape };
  });
  for (const loss of graph.train?.losses ?? []) {
    if (out.some((f) => f.role === "label" && f.name === loss.label)) continue;
    let classes: number | undefined;
    // Class-index labels (cross_entropy's) range over the output's classes, its first axis.
    if (loss.labelDType === "i32") {
      const o = graph.outputs.find((x) => x.name === loss.output);
      classes = o ? graph.nodes[o.node]!.shape[0] : undefined;
    }
    out.push({ name: loss.label, role: "label", dtype: loss.labelDType, shape: loss.labelShape, classes, usedBy: `${loss.kind} on '${loss.output}'` });
  }
  return out;
}

/** Why `path` cannot be stat'ed, in the user's terms; undefined when it can. */
function statProblem(path: string): { missing: boolean; message: string } | undefined {
  try {
    statSync(path);
    return undefined;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return { missing: true, message: "no such file or folder" };
    if (code === "ELOOP") return { missing: false, message: "a loop of symbolic links" };
    if (code === "EACCES" || code === "EPERM") return { missing: false, message: "permission denied" };
    return { missing: false, message: fsReason(e) };
  }
}

/** A Float64Array of n values, or a DataError saying the data set does not fit in memory. */
function float64s(n: number, file: string): Float64Array {
  try {
    return new Float64Array(n);
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    throw new DataError(`${file}: ${n} values do not fit in memory as float64 (${((8 * n) / 1024 ** 3).toFixed(1)} GiB): use a smaller data set`, { cause: e });
  }
}

function accepted(spec: FieldSpec): readonly NpyDType[] {
  if (spec.dtype === "i32") return ["int32", "int64", "uint8"];
  return spec.role === "input" ? ["float32", "float64", "uint8"] : ["float32", "float64"];
}

/** Loads and checks a data folder against a network (its inputs and its training section's labels). */
export function loadDataset(dir: string, graph: Graph): Dataset {
  const dirProblem = statProblem(dir);
  if (dirProblem) throw new DataError(dirProblem.missing ? `${dir}: no such data folder` : `${dir}: cannot read the data folder: ${dirProblem.message}`);
  if (!statSync(dir).isDirectory()) throw new DataError(`${dir}: not a folder (expected a folder of .npy files)`);
  const specs = datasetSpec(graph);
  const names = specs.map((s) => `${s.name}.npy`).join(", ");
  for (const s of specs) {
    const file = join(dir, `${s.name}.npy`);
    // Missing files are reported before any file is read; other problems (a FIFO, a loop) when it is.
    if (statProblem(file)?.missing) throw new DataError(`${file}: missing; the data folder needs one .npy file per ${s.role === "input" ? "network input" : "label"} (${s.role} '${s.name}'), here: ${names}`);
  }

  const fields: Field[] = [];
  let size = -1;
  let sizeFile = "";
  for (const s of specs) {
    const file = join(dir, `${s.name}.npy`);
    const a = readNpy(file);
    const what = `${s.role} '${s.name}'${s.usedBy ? ` (${s.usedBy})` : ""}`;
    const want = s.shape.length === 0 ? "(N,)" : `(N, ${s.shape.join(", ")})`;
    if (a.shape.length !== s.shape.length + 1 || a.shape.slice(1).some((d, k) => d !== s.shape[k])) {
      throw new DataError(`${file}: expected shape ${want} for ${what}, N samples of ${formatShape(s.shape)}, but the file has shape ${pyShape(a.shape)}`);
    }
    const n = a.shape[0]!;
    if (n === 0) throw new DataError(`${file}: holds no samples (shape ${pyShape(a.shape)})`);
    if (size < 0) {
      size = n;
      sizeFile = file;
    } else if (n !== size) {
      throw new DataError(`${file}: holds ${n} samples, but ${sizeFile} holds ${size}; every file of a data folder needs the same N`);
    }
    const ok = accepted(s);
    if (!ok.includes(a.dtype)) {
      throw new DataError(`${file}: ${s.dtype === "i32" ? "integer" : "float"} ${what} needs dtype ${ok.join(", ")}, but the file holds ${a.dtype}`);
    }
    const data = float64s(a.data.length, file);
    const scale = a.dtype === "uint8" && s.dtype === "f32" ? 1 / 255 : 1;
    for (let k = 0; k < data.length; k++) {
      const v = a.data[k]! * scale;
      if (!Number.isFinite(v)) throw new DataError(`${file}: value ${v} at flat index ${k} (sample ${Math.floor(k / Math.max(1, elementCount(s.shape)))}) is not finite`);
      data[k] = v;
    }
    if (s.classes !== undefined) {
      const per = elementCount(s.shape);
      for (let k = 0; k < data.length; k++) {
        const v = data[k]!;
        if (v < 0 || v >= s.classes) {
          throw new DataError(`${file}: label ${v} at sample ${Math.floor(k / per)} is not a class index in 0..${s.classes - 1} (${s.usedBy} has ${s.classes} classes)`);
        }
      }
    }
    fields.push({ ...s, file, data });
  }
  return { dir, size, fields };
}

/** Batched feeds for the executor: every field's samples at `indices`, in that order, as [b, ...shape]. */
export function gatherBatch(ds: Dataset, indices: readonly number[]): Map<string, Tensor> {
  const feeds = new Map<string, Tensor>();
  for (const f of ds.fields) {
    const per = elementCount(f.shape);
    const data = new Float64Array(indices.length * per);
    indices.forEach((idx, b) => {
      if (!(idx >= 0 && idx < ds.size)) throw new Error(`internal: sample index ${idx} outside 0..${ds.size - 1}`);
      data.set(f.data.subarray(idx * per, (idx + 1) * per), b * per);
    });
    feeds.set(f.name, { shape: [indices.length, ...f.shape], data });
  }
  return feeds;
}
