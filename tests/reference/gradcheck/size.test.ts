// A network too large for the float64 reference executor is refused before
// anything is allocated: `dlc gradcheck` on a 10¹²-element tensor exits 1
// with a size diagnostic (it used to die with "Invalid typed array length",
// exit 3). If the check came after an allocation, these tests would fail
// with a RangeError instead of the expected GradcheckSizeError.

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runGradcheck } from "../../../host/cli/gradcheck.js";
import { checkGradcheckSize, gradcheck, GradcheckSizeError, gradcheckSize, MAX_GRADCHECK_BYTES } from "../../../reference/gradcheck.js";
import { compileTraining } from "./helpers.js";

const dir = mkdtempSync(join(tmpdir(), "dlc-gradcheck-size-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const net = (shape: string) => `network big {
  input x: [${shape}]
  output y = x |> relu
}
train big {
  loss mse(y, target)
  optimizer sgd(lr = 0.1)
}
`;

describe("the size check", () => {
  it("counts batched values once per sample: the count grows with the batch", () => {
    const { training } = compileTraining(net("1000"), { inputGradients: true });
    const one = gradcheckSize(training, 1);
    const ten = gradcheckSize(training, 10);
    expect(one.bytes).toBeGreaterThan(8 * 2 * 1000); // at least the input, twice (full run and a forward run)
    expect(ten.bytes).toBeGreaterThan(9 * one.bytes);
    expect(ten.largest.shape[0]).toBe(10);
  });

  it("a 10¹²-element input is refused with its name, its size and the limit", () => {
    const { training } = compileTraining(net("1000000, 1000000"), { inputGradients: true });
    let err: unknown;
    try {
      gradcheck(training, { batch: 1 });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(GradcheckSizeError);
    const msg = (err as Error).message;
    expect(msg).toMatch(/^the training graph 'big\.train' is too large for a float64 gradient check at batch 1: it would hold about [\d.e+]+ GiB of values, over the limit of 4\.00 GiB/);
    expect(msg).toContain("'x' [1, 1000000, 1000000], has 1.00e+12 elements");
    expect(msg).toContain("--input NAME=SHAPE");
  });

  it("the limit falls between batch sizes of one network", () => {
    // A million values per sample: small batches fit, a batch of 1024 does not.
    const { training } = compileTraining(net("1048576"), { inputGradients: true });
    expect(() => checkGradcheckSize(training, 1)).not.toThrow();
    expect(gradcheckSize(training, 1024).bytes).toBeGreaterThan(MAX_GRADCHECK_BYTES);
    expect(() => checkGradcheckSize(training, 1024)).toThrow(GradcheckSizeError);
  });
});

describe("dlc gradcheck", () => {
  function run(text: string): { code: number; stderr: string; stdout: string } {
    const file = join(dir, "net.net");
    writeFileSync(file, text);
    const out: string[] = [];
    const err: string[] = [];
    const [o, e] = [process.stdout.write, process.stderr.write];
    process.stdout.write = ((s: string) => (out.push(s), true)) as typeof process.stdout.write;
    process.stderr.write = ((s: string) => (err.push(s), true)) as typeof process.stderr.write;
    try {
      const code = runGradcheck(file, { input: new Map(), param: new Map(), seed: 0, samples: 2, tol: 1e-6 });
      return { code, stdout: out.join(""), stderr: err.join("") };
    } finally {
      [process.stdout.write, process.stderr.write] = [o, e];
    }
  }

  it("exits 1 with a size diagnostic on a 10¹²-element tensor", () => {
    const r = run(net("1000000, 1000000"));
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^error: .*net\.net: the training graph 'big\.train' is too large for a float64 gradient check at batch 2/);
  });

  it("still checks a small network", () => {
    const r = run(net("3").replace("x |> relu", "x |> dense(2)"));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/dense.*weight.*\n.*dense.*bias.*\n.*x .*input/);
    expect(r.stdout).toContain("all 3 tensors within 0.000001");
  });
});
