// Training checkpoints: one safetensors file (./safetensors.ts) holding a
// network's parameters, the optimizer's state and the training counters,
// written atomically and checked against the network before anything is
// loaded.
//
// Layout of the file:
//   NAME                    every parameter of the graph (weights, biases and
//                           buffers such as "bn1.running_mean"), under its
//                           PyTorch name and shape, F32 (or F64 with
//                           paramDtype "F64", for the float64 reference
//                           executor to resume bit for bit)
//   optimizer/NAME/FIELD    the optimizer's state as Optimizer.state() gives
//                           it, F64: momentum_buffer, exp_avg and exp_avg_sq
//                           with the parameter's shape, step as a scalar
//   __metadata__            strings: "format": "pt" (what PyTorch tooling
//                           looks for), "dlc.checkpoint": "1" (this layout's
//                           version), "dlc.graph", "dlc.param_dtype",
//                           "dlc.epoch", "dlc.step", "dlc.seed" (decimal
//                           integers), "dlc.optimizer" (the optimizer kind,
//                           when given), and any caller metadata
//
// `safetensors.torch.load_file(path)` in Python reads the file; a strict
// `model.load_state_dict` wants the "optimizer/" entries filtered out first.
//
// Writing is atomic: the bytes go to "PATH.tmp-PID-RANDOM" in the same
// folder, the file is fsynced and renamed over PATH, and the folder is
// fsynced (best effort). A process killed at any moment leaves either the old
// checkpoint or the new one at PATH, never a mixture; a failed write removes
// its temporary file. (A killed process cannot remove its own; such a file is
// never read, and its name says which process left it.)
//
// Loading validates the whole file against the graph before returning
// anything: a regular file of a size this network's checkpoint can have,
// every parameter present with the expected dtype and exactly its shape, no
// names the graph does not have, optimizer entries that name a
// trainable-kind parameter with a known field, dtype F64 and the right shape,
// well-formed counters, and values that can be used (./values.ts: finite,
// BN running variances and exp_avg_sq ≥ 0; saving refuses the same). Every
// problem found is listed in one CheckpointError. PyTorch's
// "BN.num_batches_tracked" counters are accepted and ignored, with one note;
// a file whose "dlc.graph" names another network loads with a warning.
// docs/checkpoints.md describes the layout for users.

import { elementCount, type Graph, type ParamInfo, type Shape } from "../../core/ir/graph.js";
import { quoted } from "../../core/diagnostics/printable.js";
import { FileReadError, readRegularFile } from "../../core/io/read_regular_file.js";
import { FileWriteError, writeFileAtomic, type AtomicWriteOptions } from "../../core/io/write_file_atomic.js";
import { CheckpointError, decodeSafetensors, encodeSafetensors, MAX_HEADER_BYTES, q, type SafeTensor } from "./safetensors.js";
import { isRunningVariance, optimizerFieldRule, valueProblem } from "./values.js";
import { checkpointFields, STEP_COUNT_FIELD, stateFields } from "../../core/optim/state_layout.js";

export { CheckpointError } from "./safetensors.js";

export type ParamDType = "F32" | "F64";

/** What a checkpoint is checked against: the network's name and parameters (a Graph, or a compiled module's manifest). */
export type CheckpointGraph = Pick<Graph, "name" | "params">;

/** The training state saved next to the parameters. */
export interface TrainingState {
  /** Epochs completed. */
  readonly epoch: number;
  /** Optimizer steps taken. */
  readonly step: number;
  /** The run's seed (data order, dropout, initialisation). */
  readonly seed: number;
  /** Optimizer.state(): "PARAM/momentum_buffer", "PARAM/exp_avg", "PARAM/exp_avg_sq", "PARAM/step". */
  readonly optimizer?: ReadonlyMap<string, Float64Array>;
  /** "sgd", "adam", "adamw": recorded, and checked against the state's fields. */
  readonly optimizerKind?: string;
  /** More strings for __metadata__; keys "format" and "dlc.*" are reserved. */
  readonly metadata?: Readonly<Record<string, string>>;
}

export interface SaveOptions extends AtomicWriteOptions {
  /** Precision of the parameters in the file (default "F32", as PyTorch models are). */
  readonly paramDtype?: ParamDType;
}

export interface LoadOptions {
  /** The dtype every parameter must have (default "F32"). */
  readonly paramDtype?: ParamDType;
  /**
   * Receives each notice line ("warning: …", "note: …") as the file loads;
   * by default they go to stderr. They are in LoadedCheckpoint.notices too.
   */
  readonly onNotice?: (line: string) => void;
}

export interface LoadedCheckpoint {
  /** Every parameter of the graph, in the graph's order: Float32Array for F32, Float64Array for F64. */
  readonly params: Map<string, Float32Array | Float64Array>;
  /** Keyed as Optimizer.loadState() takes it ("PARAM/FIELD"); empty when the file has none. */
  readonly optimizer: Map<string, Float64Array>;
  readonly optimizerKind?: string;
  /** Present when the file records them (dlc always does; a file from elsewhere may not). */
  readonly counters?: { readonly epoch: number; readonly step: number; readonly seed: number };
  /** The whole __metadata__. */
  readonly metadata: Record<string, string>;
  /** What the caller should tell the user, one line each: "warning: …" or "note: …". */
  readonly notices: readonly string[];
}

const OPTIMIZER_PREFIX = "optimizer/";
const FORMAT_VERSION = "1";
// The state fields each optimizer kind may store, from its state layout (core/optim/state_layout.ts).
const OPTIMIZER_KINDS = ["sgd", "adam", "adamw"] as const;
const FIELDS_OF_KIND: Readonly<Record<string, readonly string[]>> = Object.fromEntries(OPTIMIZER_KINDS.map((kind) => [kind, checkpointFields(kind)]));
const BUFFER_FIELDS = new Set<string>(OPTIMIZER_KINDS.flatMap((kind) => stateFields(kind)));
const ADAM_FIELDS = FIELDS_OF_KIND.adam!;
const MAX_LISTED = 20;
const NUM_BATCHES_TRACKED = "num_batches_tracked";

/** The most bytes one typed array holds in Node 20 (2³² elements): no file read whole can be larger. */
const MAX_READ_BYTES = 2 ** 32;

const fmt = (shape: readonly number[]) => `[${shape.join(", ")}]`;
const sameShape = (a: readonly number[], b: Shape) => a.length === b.length && a.every((d, i) => d === b[i]);

// ---------------------------------------------------------------- checks shared by save and load

interface OptimizerEntry {
  readonly param: ParamInfo;
  readonly field: string;
}

/** Splits "PARAM/FIELD" and checks it against the graph; returns a problem or the entry. */
function optimizerEntry(graph: CheckpointGraph, key: string): OptimizerEntry | string {
  const cut = key.lastIndexOf("/");
  const name = key.slice(0, cut);
  const field = key.slice(cut + 1);
  if (cut < 0 || (!BUFFER_FIELDS.has(field) && field !== STEP_COUNT_FIELD)) return `optimizer entry ${q(key)}: unknown field (expected PARAM/momentum_buffer, /exp_avg, /exp_avg_sq or /step)`;
  const param = graph.params.get(name);
  if (!param) return `optimizer entry ${q(key)}: the network has no parameter ${q(name)}`;
  if (param.kind === "buffer") return `optimizer entry ${q(key)}: ${q(name)} is a buffer, which no optimizer updates`;
  return { param, field };
}

/** Cross-entry rules: no sgd and adam fields mixed, adam fields come in threes, fields fit the recorded kind. */
function optimizerConsistency(entries: readonly OptimizerEntry[], kind: string | undefined): string[] {
  const problems: string[] = [];
  const fields = new Map<string, Set<string>>();
  for (const e of entries) {
    let s = fields.get(e.param.name);
    if (!s) fields.set(e.param.name, (s = new Set()));
    s.add(e.field);
  }
  const all = new Set(entries.map((e) => e.field));
  if (all.has("momentum_buffer") && ADAM_FIELDS.some((f) => all.has(f))) problems.push("optimizer state mixes sgd (momentum_buffer) and adam (exp_avg, exp_avg_sq, step) entries");
  for (const [name, s] of fields) {
    if (ADAM_FIELDS.some((f) => s.has(f)) && !ADAM_FIELDS.every((f) => s.has(f))) {
      problems.push(`optimizer state of '${name}' has ${[...s].sort().join(", ")}; exp_avg, exp_avg_sq and step go together`);
    }
  }
  if (kind !== undefined) {
    const allowed = FIELDS_OF_KIND[kind];
    if (!allowed) problems.push(`unknown optimizer kind ${q(kind)} (expected sgd, adam or adamw)`);
    else for (const f of all) if (!allowed.includes(f)) problems.push(`optimizer ${kind} has no '${f}' state`);
  }
  return problems;
}

function listed(what: string, names: readonly string[]): string {
  const shown = names.slice(0, MAX_LISTED).map(q).join(", ");
  return `${what}: ${shown}${names.length > MAX_LISTED ? ` and ${names.length - MAX_LISTED} more` : ""}`;
}

function problemsError(file: string, graph: CheckpointGraph, problems: readonly string[]): CheckpointError {
  const shown = problems.slice(0, MAX_LISTED);
  const more = problems.length > MAX_LISTED ? `\n  … and ${problems.length - MAX_LISTED} more problems` : "";
  return new CheckpointError(`${file}: checkpoint does not fit network '${graph.name}' (nothing loaded):\n${shown.map((p) => `  - ${p}`).join("\n")}${more}`);
}

function checkCounter(name: string, v: number, allowNegative: boolean): void {
  if (!Number.isSafeInteger(v) || (!allowNegative && v < 0)) {
    throw new CheckpointError(`cannot save checkpoint: ${name} must be a ${allowNegative ? "" : "non-negative "}whole number, got ${v}`);
  }
}

/**
 * Saves `params` (every parameter of `graph`, nothing else) and the
 * training state to `path` atomically. Everything is checked first, so a
 * checkpoint that would not load is never written.
 */
export function saveCheckpoint(
  path: string,
  graph: CheckpointGraph,
  params: ReadonlyMap<string, Float32Array | Float64Array>,
  state: TrainingState,
  opts: SaveOptions = {},
): void {
  const dtype = opts.paramDtype ?? "F32";
  const problems: string[] = [];
  const tensors = new Map<string, SafeTensor>();
  const missing: string[] = [];
  for (const [name, info] of graph.params) {
    const v = params.get(name);
    if (!v) {
      missing.push(name);
      continue;
    }
    if (v.length !== elementCount(info.shape)) {
      problems.push(`parameter '${name}' has ${v.length} values, shape ${fmt(info.shape)} needs ${elementCount(info.shape)}`);
      continue;
    }
    const data = dtype === "F32" ? (v instanceof Float32Array ? v : Float32Array.from(v)) : v instanceof Float64Array ? v : Float64Array.from(v);
    const rule = isRunningVariance(name, info.kind) ? "variance" : "finite";
    // A float64 value past float32's range becomes Infinity in the file: say so rather than "not finite".
    const bad = valueProblem(`parameter ${q(name)}`, v, rule) ?? (data === v ? undefined : valueProblem(`parameter ${q(name)} as ${dtype}`, data, rule));
    if (bad) problems.push(bad);
    tensors.set(name, { dtype, shape: [...info.shape], data });
  }
  if (missing.length > 0) problems.push(listed("missing parameters", missing));
  const unknown = [...params.keys()].filter((n) => !graph.params.has(n));
  if (unknown.length > 0) problems.push(listed("parameters the network does not have", unknown));

  const entries: OptimizerEntry[] = [];
  for (const [key, value] of state.optimizer ?? []) {
    const e = optimizerEntry(graph, key);
    if (typeof e === "string") {
      problems.push(e);
      continue;
    }
    const want = e.field === "step" ? 1 : elementCount(e.param.shape);
    if (value.length !== want) {
      problems.push(`optimizer entry ${q(key)} has ${value.length} values, expected ${want}`);
      continue;
    }
    const bad = valueProblem(`optimizer entry ${q(key)}`, value, optimizerFieldRule(e.field));
    if (bad) problems.push(bad);
    entries.push(e);
    tensors.set(OPTIMIZER_PREFIX + key, { dtype: "F64", shape: e.field === "step" ? [] : [...e.param.shape], data: value });
  }
  for (const p of optimizerConsistency(entries, state.optimizerKind)) problems.push(p);
  if (problems.length > 0) {
    const shown = problems.slice(0, MAX_LISTED);
    const more = problems.length > MAX_LISTED ? `\n  … and ${problems.length - MAX_LISTED} more problems` : "";
    throw new CheckpointError(`cannot save checkpoint ${path} for network '${graph.name}' (nothing written):\n${shown.map((p) => `  - ${p}`).join("\n")}${more}`);
  }

  checkCounter("epoch", state.epoch, false);
  checkCounter("step", state.step, false);
  checkCounter("seed", state.seed, true);
  const metadata: Record<string, string> = {};
  for (const [k, v] of Object.entries(state.metadata ?? {})) {
    if (k === "format" || k.startsWith("dlc.")) throw new CheckpointError(`cannot save checkpoint: metadata key ${q(k)} is reserved`);
    metadata[k] = v;
  }
  Object.assign(metadata, {
    format: "pt",
    "dlc.checkpoint": FORMAT_VERSION,
    "dlc.graph": graph.name,
    "dlc.param_dtype": dtype,
    "dlc.epoch": String(state.epoch),
    "dlc.step": String(state.step),
    "dlc.seed": String(state.seed),
  });
  if (state.optimizerKind !== undefined) metadata["dlc.optimizer"] = state.optimizerKind;

  try {
    writeFileAtomic(path, encodeSafetensors(tensors, metadata), opts);
  } catch (e) {
    if (e instanceof FileWriteError) throw new CheckpointError(`${path}: cannot write checkpoint (${e.reason})`, { cause: e });
    throw e;
  }
}

// ---------------------------------------------------------------- reading

function parseCounters(meta: Record<string, string>, problems: string[]): LoadedCheckpoint["counters"] {
  const keys = ["dlc.epoch", "dlc.step", "dlc.seed"] as const;
  if (!keys.some((k) => Object.prototype.hasOwnProperty.call(meta, k))) return undefined;
  const values: number[] = [];
  for (const k of keys) {
    const s = Object.prototype.hasOwnProperty.call(meta, k) ? meta[k] : undefined;
    const n = s !== undefined && /^-?\d+$/.test(s) ? Number(s) : NaN;
    if (s === undefined) problems.push(`metadata '${k}' is missing (the other counters are present)`);
    else if (!Number.isSafeInteger(n) || (k !== "dlc.seed" && n < 0)) problems.push(`metadata '${k}' = "${quoted(s, 40)}" is not a ${k === "dlc.seed" ? "" : "non-negative "}whole number`);
    values.push(n);
  }
  const [epoch, step, seed] = values as [number, number, number];
  return { epoch, step, seed };
}

/**
 * The largest file that can be a checkpoint of `graph`: every parameter
 * and its three optimizer fields in float64, a num_batches_tracked per
 * parameter, and the largest header the format allows; at most what one
 * typed array holds. A bigger file is refused before it is read.
 */
function maxCheckpointBytes(graph: CheckpointGraph): number {
  let values = 0;
  for (const p of graph.params.values()) values += elementCount(p.shape) + 1;
  return Math.min(MAX_READ_BYTES, 8 + MAX_HEADER_BYTES + 4 * 8 * values);
}

/** The file's bytes: a regular file (not a FIFO, a device, a folder) of a size a checkpoint of `graph` can have. */
function readCheckpointFile(path: string, graph: CheckpointGraph): Uint8Array {
  const max = maxCheckpointBytes(graph);
  try {
    return readRegularFile(path, max, `a checkpoint of network '${graph.name}'`);
  } catch (e) {
    if (!(e instanceof FileReadError)) throw e;
    const why =
      e.problem !== "too-large"
        ? ""
        : max === MAX_READ_BYTES
          ? " (the most one typed array holds)"
          : " (its parameters and optimizer state in float64 and the largest header: a larger file is not a checkpoint of this network)";
    throw new CheckpointError(e.message + why, { cause: e });
  }
}

/** PyTorch's BN step counter "PREFIX.num_batches_tracked", where the graph has "PREFIX.running_var": a scalar dlc does not use. */
function isNumBatchesTracked(graph: CheckpointGraph, name: string, t: SafeTensor): boolean {
  if (!(name === NUM_BATCHES_TRACKED || name.endsWith(`.${NUM_BATCHES_TRACKED}`))) return false;
  const prefix = name.slice(0, name.length - NUM_BATCHES_TRACKED.length);
  return graph.params.has(`${prefix}running_var`) && t.data.length <= 1;
}

const defaultNotice = (line: string): void => void process.stderr.write(`${line}\n`);

/**
 * Reads the checkpoint at `path` and checks it against `graph`. Throws a
 * CheckpointError naming the file, listing every problem, when the file is
 * not a valid safetensors file or does not fit the graph; nothing is
 * returned (or changed) in that case. Notices (a file saved for another
 * network, PyTorch counters ignored) go to opts.onNotice, stderr by default.
 */
export function loadCheckpoint(path: string, graph: CheckpointGraph, opts: LoadOptions = {}): LoadedCheckpoint {
  const dtype = opts.paramDtype ?? "F32";
  const { tensors, metadata } = decodeSafetensors(readCheckpointFile(path, graph), path);
  const problems: string[] = [];
  const notices: string[] = [];

  const version = metadata["dlc.checkpoint"];
  if (version !== undefined && version !== FORMAT_VERSION) problems.push(`checkpoint layout version "${quoted(version, 40)}" is not supported (expected ${FORMAT_VERSION})`);

  const params = new Map<string, Float32Array | Float64Array>();
  const missing: string[] = [];
  for (const [name, info] of graph.params) {
    const t = tensors.get(name);
    if (!t) {
      missing.push(name);
      continue;
    }
    if (t.dtype !== dtype || !sameShape(t.shape, info.shape)) {
      problems.push(`parameter ${q(name)}: expected ${dtype} ${fmt(info.shape)}, found ${t.dtype} ${fmt(t.shape)}`);
      continue;
    }
    if (!(t.data instanceof Float32Array || t.data instanceof Float64Array)) continue; // F32 and F64 decode to these
    const bad = valueProblem(`parameter ${q(name)}`, t.data, isRunningVariance(name, info.kind) ? "variance" : "finite");
    if (bad) problems.push(bad);
    else params.set(name, t.data);
  }
  if (missing.length > 0) problems.push(listed("missing parameters", missing));

  const optimizer = new Map<string, Float64Array>();
  const entries: OptimizerEntry[] = [];
  const unknown: string[] = [];
  let ignored = 0;
  for (const [name, t] of tensors) {
    if (!name.startsWith(OPTIMIZER_PREFIX)) {
      if (graph.params.has(name)) continue;
      if (isNumBatchesTracked(graph, name, t)) ignored++;
      else unknown.push(name);
      continue;
    }
    const key = name.slice(OPTIMIZER_PREFIX.length);
    const e = optimizerEntry(graph, key);
    if (typeof e === "string") {
      problems.push(e);
      continue;
    }
    const shape = e.field === "step" ? [] : e.param.shape;
    if (t.dtype !== "F64" || !sameShape(t.shape, shape)) {
      problems.push(`optimizer entry ${q(key)}: expected F64 ${fmt(shape)}, found ${t.dtype} ${fmt(t.shape)}`);
      continue;
    }
    if (!(t.data instanceof Float64Array)) continue; // F64 always decodes to a Float64Array
    if (e.field === "step" && !(Number.isSafeInteger(t.data[0]) && t.data[0]! >= 1)) {
      problems.push(`optimizer entry ${q(key)}: step must be a whole number ≥ 1, found ${t.data[0]}`);
      continue;
    }
    const bad = valueProblem(`optimizer entry ${q(key)}`, t.data, optimizerFieldRule(e.field));
    if (bad) {
      problems.push(bad);
      continue;
    }
    entries.push(e);
    optimizer.set(key, t.data);
  }
  if (unknown.length > 0) problems.push(listed(`parameters the network does not have`, unknown));
  const optimizerKind = Object.prototype.hasOwnProperty.call(metadata, "dlc.optimizer") ? metadata["dlc.optimizer"] : undefined;
  for (const p of optimizerConsistency(entries, optimizerKind)) problems.push(p);
  const counters = parseCounters(metadata, problems);

  if (problems.length > 0) throw problemsError(path, graph, problems);

  const savedFor = Object.prototype.hasOwnProperty.call(metadata, "dlc.graph") ? metadata["dlc.graph"] : undefined;
  if (savedFor !== undefined && savedFor !== graph.name) {
    notices.push(`warning: ${path}: saved for network ${q(savedFor)}, loaded into network '${graph.name}' (every parameter fits by name and shape)`);
  }
  if (ignored > 0) {
    notices.push(`note: ${path}: ignored ${ignored} PyTorch num_batches_tracked counter${ignored === 1 ? "" : "s"} (dlc's batchnorm updates its running statistics with a fixed momentum and does not use them)`);
  }
  for (const line of notices) (opts.onNotice ?? defaultNotice)(line);
  return { params, optimizer, optimizerKind, counters, metadata, notices };
}
