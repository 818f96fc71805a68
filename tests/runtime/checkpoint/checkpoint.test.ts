// Checkpoints: parameters, optimizer state and counters round trip, training
// resumed from a checkpoint continues bit for bit, a checkpoint that does not
// fit the network is refused with every problem named and nothing loaded,
// and writing is atomic: a write that fails, or a process killed mid-write,
// leaves the previous checkpoint byte-identical and loadable.

import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Graph, ParamInfo, TrainSpec } from "../../../core/ir/graph.js";
import { checkFile } from "../../../compiler/pipeline.js";
import { CheckpointError, loadCheckpoint, saveCheckpoint, type LoadOptions } from "../../../runtime/checkpoint/checkpoint.js";
import { decodeSafetensors, encodeSafetensors, type SafeTensor } from "../../../runtime/checkpoint/safetensors.js";
import { createOptimizer, type Optimizer } from "../../../host/training/optimizers.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const dir = mkdtempSync(join(tmpdir(), "dlc-checkpoint-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let graph: Graph; // examples/tiny-train: conv1, bn1 (with running_mean/var buffers), dense1
beforeAll(() => {
  const r = checkFile(join(root, "examples/tiny-train/net.net"), { train: true });
  if (!r.graph) throw new Error(r.diagnostics.map((d) => d.message).join("\n"));
  graph = r.graph;
});

const sizeOf = (p: ParamInfo) => p.shape.reduce((n, d) => n * d, 1);

/** Deterministic, distinct values for every parameter (running variances positive, as a checkpoint needs). */
function makeParams<T extends Float32Array | Float64Array>(g: Graph, make: (n: number) => T, salt = 0): Map<string, T> {
  const out = new Map<string, T>();
  let k = salt;
  for (const [name, p] of g.params) {
    const v = make(sizeOf(p));
    const variance = name.endsWith(".running_var");
    for (let i = 0; i < v.length; i++) v[i] = variance ? 1 + Math.sin(++k * 0.731) * 0.5 : Math.sin(++k * 0.731) * 0.5;
    out.set(name, v);
  }
  return out;
}

function optimizerFor(g: Graph, spec: TrainSpec["optimizer"]): Optimizer {
  return createOptimizer(spec, [...g.params.values()].map((p) => ({ name: p.name, kind: p.kind, size: sizeOf(p), shape: p.shape, trainable: p.trainable })));
}

function gradsFor(g: Graph, step: number): Map<string, Float64Array> {
  const out = new Map<string, Float64Array>();
  for (const [name, p] of g.params) if (p.kind !== "buffer") out.set(name, Float64Array.from({ length: sizeOf(p) }, (_, i) => Math.cos(step * 13.1 + i * 0.37)));
  return out;
}

let fileNo = 0;
const freshPath = () => join(dir, `ck${++fileNo}.safetensors`);

/** Expects loading to throw a CheckpointError naming the file whose message matches every pattern. */
function refusesLoad(path: string, patterns: RegExp[], opts?: LoadOptions): void {
  let err: unknown;
  try {
    loadCheckpoint(path, graph, opts);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(CheckpointError);
  const msg = (err as Error).message;
  expect(msg.startsWith(`${path}: `)).toBe(true);
  for (const p of patterns) expect(msg).toMatch(p);
}

/** A checkpoint written with our encoder but edited: `edit` changes the tensors of a valid one. */
function edited(edit: (t: Map<string, SafeTensor>, meta: Record<string, string>) => void): string {
  const src = freshPath();
  saveCheckpoint(src, graph, makeParams(graph, (n) => new Float32Array(n)), { epoch: 1, step: 2, seed: 3 });
  const { tensors, metadata } = decodeSafetensors(readFileSync(src), src);
  edit(tensors, metadata);
  const path = freshPath();
  writeFileSync(path, encodeSafetensors(tensors, metadata));
  return path;
}

describe("round trip", () => {
  it("parameters under their PyTorch names, optimizer state and counters", () => {
    const params = makeParams(graph, (n) => new Float32Array(n));
    const opt = optimizerFor(graph, graph.train!.optimizer);
    opt.step(params, gradsFor(graph, 1), 0.05);
    const path = freshPath();
    saveCheckpoint(path, graph, params, { epoch: 4, step: 60, seed: -7, optimizer: opt.state(), optimizerKind: "sgd", metadata: { note: "hi" } });

    const raw = decodeSafetensors(readFileSync(path), path);
    expect([...raw.tensors.keys()].sort()).toEqual(
      [
        "bn1.bias", "bn1.running_mean", "bn1.running_var", "bn1.weight", "conv1.bias", "conv1.weight", "dense1.bias", "dense1.weight",
        "optimizer/bn1.bias/momentum_buffer", "optimizer/bn1.weight/momentum_buffer", "optimizer/conv1.bias/momentum_buffer",
        "optimizer/conv1.weight/momentum_buffer", "optimizer/dense1.bias/momentum_buffer", "optimizer/dense1.weight/momentum_buffer",
      ].sort(),
    );
    expect(raw.tensors.get("conv1.weight")).toMatchObject({ dtype: "F32", shape: [8, 1, 3, 3] });
    expect(raw.tensors.get("optimizer/conv1.weight/momentum_buffer")).toMatchObject({ dtype: "F64", shape: [8, 1, 3, 3] });
    expect(raw.metadata).toEqual({
      format: "pt", note: "hi", "dlc.checkpoint": "1", "dlc.graph": "tiny", "dlc.param_dtype": "F32",
      "dlc.epoch": "4", "dlc.step": "60", "dlc.seed": "-7", "dlc.optimizer": "sgd",
    });

    const back = loadCheckpoint(path, graph);
    expect([...back.params.keys()]).toEqual([...graph.params.keys()]);
    for (const [name, v] of params) expect(back.params.get(name)).toEqual(v);
    expect(back.optimizer).toEqual(opt.state());
    expect(back.optimizerKind).toBe("sgd");
    expect(back.counters).toEqual({ epoch: 4, step: 60, seed: -7 });
    expect(back.metadata.note).toBe("hi");
  });

  it("float64 parameters are rounded to F32 by default", () => {
    const params = makeParams(graph, (n) => new Float64Array(n));
    const path = freshPath();
    saveCheckpoint(path, graph, params, { epoch: 0, step: 0, seed: 0 });
    const back = loadCheckpoint(path, graph);
    const w = back.params.get("dense1.weight")!;
    expect(w).toBeInstanceOf(Float32Array);
    expect(w).toEqual(Float32Array.from(params.get("dense1.weight")!));
    expect(back.optimizer.size).toBe(0);
  });

  const specs: TrainSpec["optimizer"][] = [
    { kind: "sgd", attrs: { lr: 0.05, momentum: 0.9, nesterov: true, weight_decay: 1e-3, decay_all: false } },
    { kind: "adamw", attrs: { lr: 0.01, beta1: 0.9, beta2: 0.99, eps: 1e-8, weight_decay: 0.05, decay_all: true } },
  ];
  for (const spec of specs) {
    it(`resuming ${spec.kind} from an F64 checkpoint continues bit for bit`, () => {
      // The uninterrupted run: five steps.
      const a = makeParams(graph, (n) => new Float64Array(n));
      const optA = optimizerFor(graph, spec);
      for (let s = 1; s <= 5; s++) optA.step(a, gradsFor(graph, s), 0.1 / s);

      // The interrupted one: three steps, checkpoint, then a fresh process's worth of state.
      const b = makeParams(graph, (n) => new Float64Array(n));
      const optB = optimizerFor(graph, spec);
      for (let s = 1; s <= 3; s++) optB.step(b, gradsFor(graph, s), 0.1 / s);
      const path = freshPath();
      saveCheckpoint(path, graph, b, { epoch: 1, step: 3, seed: 42, optimizer: optB.state(), optimizerKind: spec.kind }, { paramDtype: "F64" });

      const ck = loadCheckpoint(path, graph, { paramDtype: "F64" });
      const c = ck.params as Map<string, Float64Array>;
      const optC = optimizerFor(graph, spec);
      optC.loadState(ck.optimizer);
      for (let s = ck.counters!.step + 1; s <= 5; s++) optC.step(c, gradsFor(graph, s), 0.1 / s);

      for (const [name, v] of a) expect(c.get(name), name).toEqual(v);
      expect(optC.state()).toEqual(optA.state());
    });
  }
});

describe("a checkpoint that does not fit the network is refused, nothing loaded", () => {
  it("a parameter of the wrong dtype names it, with expected and found", () => {
    const path = freshPath();
    saveCheckpoint(path, graph, makeParams(graph, (n) => new Float64Array(n)), { epoch: 0, step: 0, seed: 0 }, { paramDtype: "F64" });
    refusesLoad(path, [/does not fit network 'tiny' \(nothing loaded\)/, /parameter 'conv1\.weight': expected F32 \[8, 1, 3, 3\], found F64 \[8, 1, 3, 3\]/]);
    expect(loadCheckpoint(path, graph, { paramDtype: "F64" }).params.get("conv1.weight")).toBeInstanceOf(Float64Array);
  });

  it("a parameter of the wrong shape", () => {
    const path = edited((t) => t.set("dense1.weight", { dtype: "F32", shape: [128, 3], data: new Float32Array(384) }));
    refusesLoad(path, [/parameter 'dense1\.weight': expected F32 \[3, 128\], found F32 \[128, 3\]/]);
  });

  it("missing parameters are listed", () => {
    const path = edited((t) => {
      t.delete("bn1.running_var");
      t.delete("conv1.bias");
    });
    refusesLoad(path, [/missing parameters: 'conv1\.bias', 'bn1\.running_var'/]);
  });

  it("unknown parameters are listed", () => {
    const path = edited((t) => {
      t.set("fc.weight", { dtype: "F32", shape: [2], data: new Float32Array(2) });
      t.set("layer9.bias", { dtype: "F32", shape: [], data: new Float32Array(1) });
    });
    refusesLoad(path, [/parameters the network does not have: ('fc\.weight', 'layer9\.bias'|'layer9\.bias', 'fc\.weight')/]);
  });

  it("every problem at once", () => {
    const path = edited((t) => {
      t.delete("conv1.bias");
      t.set("extra", { dtype: "F32", shape: [1], data: new Float32Array(1) });
      t.set("bn1.weight", { dtype: "F32", shape: [9], data: new Float32Array(9) });
    });
    refusesLoad(path, [/missing parameters: 'conv1\.bias'/, /parameters the network does not have: 'extra'/, /parameter 'bn1\.weight': expected F32 \[8\], found F32 \[9\]/]);
  });

  it("malformed optimizer entries", () => {
    const f64 = (shape: number[], v = 0): SafeTensor => ({ dtype: "F64", shape, data: new Float64Array(shape.reduce((a, b) => a * b, 1)).fill(v) });
    refusesLoad(edited((t) => t.set("optimizer/conv1.bias/velocity", f64([8]))), [/optimizer entry 'conv1\.bias\/velocity': unknown field/]);
    refusesLoad(edited((t) => t.set("optimizer/conv9.bias/momentum_buffer", f64([8]))), [/the network has no parameter 'conv9\.bias'/]);
    refusesLoad(edited((t) => t.set("optimizer/bn1.running_mean/momentum_buffer", f64([8]))), [/'bn1\.running_mean' is a buffer/]);
    refusesLoad(edited((t) => t.set("optimizer/conv1.bias/momentum_buffer", { dtype: "F32", shape: [8], data: new Float32Array(8) })), [/optimizer entry 'conv1\.bias\/momentum_buffer': expected F64 \[8\], found F32 \[8\]/]);
    refusesLoad(edited((t) => t.set("optimizer/conv1.bias/momentum_buffer", f64([4]))), [/expected F64 \[8\], found F64 \[4\]/]);
    refusesLoad(edited((t) => t.set("optimizer/conv1.bias/exp_avg", f64([8]))), [/optimizer state of 'conv1\.bias' has exp_avg; exp_avg, exp_avg_sq and step go together/]);
    refusesLoad(
      edited((t) => {
        t.set("optimizer/conv1.bias/exp_avg", f64([8]));
        t.set("optimizer/conv1.bias/exp_avg_sq", f64([8]));
        t.set("optimizer/conv1.bias/step", f64([], 0.5));
      }),
      [/step must be a whole number ≥ 1, found 0\.5/],
    );
    refusesLoad(
      edited((t, m) => {
        t.set("optimizer/conv1.bias/momentum_buffer", f64([8]));
        m["dlc.optimizer"] = "adam";
      }),
      [/optimizer adam has no 'momentum_buffer' state/],
    );
  });

  it("malformed counters", () => {
    refusesLoad(edited((_, m) => (m["dlc.step"] = "12x")), [/metadata 'dlc\.step' = "12x" is not a non-negative whole number/]);
    refusesLoad(edited((_, m) => (m["dlc.epoch"] = "-1")), [/'dlc\.epoch' = "-1"/]);
    refusesLoad(edited((_, m) => delete m["dlc.seed"]), [/metadata 'dlc\.seed' is missing/]);
    refusesLoad(edited((_, m) => (m["dlc.checkpoint"] = "2")), [/layout version "2" is not supported/]);
  });

  it("a file without dlc metadata (weights from elsewhere) loads, without counters", () => {
    const path = edited((t, m) => {
      for (const k of Object.keys(m)) delete m[k];
      for (const k of [...t.keys()]) if (k.startsWith("optimizer/")) t.delete(k);
    });
    const ck = loadCheckpoint(path, graph);
    expect(ck.counters).toBeUndefined();
    expect(ck.params.size).toBe(graph.params.size);
  });

  it("a corrupt file on disk, or none, names the path", () => {
    const path = freshPath();
    saveCheckpoint(path, graph, makeParams(graph, (n) => new Float32Array(n)), { epoch: 0, step: 0, seed: 0 });
    const bytes = readFileSync(path);
    writeFileSync(path, bytes.subarray(0, bytes.length - 10));
    refusesLoad(path, [/run past the end of the data/]);
    writeFileSync(path, bytes.subarray(0, 100));
    refusesLoad(path, [/runs past the end of the file \(100 bytes\)/]);
    const bad = Buffer.from(bytes);
    bad.write("x", 8); // '{' → 'x'
    writeFileSync(path, bad);
    refusesLoad(path, [/the header is not valid JSON/]);
    expect(() => loadCheckpoint(join(dir, "nothing-here.safetensors"), graph)).toThrow(new CheckpointError(`cannot read '${join(dir, "nothing-here.safetensors")}': no such file`));
  });

  it("saving refuses what loading would refuse, and writes nothing", () => {
    const path = freshPath();
    const params = makeParams(graph, (n) => new Float32Array(n));
    params.delete("bn1.running_mean");
    params.set("stray.weight", new Float32Array(3));
    params.set("conv1.bias", new Float32Array(7));
    let msg = "";
    try {
      saveCheckpoint(path, graph, params, { epoch: 0, step: 0, seed: 0 });
    } catch (e) {
      expect(e).toBeInstanceOf(CheckpointError);
      msg = (e as Error).message;
    }
    expect(msg).toMatch(/^cannot save checkpoint .* for network 'tiny'/);
    expect(msg).toMatch(/missing parameters: 'bn1\.running_mean'/);
    expect(msg).toMatch(/parameters the network does not have: 'stray\.weight'/);
    expect(msg).toMatch(/parameter 'conv1\.bias' has 7 values, shape \[8\] needs 8/);
    const ok = makeParams(graph, (n) => new Float32Array(n));
    expect(() => saveCheckpoint(path, graph, ok, { epoch: -1, step: 0, seed: 0 })).toThrow(/epoch must be a non-negative whole number/);
    expect(() => saveCheckpoint(path, graph, ok, { epoch: 0, step: 0, seed: 0, optimizer: new Map([["conv1.bias/exp_avg", new Float64Array(8)]]) })).toThrow(/go together/);
    expect(() => saveCheckpoint(path, graph, ok, { epoch: 0, step: 0, seed: 0, metadata: { "dlc.epoch": "9" } })).toThrow(/'dlc\.epoch' is reserved/);
    expect(existsSync(path)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.includes(".tmp-"))).toEqual([]);
  });
});

// ------------------------------------------------------------ atomicity

const tempFiles = (folder: string) => readdirSync(folder).filter((f) => f.includes(".tmp-"));

describe("writing is atomic", () => {
  it("a write that fails halfway leaves the previous checkpoint byte-identical and no temporary file", () => {
    const folder = join(dir, "fail-midway");
    mkdirSync(folder);
    const path = join(folder, "model.safetensors");
    saveCheckpoint(path, graph, makeParams(graph, (n) => new Float32Array(n)), { epoch: 1, step: 1, seed: 0 });
    const before = readFileSync(path);
    const boom = new Error("disk on fire");
    let chunks = 0;
    expect(() =>
      saveCheckpoint(path, graph, makeParams(graph, (n) => new Float32Array(n), 99), { epoch: 2, step: 2, seed: 0 }, {
        chunkBytes: 256,
        afterChunk: (written, total) => {
          chunks++;
          expect(tempFiles(folder)).toHaveLength(1); // the bytes go to a temporary file, not to PATH
          if (written >= total / 2) throw boom;
        },
      }),
    ).toThrow(boom);
    expect(chunks).toBeGreaterThan(2);
    expect(readFileSync(path)).toEqual(before);
    expect(tempFiles(folder)).toEqual([]);
    expect(loadCheckpoint(path, graph).counters).toEqual({ epoch: 1, step: 1, seed: 0 });
  });

  it("a rename that fails (PATH is a non-empty folder) removes the temporary file", () => {
    const folder = join(dir, "rename-fails");
    const path = join(folder, "model.safetensors");
    mkdirSync(path, { recursive: true });
    writeFileSync(join(path, "keep"), "x");
    expect(() => saveCheckpoint(path, graph, makeParams(graph, (n) => new Float32Array(n)), { epoch: 0, step: 0, seed: 0 })).toThrow(
      new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: cannot write checkpoint`),
    );
    expect(tempFiles(folder)).toEqual([]);
    expect(readFileSync(join(path, "keep"), "utf8")).toBe("x");
  });

  it("a folder that does not exist is a CheckpointError naming the path", () => {
    const path = join(dir, "no", "such", "model.safetensors");
    expect(() => saveCheckpoint(path, graph, makeParams(graph, (n) => new Float32Array(n)), { epoch: 0, step: 0, seed: 0 })).toThrow(CheckpointError);
  });

  // A child process writes a 16 MB checkpoint in 1 MB chunks, sleeping after
  // each; it prints "writing" after the first chunk and is killed then.
  const N = 4 << 20;
  const bigGraph = (): Graph => ({
    name: "big",
    nodes: [],
    inputs: [],
    outputs: [],
    params: new Map([["big.weight", { name: "big.weight", shape: [N], kind: "weight", trainable: true, owner: "big" }]]),
  });
  const childScript = `
import { writeSync } from "node:fs";
const [moduleUrl, path, fill, delayMs] = process.argv.slice(2);
const { saveCheckpoint } = await import(moduleUrl);
const N = ${N};
const graph = { name: "big", nodes: [], inputs: [], outputs: [], params: new Map([["big.weight", { name: "big.weight", shape: [N], kind: "weight", trainable: true, owner: "big" }]]) };
const sleeper = new Int32Array(new SharedArrayBuffer(4));
let told = false;
saveCheckpoint(path, graph, new Map([["big.weight", new Float32Array(N).fill(Number(fill))]]), { epoch: 9, step: 900, seed: 0 }, {
  chunkBytes: 1 << 20,
  afterChunk: () => {
    if (!told) writeSync(1, "writing\\n");
    told = true;
    Atomics.wait(sleeper, 0, 0, Number(delayMs));
  },
});
writeSync(1, "done\\n");
`;

  function runChild(path: string, fill: number, delayMs: number, killOnWriting: boolean): Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string }> {
    const script = join(dir, "writer.mjs");
    writeFileSync(script, childScript);
    const moduleUrl = pathToFileURL(join(root, "runtime/checkpoint/checkpoint.ts")).href;
    return new Promise((resolvePromise, reject) => {
      const child = spawn(process.execPath, ["--import", "tsx", script, moduleUrl, path, String(fill), String(delayMs)], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
      let out = "";
      let err = "";
      child.stdout.on("data", (d: Buffer) => {
        out += d.toString();
        if (killOnWriting && out.includes("writing")) child.kill("SIGKILL");
      });
      child.stderr.on("data", (d: Buffer) => (err += d.toString()));
      child.on("error", reject);
      child.on("close", (code, signal) => (code !== 0 && signal === null ? reject(new Error(`writer exited ${code}: ${err}`)) : resolvePromise({ code, signal, out })));
    });
  }

  it("a process killed with SIGKILL mid-write leaves the previous checkpoint intact and loadable", async () => {
    const folder = join(dir, "killed");
    mkdirSync(folder);
    const path = join(folder, "model.safetensors");
    const g = bigGraph();
    saveCheckpoint(path, g, new Map([["big.weight", new Float32Array(N).fill(1)]]), { epoch: 1, step: 100, seed: 0 });
    const before = readFileSync(path);

    // Control: left alone, the child replaces the checkpoint.
    const control = join(folder, "control.safetensors");
    writeFileSync(control, before);
    const done = await runChild(control, 2, 0, false);
    expect(done.out).toContain("done");
    const replaced = loadCheckpoint(control, g);
    expect(replaced.counters).toEqual({ epoch: 9, step: 900, seed: 0 });
    expect(replaced.params.get("big.weight")![N - 1]).toBe(2);
    rmSync(control);

    // Killed after its first chunk of sixteen.
    const killed = await runChild(path, 3, 200, true);
    expect(killed.signal).toBe("SIGKILL");
    expect(killed.out).not.toContain("done");
    expect(readFileSync(path).equals(before)).toBe(true);
    const ck = loadCheckpoint(path, g);
    expect(ck.counters).toEqual({ epoch: 1, step: 100, seed: 0 });
    expect(ck.params.get("big.weight")!.every((v) => v === 1)).toBe(true);
    // The killed writer's partial temporary file is all that is left of it.
    const left = tempFiles(folder);
    expect(left).toHaveLength(1);
    expect(statSync(join(folder, left[0]!)).size).toBeLessThan(before.length);
  });
});
