// `dlc export FILE --to onnx`: a trained checkpoint's weights go into the
// model as they are and the model computes what the float64 reference
// computes with them; the batch axis is fixed by --batch N and symbolic by
// default; bad input (a batch size that is none, an output path that is a
// folder, a checkpoint of another network, a truncated or missing
// checkpoint, a network with errors) is a message and exit 1 with nothing
// written. Two runs go through the real command line (the branch and its
// options); the rest call the command's function in this process.

import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { runExport, type ExportCliOptions } from "../../../../host/cli/export.js";
import { decodeModel, tensorValues } from "../../../../host/onnx/proto.js";
import { saveCheckpoint } from "../../../../runtime/checkpoint/checkpoint.js";
import { dlc, root } from "../../../helpers/cli.js";
import { graphOf, ortOutputs, randomFeeds, randomWeights, referenceOutputs, relativeDifference } from "./agreement.js";

const dir = mkdtempSync(join(tmpdir(), "dlc-onnx-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const LENET = join(root, "stdlib/models/lenet5.net");
const TINY = join(dir, "tiny.net");
writeFileSync(TINY, "network tiny {\n  input x: [2, 6, 6]\n  output y = x |> conv(3, k=3) |> bn |> relu |> gap |> dense(2)\n}\n");

/** lenet5's random weights saved as a dlc checkpoint. */
const lenet = graphOf(LENET);
const weights = randomWeights(lenet, 3);
const CKPT = join(dir, "lenet5.safetensors");
saveCheckpoint(CKPT, lenet, new Map([...weights].map(([k, v]) => [k, Float32Array.from(v)])), { epoch: 1, step: 10, seed: 3 });

/** runExport in this process, with its stderr. */
async function exportHere(file: string, o: Partial<ExportCliOptions> & { out: string }): Promise<{ code: number; stderr: string }> {
  let stderr = "";
  const err = vi.spyOn(process.stderr, "write").mockImplementation((s: string | Uint8Array) => ((stderr += String(s)), true));
  const out = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
  try {
    const code = await runExport(file, { to: "onnx", input: new Map(), param: new Map(), allowImport: [], ...o }, "0.1.0");
    return { code, stderr };
  } finally {
    err.mockRestore();
    out.mockRestore();
  }
}

describe("dlc export --to onnx", () => {
  it("exports a checkpoint's weights as they are, at a fixed batch, and the model computes what the reference does", async () => {
    const out = join(dir, "made/on/the/way/lenet5.onnx");
    const r = await dlc(["export", LENET, "--to", "onnx", "-o", out, "--weights", CKPT, "--batch", "2"]);
    expect(r.stderr).toMatch(/exported lenet5 to ONNX \(opset 17, batch 2/);
    expect([r.code, r.stdout.trim()]).toEqual([0, out]);
    const bytes = readFileSync(out);
    const m = decodeModel(bytes, out);
    expect(m.graph.inputs).toEqual([{ name: "image", elemType: 1, shape: [2, 1, 32, 32] }]);
    for (const t of m.graph.initializers) expect(Array.from(tensorValues(t, out)), t.name).toEqual(Array.from(weights.get(t.name)!));
    const feeds = randomFeeds(lenet, 2, 5);
    const got = (await ortOutputs(bytes, feeds)).get("logits")!;
    expect(relativeDifference(got.data, referenceOutputs(lenet, weights, feeds).get("logits")!.data)).toBeLessThanOrEqual(1e-4);
  });

  it("refuses a batch size that is none on the command line, exit 1, nothing written", async () => {
    const out = join(dir, "bad_batch.onnx");
    const r = await dlc(["export", TINY, "--to", "onnx", "-o", out, "--batch", "eight"]);
    expect([r.code, r.stderr.trim()]).toEqual([1, "error: --batch 'eight' is not a batch size: expected a whole number ≥ 1 (fixed in the model) or 'dynamic' (a symbolic batch axis)"]);
    expect(existsSync(out)).toBe(false);
  });

  it("leaves the batch axis symbolic by default and says when the weights are dlc's initial ones", async () => {
    const out = join(dir, "tiny.onnx");
    const r = await exportHere(TINY, { out });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`note: no --weights: '${out}' holds dlc's initial weights (seed 0)`);
    expect(decodeModel(readFileSync(out), out).graph.outputs).toEqual([{ name: "y", elemType: 1, shape: ["batch", 2] }]);
  });

  const truncated = join(dir, "truncated.safetensors");
  writeFileSync(truncated, readFileSync(CKPT).subarray(0, 200));
  const tinyCkpt = join(dir, "tiny.safetensors");
  const tiny = graphOf(TINY);
  saveCheckpoint(tinyCkpt, tiny, new Map([...randomWeights(tiny, 1)].map(([k, v]) => [k, Float32Array.from(v)])), { epoch: 0, step: 0, seed: 0 });
  const folder = join(dir, "a_folder.onnx");
  mkdirSync(folder);
  const broken = join(dir, "broken.net");
  writeFileSync(broken, "network broken {\n  input x: [3, 8, 8]\n  output y = x |> conv(4, k=9)\n}\n");

  // [case, file, options, what stderr must say]
  const BAD: [string, string, Partial<ExportCliOptions>, string | RegExp][] = [
    ["batch 0", LENET, { batch: "0" }, "--batch '0' is not a batch size"],
    ["a fractional batch", LENET, { batch: "2.5" }, "--batch '2.5' is not a batch size"],
    ["a negative batch", LENET, { batch: "-1" }, "--batch '-1' is not a batch size"],
    ["an output path that is a folder", LENET, { out: folder }, "it is a folder; -o names the .onnx file to write"],
    ["a checkpoint of another network", LENET, { weights: tinyCkpt }, /checkpoint does not fit network 'lenet5'/],
    ["a truncated checkpoint", LENET, { weights: truncated }, truncated],
    ["a missing checkpoint", LENET, { weights: join(dir, "none.safetensors") }, "no such file"],
    ["a network with errors", broken, {}, "input 8×8 is smaller than the 9×9 dilated kernel"],
  ];
  it.each(BAD)("refuses %s: a message, exit 1, nothing written", async (_, file, o, says) => {
    const out = o.out ?? join(dir, "out", "model.onnx");
    const before = existsSync(join(dir, "out")) ? readdirSync(join(dir, "out")) : [];
    const r = await exportHere(file, { ...o, out });
    expect(r.code).toBe(1);
    if (typeof says === "string") expect(r.stderr).toContain(says);
    else expect(r.stderr).toMatch(says);
    expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
    // Nothing new, not even a temporary file.
    expect(existsSync(join(dir, "out")) ? readdirSync(join(dir, "out")) : []).toEqual(before);
    if (o.out === undefined) expect(existsSync(out)).toBe(false);
  });
});
