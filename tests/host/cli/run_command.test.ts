// `dlc run`: a network's raw outputs on given samples, written as .npy.
// The oracle is independent of dlc: the test writes the weights (a
// safetensors file) and the inputs (.npy) byte by byte itself (with
// tests/helpers/files.ts), computes the expected outputs in plain JS (conv,
// bn with running statistics, relu, global average pool, dense), and reads
// the written .npy files back by hand. One hand-computed case pins the arithmetic; the WebGPU backend must
// agree with the same oracle within float32 tolerance.

import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { dlc as runDlc } from "../../helpers/cli.js";
import { npyBytes, safetensorsBytes } from "../../helpers/files.js";

const work = mkdtempSync(join(tmpdir(), "dlc-run-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const dlc = (args: string[]) => runDlc(["run", ...args]);

// ------------------------------------------------------------ outputs read back by hand (inputs: tests/helpers/files.ts)

function readNpyF32(path: string): { shape: number[]; values: number[] } {
  const b = readFileSync(path);
  expect(b.subarray(0, 6)).toEqual(Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]));
  const hlen = b.readUInt16LE(8);
  const header = b.subarray(10, 10 + hlen).toString("latin1");
  expect(header).toContain("'descr': '<f4'");
  expect(header).toContain("'fortran_order': False");
  const shape = /'shape': \(([^)]*)\)/.exec(header)![1]!.split(",").map((s) => s.trim()).filter((s) => s).map(Number);
  const values: number[] = [];
  for (let at = 10 + hlen; at < b.length; at += 4) values.push(b.readFloatLE(at));
  return { shape, values };
}

const f32 = (v: number) => Math.fround(v);

// ------------------------------------------------------------ a hand-computed case

describe("dlc run on a one-layer network", () => {
  const dir = join(work, "dense");
  it("writes y = W x + b for every sample", async () => {
    freshDir(dir);
    writeFileSync(join(dir, "lin.net"), "network lin {\n  input x: [2]\n  output y = x |> dense(1)\n}\n");
    writeFileSync(join(dir, "w.safetensors"), safetensorsBytes({ "dense1.weight": { shape: [1, 2], values: [1, 2] }, "dense1.bias": { shape: [1], values: [0.5] } }));
    writeFileSync(join(dir, "x.npy"), npyBytes([3, 2], [3, 4, -1, 0.25, 0, 0]));
    const r = await dlc([join(dir, "lin.net"), "--weights", join(dir, "w.safetensors"), "--input", `x=${join(dir, "x.npy")}`, "-o", join(dir, "out"), "--backend", "reference"]);
    expect(r.stderr).not.toContain("error");
    expect(r.code).toBe(0);
    // 1·3 + 2·4 + 0.5, 1·(−1) + 2·0.25 + 0.5, 0.5
    expect(readNpyF32(join(dir, "out", "y.npy"))).toEqual({ shape: [3, 1], values: [11.5, 0, 0.5] });
    // Written atomically: nothing but the outputs is left in the folder.
    expect(readdirSync(join(dir, "out"))).toEqual(["y.npy"]);
  });
});

function freshDir(d: string): void {
  rmSync(d, { recursive: true, force: true });
  mkdirSync(d, { recursive: true });
}

// ------------------------------------------------------------ conv, bn in eval mode, two outputs

const NET = `network tinyconv {
  input image: [1, 4, 4]
  x = image |> conv(2, k=3, p=1) |> bn |> relu
  output feat = x |> gap
  output logits = feat |> dense(3)
}
`;

// Deterministic, irregular values (no library RNG: the oracle stands alone).
const wave = (n: number, seed: number) => Array.from({ length: n }, (_, i) => f32(Math.sin(seed * 12.9898 + i * 78.233) * 0.9));
const W = {
  "conv1.weight": { shape: [2, 1, 3, 3], values: wave(18, 1) },
  "conv1.bias": { shape: [2], values: [0.1, -0.2] },
  "bn1.weight": { shape: [2], values: [1.5, 0.75] },
  "bn1.bias": { shape: [2], values: [0.05, 0.3] },
  "bn1.running_mean": { shape: [2], values: [0.2, -0.1] },
  "bn1.running_var": { shape: [2], values: [0.5, 2.0] },
  "dense1.weight": { shape: [3, 2], values: wave(6, 2) },
  "dense1.bias": { shape: [3], values: [0.01, 0.02, -0.03] },
};
const N = 5;
const IMAGES = wave(N * 16, 3);

/** The network by hand, in float64: conv 3×3 pad 1, bn (running statistics, eps 1e-5), relu, mean over pixels, dense. */
function oracle(): { feat: number[]; logits: number[] } {
  const v = (k: keyof typeof W) => W[k].values;
  const feat: number[] = [];
  const logits: number[] = [];
  for (let n = 0; n < N; n++) {
    const img = IMAGES.slice(n * 16, n * 16 + 16);
    const f: number[] = [];
    for (let c = 0; c < 2; c++) {
      let sum = 0;
      for (let y = 0; y < 4; y++) {
        for (let x = 0; x < 4; x++) {
          let acc = v("conv1.bias")[c]!;
          for (let i = 0; i < 3; i++) {
            for (let j = 0; j < 3; j++) {
              const yy = y + i - 1;
              const xx = x + j - 1;
              if (yy >= 0 && yy < 4 && xx >= 0 && xx < 4) acc += v("conv1.weight")[c * 9 + i * 3 + j]! * img[yy * 4 + xx]!;
            }
          }
          const bn = ((acc - v("bn1.running_mean")[c]!) / Math.sqrt(v("bn1.running_var")[c]! + 1e-5)) * v("bn1.weight")[c]! + v("bn1.bias")[c]!;
          sum += Math.max(0, bn);
        }
      }
      f.push(sum / 16);
    }
    feat.push(...f);
    for (let o = 0; o < 3; o++) logits.push(v("dense1.bias")[o]! + v("dense1.weight")[o * 2]! * f[0]! + v("dense1.weight")[o * 2 + 1]! * f[1]!);
  }
  return { feat, logits };
}

describe("dlc run on conv, bn and two outputs", () => {
  const dir = join(work, "conv");
  freshDir(dir);
  const net = join(dir, "tinyconv.net");
  const weights = join(dir, "w.safetensors");
  writeFileSync(net, NET);
  writeFileSync(weights, safetensorsBytes(W));
  writeFileSync(join(dir, "image.npy"), npyBytes([N, 1, 4, 4], IMAGES));
  const args = (out: string, ...more: string[]) => [net, "--weights", weights, "--input", `image=${join(dir, "image.npy")}`, "-o", join(dir, out), ...more];
  const want = oracle();

  const expectClose = (got: number[], expected: number[], tol: number) => {
    expect(got.length).toBe(expected.length);
    got.forEach((g, i) => expect(Math.abs(g - expected[i]!), `entry ${i}: ${g} vs ${expected[i]}`).toBeLessThanOrEqual(tol * (1 + Math.abs(expected[i]!))));
  };

  it("reference: matches the hand-written network (batch 2: three runs, the last partial)", async () => {
    const r = await dlc(args("ref", "--backend", "reference", "--batch", "2"));
    expect(r.stderr).not.toContain("error");
    expect(r.code).toBe(0);
    const feat = readNpyF32(join(dir, "ref", "feat.npy"));
    const logits = readNpyF32(join(dir, "ref", "logits.npy"));
    expect(feat.shape).toEqual([N, 2]);
    expect(logits.shape).toEqual([N, 3]);
    // Float64 inside, rounded to float32 once when written.
    expectClose(feat.values, want.feat, 1e-6);
    expectClose(logits.values, want.logits, 1e-6);
    expect(want.feat.some((x) => x > 0.05)).toBe(true); // relu did not zero everything: the check has teeth
  });

  it("webgpu: the same outputs within float32 tolerance (batch 4: the last run padded)", async () => {
    const r = await dlc(args("gpu", "--backend", "webgpu", "--batch", "4"));
    expect(r.stderr).not.toContain("error");
    expect(r.code).toBe(0);
    expectClose(readNpyF32(join(dir, "gpu", "feat.npy")).values, want.feat, 1e-4);
    expectClose(readNpyF32(join(dir, "gpu", "logits.npy")).values, want.logits, 1e-4);
  });

  it("refuses bad inputs, checkpoints and output folders with exit 1 and a message", async () => {
    writeFileSync(join(dir, "wrong.npy"), npyBytes([N, 1, 5, 4], wave(N * 20, 4)));
    writeFileSync(join(dir, "bad.safetensors"), safetensorsBytes({ ...W, "conv1.weight": { shape: [2, 1, 3], values: wave(6, 1) } }));
    writeFileSync(join(dir, "a-file"), "not a folder");
    const cases: [string[], RegExp][] = [
      // A missing input.
      [[net, "--weights", weights, "--input", `other=${join(dir, "image.npy")}`, "-o", join(dir, "x1")], /no --input for 'image' \[1, 4, 4\].*no input 'other'/],
      // The npy's shape against the network's, both said.
      [[net, "--weights", weights, "--input", `image=${join(dir, "wrong.npy")}`, "-o", join(dir, "x2")], /has shape \[5, 1, 5, 4\], but input 'image' takes \[N, 1, 4, 4\]/],
      // A checkpoint whose tensor has the wrong shape.
      [[net, "--weights", join(dir, "bad.safetensors"), "--input", `image=${join(dir, "image.npy")}`, "-o", join(dir, "x3")], /conv1\.weight/],
      // A missing checkpoint.
      [[net, "--weights", join(dir, "nope.safetensors"), "--input", `image=${join(dir, "image.npy")}`, "-o", join(dir, "x4")], /nope\.safetensors/],
      // The output folder is a file.
      [args("a-file"), /a-file/],
    ];
    const runs = await Promise.all(cases.map(([a]) => dlc([...a, "--backend", "reference"])));
    runs.forEach((r, i) => {
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toMatch(cases[i]![1]);
      expect(r.stderr).not.toMatch(/internal error|    at /);
    });
    // Nothing was written for the refused runs.
    expect(readdirSync(dir).filter((n) => /^x\d$/.test(n))).toEqual([]);
  });

  it("usage errors exit 2, with the user's control characters escaped", async () => {
    const [backend, input, option] = await Promise.all([dlc(args("x5", "--backend", "tpu")), dlc([...args("x6"), "--input", "\x1b[31m"]), dlc([...args("x7"), "--\x1b[2J"])]);
    expect(backend.code).toBe(2);
    expect(backend.stderr).toContain("unknown backend 'tpu'");
    expect(input.code).toBe(2);
    expect(input.stderr).toContain("--input expects NAME=FILE.npy such as image=images.npy; got '\\x1b[31m'");
    expect(option.code).toBe(2);
    expect(option.stderr).toContain("unknown option '--\\x1b[2J'");
    for (const r of [backend, input, option]) expect(r.stderr).not.toContain("\x1b");
  });
});

// ------------------------------------------------------------ ids an embedding does not have

describe("dlc run on token ids", () => {
  const dir = join(work, "ids");
  const net = "network tok {\n  input ids: i32[3]\n  output y = ids |> embedding(4, 2) |> mean(axis=0)\n}\n";
  // Rows v = [v, 10·v]: the mean of rows 0, 1 and 3 is [4/3, 40/3].
  const weights = { "embedding1.weight": { shape: [4, 2], values: [0, 0, 1, 10, 2, 20, 3, 30] } };

  it("looks rows up on both backends", async () => {
    freshDir(dir);
    writeFileSync(join(dir, "tok.net"), net);
    writeFileSync(join(dir, "w.safetensors"), safetensorsBytes(weights));
    writeFileSync(join(dir, "ids.npy"), npyBytes([1, 3], [0, 1, 3], "<i4"));
    for (const backend of ["reference", "webgpu"]) {
      const out = join(dir, `out-${backend}`);
      const r = await dlc([join(dir, "tok.net"), "--weights", join(dir, "w.safetensors"), "--input", `ids=${join(dir, "ids.npy")}`, "-o", out, "--backend", backend]);
      expect(r.stderr, backend).not.toContain("error");
      const y = readNpyF32(join(out, "y.npy"));
      expect(y.shape).toEqual([1, 2]);
      expect(y.values[0]).toBeCloseTo(4 / 3, 5);
      expect(y.values[1]).toBeCloseTo(40 / 3, 4);
    }
  });

  it("refuses an id past the embedding's rows with exit 1, naming it, and writes nothing", async () => {
    writeFileSync(join(dir, "bad.npy"), npyBytes([2, 3], [0, 1, 3, 2, 4, 0], "<i4"));
    for (const backend of ["reference", "webgpu"]) {
      const out = join(dir, `bad-${backend}`);
      const r = await dlc([join(dir, "tok.net"), "--weights", join(dir, "w.safetensors"), "--input", `ids=${join(dir, "bad.npy")}`, "-o", out, "--backend", backend]);
      expect(r.code, backend).toBe(1);
      expect(r.stderr).toContain("value 4 at index 4 is not a row of embedding 'embedding1', which has 4 rows of its weight (ids 0..3)");
      expect(r.stderr).not.toMatch(/internal error|at .*\.ts:\d+/);
      expect(() => readdirSync(out)).toThrow();
    }
  });
});
