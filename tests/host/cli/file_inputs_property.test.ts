// The CLI on damaged file inputs: a valid tiny network, its data (.npy) and
// a checkpoint (safetensors), one of them mutated byte-wise (bytes set to
// random values, the file cut short or extended with random bytes), through
// `dlc eval` and `dlc train` on the reference backend. Whatever the damage,
// the command must end in exit 0 (the damage was harmless) or 1 with a
// diagnostic: never exit 3 (dlc's own bug), never a stack trace, never a raw
// control character on the terminal. Runs in-process through main(argv),
// a few milliseconds each, so the run count bounds the work.

import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../../host/cli/main.js";
import { checkFile } from "../../../compiler/pipeline.js";
import { saveCheckpoint } from "../../../runtime/checkpoint/checkpoint.js";
import { encodeNpy } from "../../../host/data/npy.js";

const RUNS = 500;

const NET = `network tiny {
  input image: [1, 4, 4]
  output logits = image |> conv(2, k=3, p=1) |> bn |> relu |> flatten |> dense(3)
}

train tiny {
  loss cross_entropy(logits, label: int)
  optimizer sgd(lr = 0.05, momentum = 0.9)
}
`;

/** Any C0 or C1 control character other than newline: what must never reach a terminal raw. */
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

const root = mkdtempSync(join(tmpdir(), "dlc-file-inputs-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const net = join(root, "tiny.net");
/** The valid files, by name; each run writes a damaged copy of one of them. */
const valid = new Map<string, Uint8Array>();

beforeAll(() => {
  writeFileSync(net, NET);
  const r = checkFile(net, { train: true });
  if (!r.graph) throw new Error(r.diagnostics.map((d) => d.message).join("\n"));
  valid.set("image.npy", encodeNpy([6, 1, 4, 4], Float32Array.from({ length: 96 }, (_, i) => Math.sin(i))));
  valid.set("label.npy", encodeNpy([6], [0, 1, 2, 0, 1, 2], "int64"));
  const params = new Map<string, Float32Array>();
  let k = 0;
  for (const [name, p] of r.graph.params) {
    const n = p.shape.reduce((a, d) => a * d, 1);
    params.set(name, Float32Array.from({ length: n }, () => (name.endsWith("running_var") ? 1 : 0.3 * Math.cos(++k))));
  }
  const ckpt = join(root, "valid.safetensors");
  saveCheckpoint(ckpt, r.graph, params, { epoch: 1, step: 3, seed: 0 });
  // A copy of its own: a Buffer's slice() is a view, and the tests edit copies.
  valid.set("ckpt.safetensors", Uint8Array.from(readFileSync(ckpt)));
});

interface Outcome {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** main(argv) with stdout and stderr captured; process.exitCode left as it was found. */
async function dlc(argv: string[]): Promise<Outcome> {
  const out: string[] = [];
  const err: string[] = [];
  const [write, writeErr, exitCode] = [process.stdout.write, process.stderr.write, process.exitCode];
  process.stdout.write = ((s: string | Uint8Array) => (out.push(String(s)), true)) as typeof process.stdout.write;
  process.stderr.write = ((s: string | Uint8Array) => (err.push(String(s)), true)) as typeof process.stderr.write;
  try {
    const code = await main(argv);
    return { code, stdout: out.join(""), stderr: err.join("") };
  } finally {
    process.stdout.write = write;
    process.stderr.write = writeErr;
    process.exitCode = exitCode;
  }
}

let runNo = 0;
/** A fresh folder holding the valid files with `name` replaced by `bytes`. */
function inputs(name: string, bytes: Uint8Array): { data: string; ckpt: string } {
  const dir = join(root, `r${runNo++}`);
  const data = join(dir, "data");
  mkdirSync(data, { recursive: true });
  for (const [n, b] of valid) writeFileSync(n === "ckpt.safetensors" ? join(dir, n) : join(data, n), n === name ? bytes : b);
  return { data, ckpt: join(dir, "ckpt.safetensors") };
}

/** What every outcome must be: exit 0, or 1 with a one-line-headed diagnostic; no bug, no trace, no raw control characters. */
function expectDiagnosticOnly(r: Outcome, what: string): void {
  const context = `${what}\n${r.stderr.slice(0, 2000)}`;
  expect([0, 1], context).toContain(r.code);
  expect(r.stderr, context).not.toContain("internal error");
  expect(r.stderr, context).not.toMatch(/\n\s+at /);
  expect(r.stderr, context).not.toMatch(RAW_CONTROL);
  expect(r.stdout, context).not.toMatch(RAW_CONTROL);
  // Diagnostics are bounded: quoted file text is cut, lists end in "and N more".
  expect(r.stderr.length, context).toBeLessThan(20_000);
  if (r.code === 1) expect(r.stderr, context).toMatch(/^error: /m);
}

/** One byte-wise mutation: cut, extend with random bytes, set bytes to random values; in that order, each optional. */
const mutation = fc.record({
  file: fc.constantFrom("image.npy", "label.npy", "ckpt.safetensors"),
  cut: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
  extend: fc.uint8Array({ maxLength: 24 }),
  sets: fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }),
  command: fc.constantFrom("eval", "train"),
});

type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function mutate(m: Mutation): Uint8Array {
  const src = valid.get(m.file)!;
  const kept = m.cut === undefined ? src : src.subarray(0, Math.floor(m.cut * src.length));
  const b = new Uint8Array(kept.length + m.extend.length);
  b.set(kept);
  b.set(m.extend, kept.length);
  for (const [at, v] of m.sets) if (b.length > 0) b[Math.floor(at * b.length)] = v;
  return b;
}

function argv(command: string, data: string, ckpt: string): string[] {
  return command === "eval"
    ? ["eval", net, "--weights", ckpt, "--data", data, "--backend", "reference", "--batch", "4"]
    : ["train", net, "--data", data, "--backend", "reference", "--epochs", "1", "--batch", "2"];
}

describe("dlc eval and train on damaged .npy and safetensors files", () => {
  it("the undamaged files work: exit 0 for both commands", async () => {
    const { data, ckpt } = inputs("", new Uint8Array());
    for (const command of ["eval", "train"]) {
      const r = await dlc(argv(command, data, ckpt));
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/loss \d/);
    }
  });

  it(`byte-wise damage gives exit 0 or a diagnostic with exit 1, never exit 3 (${RUNS} runs)`, async () => {
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(mutation, async (m) => {
        const { data, ckpt } = inputs(m.file, mutate(m));
        const r = await dlc(argv(m.command, data, ckpt));
        expectDiagnosticOnly(r, `${m.command} with damaged ${m.file}: ${JSON.stringify({ ...m, extend: [...m.extend] })}`);
        if (r.code === 1) refused++;
      }),
      { numRuns: RUNS },
    );
    // Most damage must be caught (a run that refused nothing would test nothing).
    expect(refused).toBeGreaterThan(RUNS / 4);
  });
});

describe("hostile files at the CLI", () => {
  it("a NaN weight is refused by dlc eval, naming the tensor (it used to print 'loss NaN' and exit 0)", async () => {
    const ckpt = valid.get("ckpt.safetensors")!.slice();
    // The last tensor in the file is F32 (dtype order I64, F64, F32): set its last value's bytes to a NaN.
    ckpt.set([0x00, 0x00, 0xc0, 0x7f], ckpt.length - 4);
    const { data, ckpt: path } = inputs("ckpt.safetensors", ckpt);
    const r = await dlc(argv("eval", data, path));
    expectDiagnosticOnly(r, "NaN weight");
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/parameter '[\w.]+': value NaN at flat index \d+ is not finite/);
    expect(r.stdout).toBe("");
  });

  it("an .npy header with terminal escapes is shown escaped, and exits 1", async () => {
    const bytes = encodeNpy([6], [0, 1, 2, 0, 1, 2], "int64");
    const header = "{'descr': '\u001b[2J\u0007', ";
    for (let i = 0; i < header.length; i++) bytes[10 + i] = header.charCodeAt(i);
    const { data, ckpt } = inputs("label.npy", bytes);
    const r = await dlc(argv("eval", data, ckpt));
    expectDiagnosticOnly(r, "escapes");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("\\x1b[2J\\x07");
  });
});
