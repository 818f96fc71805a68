// Checkpoints made to hurt: values that load but poison a run (NaN weights,
// negative BN variances, non-finite optimizer state), ambiguous headers
// (duplicate JSON keys), names with terminal escapes or of absurd length,
// special files and sizes; and the friendly side: PyTorch's
// num_batches_tracked accepted with one note, a file saved for another
// network loaded with a warning.

import { execFileSync } from "node:child_process";
import { closeSync, ftruncateSync, mkdtempSync, openSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Graph, ParamInfo } from "../../../core/ir/graph.js";
import { checkFile } from "../../../compiler/pipeline.js";
import { CheckpointError, loadCheckpoint, saveCheckpoint, type CheckpointGraph, type LoadedCheckpoint } from "../../../runtime/checkpoint/checkpoint.js";
import { firstDuplicateKey } from "../../../runtime/checkpoint/json_keys.js";
import { decodeSafetensors, encodeSafetensors, type SafeTensor } from "../../../runtime/checkpoint/safetensors.js";

const dir = mkdtempSync(join(tmpdir(), "dlc-checkpoint-hostile-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Any C0 or C1 control character other than newline: what must never reach a terminal raw. */
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

let graph: Graph; // examples/tiny-train: conv1, bn1 (running_mean, running_var), dense1
beforeAll(() => {
  const r = checkFile("examples/tiny-train/net.net", { train: true });
  if (!r.graph) throw new Error(r.diagnostics.map((d) => d.message).join("\n"));
  graph = r.graph;
});

const count = (shape: readonly number[]) => shape.reduce((a, d) => a * d, 1);

/** Valid values for every parameter of `g`: running variances positive. */
function params(g: CheckpointGraph): Map<string, Float32Array> {
  const out = new Map<string, Float32Array>();
  let k = 0;
  for (const [name, p] of g.params) out.set(name, Float32Array.from({ length: count(p.shape) }, () => (name.endsWith("running_var") ? 1.5 : Math.sin(++k))));
  return out;
}

let fileNo = 0;
const fresh = () => join(dir, `c${++fileNo}.safetensors`);

/** A valid checkpoint's tensors and metadata after `edit`, written out. */
function edited(edit: (t: Map<string, SafeTensor>, meta: Record<string, string>) => void, g: CheckpointGraph = graph): string {
  const src = fresh();
  saveCheckpoint(src, g, params(g), { epoch: 1, step: 2, seed: 3 });
  const { tensors, metadata } = decodeSafetensors(readFileSync(src), src);
  edit(tensors, metadata);
  const path = fresh();
  writeFileSync(path, encodeSafetensors(tensors, metadata));
  return path;
}

/** The message of the CheckpointError that `f` throws; it never holds a raw control character. */
function refusal(f: () => unknown): string {
  let err: unknown;
  try {
    f();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(CheckpointError);
  const msg = (err as Error).message;
  expect(msg).not.toMatch(RAW_CONTROL);
  return msg;
}

/** Loads with notices collected rather than printed. */
function load(path: string, g: CheckpointGraph = graph): { ckpt: LoadedCheckpoint; lines: string[] } {
  const lines: string[] = [];
  const ckpt = loadCheckpoint(path, g, { onNotice: (l) => lines.push(l) });
  return { ckpt, lines };
}

/** A safetensors file whose header is `json` (ASCII) as written, duplicates and all, padded to 8. */
function raw(json: string, data: number[] = []): Uint8Array {
  const text = json + " ".repeat((8 - (json.length % 8)) % 8);
  const out = new Uint8Array(8 + text.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(text.length), true);
  out.set(Array.from(text, (c) => c.charCodeAt(0)), 8);
  out.set(data, 8 + text.length);
  return out;
}

const f32 = (...v: number[]): SafeTensor => ({ dtype: "F32", shape: [v.length], data: Float32Array.from(v) });

describe("values that would poison a run are refused on load", () => {
  it("a NaN weight: the tensor, the first bad index and value, how many are bad", () => {
    const path = edited((t) => {
      const w = t.get("conv1.weight")!.data as Float32Array;
      w[5] = NaN;
      w[7] = Infinity;
    });
    const msg = refusal(() => load(path));
    expect(msg).toContain(`${path}: checkpoint does not fit network 'tiny' (nothing loaded):`);
    expect(msg).toContain("parameter 'conv1.weight': value NaN at flat index 5 is not finite (2 of its 72 values are bad)");
  });

  it("a negative BN running variance", () => {
    const path = edited((t) => ((t.get("bn1.running_var")!.data as Float32Array)[2] = -0.5));
    expect(refusal(() => load(path))).toContain("parameter 'bn1.running_var': value -0.5 at flat index 2 is negative, and a variance is ≥ 0");
  });

  it("a negative running mean is fine: only variances must be ≥ 0", () => {
    const path = edited((t) => ((t.get("bn1.running_mean")!.data as Float32Array)[0] = -3));
    expect(load(path).ckpt.params.get("bn1.running_mean")![0]).toBe(-3);
  });

  it("non-finite momentum, and a negative exp_avg_sq", () => {
    const sgd = edited((t, meta) => {
      t.set("optimizer/dense1.bias/momentum_buffer", { dtype: "F64", shape: [3], data: Float64Array.of(0, -Infinity, 1) });
      meta["dlc.optimizer"] = "sgd";
    });
    expect(refusal(() => load(sgd))).toContain("optimizer entry 'dense1.bias/momentum_buffer': value -Infinity at flat index 1 is not finite");
    const adam = edited((t, meta) => {
      t.set("optimizer/dense1.bias/exp_avg", { dtype: "F64", shape: [3], data: Float64Array.of(0, 0, 0) });
      t.set("optimizer/dense1.bias/exp_avg_sq", { dtype: "F64", shape: [3], data: Float64Array.of(1, 1, -1e-9) });
      t.set("optimizer/dense1.bias/step", { dtype: "F64", shape: [], data: Float64Array.of(4) });
      meta["dlc.optimizer"] = "adam";
    });
    expect(refusal(() => load(adam))).toContain("optimizer entry 'dense1.bias/exp_avg_sq': value -1e-9 at flat index 2 is negative");
  });

  it("saving refuses them too, and leaves the previous checkpoint byte-identical", () => {
    const path = fresh();
    saveCheckpoint(path, graph, params(graph), { epoch: 1, step: 2, seed: 3 });
    const before = readFileSync(path);
    const diverged = params(graph);
    diverged.get("dense1.weight")![4] = NaN;
    const msg = refusal(() => saveCheckpoint(path, graph, diverged, { epoch: 2, step: 4, seed: 3 }));
    expect(msg).toContain(`cannot save checkpoint ${path} for network 'tiny' (nothing written):`);
    expect(msg).toContain("parameter 'dense1.weight': value NaN at flat index 4 is not finite");
    expect(readFileSync(path)).toEqual(before);
  });

  it("saving a float64 value past float32's range says it does not fit, not that it is infinite", () => {
    const big = new Map([...params(graph)].map(([k, v]) => [k, Float64Array.from(v)]));
    big.get("conv1.bias")![1] = 1e39;
    const msg = refusal(() => saveCheckpoint(fresh(), graph, big, { epoch: 0, step: 0, seed: 0 }));
    expect(msg).toContain("parameter 'conv1.bias' as F32: value Infinity at flat index 1 is not finite");
    // In F64 the same value is fine.
    const path = fresh();
    saveCheckpoint(path, graph, big, { epoch: 0, step: 0, seed: 0 }, { paramDtype: "F64" });
    expect(loadCheckpoint(path, graph, { paramDtype: "F64" }).params.get("conv1.bias")![1]).toBe(1e39);
  });
});

describe("duplicate keys in the header", () => {
  const entry = (begin: number, end: number) => `{"dtype":"F32","shape":[${(end - begin) / 4}],"data_offsets":[${begin},${end}]}`;

  it("a tensor named twice", () => {
    // JSON.parse would keep the second entry: the file would load as one tensor.
    const msg = refusal(() => decodeSafetensors(raw(`{"a":${entry(0, 4)},"a":${entry(0, 4)}}`, [0, 0, 0, 0]), "dup.safetensors"));
    expect(msg).toBe("dup.safetensors: duplicate key 'a': the header names it twice, and JSON keeps only the last; refusing an ambiguous file");
  });

  it("the same key spelled with a JSON escape", () => {
    const msg = refusal(() => decodeSafetensors(raw(`{"ab":${entry(0, 4)},"\\u0061b":${entry(0, 4)}}`, [0, 0, 0, 0]), "esc.safetensors"));
    expect(msg).toContain("duplicate key 'ab'");
  });

  it("a metadata key, and a field of an entry", () => {
    expect(refusal(() => decodeSafetensors(raw(`{"__metadata__":{"dlc.epoch":"1","dlc.epoch":"9"}}`), "m.safetensors"))).toContain("duplicate key 'dlc.epoch': '__metadata__' has it twice");
    const twoTypes = `{"w":{"dtype":"F64","dtype":"F32","shape":[1],"data_offsets":[0,4]}}`;
    expect(refusal(() => decodeSafetensors(raw(twoTypes, [0, 0, 0, 0]), "f.safetensors"))).toContain("duplicate key 'dtype': the entry of tensor 'w' has it twice");
  });

  it("the scan is not fooled by strings, escapes or separate objects", () => {
    expect(firstDuplicateKey(`{"x":"{\\"a\\":1,\\"a\\":2}","y":[{"a":1},{"a":2}],"z":{"a":{"a":1}},"q\\"":":"}`)).toBeUndefined();
    expect(firstDuplicateKey(`{"y":[{"a":1,"b":{},"a":2}]}`)).toEqual({ key: "a", parent: undefined });
    expect(firstDuplicateKey(`{"o":{"k":[1,{"z":0}],"k":2}}`)).toEqual({ key: "k", parent: "o" });
  });
});

describe("names and text from the file reach messages escaped and cut", () => {
  it("an unknown tensor named with terminal escapes", () => {
    const path = edited((t) => t.set("\u001b]0;pwned\u0007\u001b[2J", f32(1)));
    const msg = refusal(() => load(path));
    expect(msg).toContain("parameters the network does not have: '\\x1b]0;pwned\\x07\\x1b[2J'");
  });

  it("a 100,000-character tensor name is cut", () => {
    const path = edited((t) => t.set("n".repeat(100_000), f32(1)));
    const msg = refusal(() => load(path));
    expect(msg).toMatch(/'n{200}… \(99800 more characters\)'/);
    expect(msg.length).toBeLessThan(1000);
  });

  it("escapes in a malformed entry, an unknown dtype and the metadata", () => {
    const header = `{"w\\u0007":{"dtype":"F\\u001b3","shape":[1],"data_offsets":[0,4]}}`;
    const dtypeMsg = refusal(() => decodeSafetensors(raw(header, [0, 0, 0, 0]), "d.safetensors"));
    expect(dtypeMsg).toContain("tensor 'w\\x07': unknown dtype \"F\\u001b3\"");
    const counters = edited((_, meta) => (meta["dlc.epoch"] = "1\u001b[2J"));
    expect(refusal(() => load(counters))).toContain(`metadata 'dlc.epoch' = "1\\x1b[2J" is not a non-negative whole number`);
  });
});

describe("special files and sizes", () => {
  it.skipIf(process.platform === "win32")("a FIFO, and a symbolic link to /dev/zero, are refused at once", () => {
    const fifo = join(dir, "fifo.safetensors");
    execFileSync("mkfifo", [fifo]);
    expect(refusal(() => load(fifo))).toMatch(/fifo\.safetensors': not a regular file \(a device, FIFO or socket\); expected a checkpoint of network 'tiny'/);
    const zero = join(dir, "zero.safetensors");
    symlinkSync("/dev/zero", zero);
    expect(refusal(() => load(zero))).toMatch(/zero\.safetensors': not a regular file/);
  });

  it("a file larger than any checkpoint of the network is refused before it is read", () => {
    // Sparse: 200 MiB that cost no disk. tiny's checkpoint is at most ~95 MiB (the 100 MB header limit, mostly).
    const big = join(dir, "big.safetensors");
    const fd = openSync(big, "w");
    ftruncateSync(fd, 200 * 1024 * 1024);
    closeSync(fd);
    const msg = refusal(() => load(big));
    expect(msg).toMatch(/big\.safetensors: file is 200\.0 MiB; dlc reads a checkpoint of network 'tiny' up to 95\.\d MiB \(its parameters and optimizer state in float64/);
  });
});

describe("files from elsewhere", () => {
  /** Two BN layers, as a hand-made CheckpointGraph: what a PyTorch model's state_dict would hold. */
  const twoBn: CheckpointGraph = {
    name: "twobn",
    params: new Map<string, ParamInfo>(
      ["a", "b"].flatMap((l) =>
        ([["weight", "weight"], ["bias", "bias"], ["running_mean", "buffer"], ["running_var", "buffer"]] as const).map(([role, kind]): [string, ParamInfo] => [
          `${l}.${role}`,
          { name: `${l}.${role}`, shape: [2], kind, trainable: kind !== "buffer", owner: l },
        ]),
      ),
    ),
  };

  it("PyTorch's num_batches_tracked counters are ignored with one note for all of them", () => {
    const path = edited((t) => {
      t.set("a.num_batches_tracked", { dtype: "I64", shape: [], data: BigInt64Array.of(100n) });
      t.set("b.num_batches_tracked", { dtype: "I64", shape: [], data: BigInt64Array.of(100n) });
    }, twoBn);
    const { ckpt, lines } = load(path, twoBn);
    expect([...ckpt.params.keys()].sort()).toEqual([...twoBn.params.keys()].sort());
    expect(lines).toEqual([`note: ${path}: ignored 2 PyTorch num_batches_tracked counters (dlc's batchnorm updates its running statistics with a fixed momentum and does not use them)`]);
    expect(ckpt.notices).toEqual(lines);
  });

  it("a num_batches_tracked of a layer the network does not have is still an unknown name", () => {
    const path = edited((t) => t.set("c.num_batches_tracked", { dtype: "I64", shape: [], data: BigInt64Array.of(1n) }), twoBn);
    expect(refusal(() => load(path, twoBn))).toContain("parameters the network does not have: 'c.num_batches_tracked'");
  });

  it("a file saved for another network loads with a warning naming both", () => {
    const path = edited((_, meta) => (meta["dlc.graph"] = "resnet\u001b[0m"));
    const { ckpt, lines } = load(path);
    expect(ckpt.params.size).toBe(graph.params.size);
    expect(lines).toEqual([`warning: ${path}: saved for network 'resnet\\x1b[0m', loaded into network 'tiny' (every parameter fits by name and shape)`]);
  });

  it("without onNotice, notices go to stderr; a file of this network has none", () => {
    const path = edited((_, meta) => (meta["dlc.graph"] = "other"));
    const written: string[] = [];
    const write = process.stderr.write;
    process.stderr.write = ((s: string) => (written.push(s), true)) as typeof process.stderr.write;
    try {
      loadCheckpoint(path, graph);
    } finally {
      process.stderr.write = write;
    }
    expect(written.join("")).toMatch(/^warning: .*saved for network 'other', loaded into network 'tiny'.*\n$/);
    expect(load(edited(() => {})).lines).toEqual([]);
  });
});
