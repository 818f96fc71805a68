// `dlc import-weights` refusing what does not fit: every case exits 1 with a
// diagnostic that says what is wrong, where, and what was expected, and
// writes nothing (no checkpoint, no temporary file, an existing checkpoint
// left as it was). The sources are PyTorch's own files (torch_fixture.py's
// small model, torchvision-style names) and files broken by hand. The
// command runs in this process (runImportWeights, what the CLI action
// calls), since a process start costs seconds; round_trip.test.ts runs the
// real CLI.

import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { limitFor } from "../../helpers/time_limits.js";
import { safetensorsBytes } from "../../helpers/files.js";
import type { ImportCliOptions } from "../../../host/interop/import_weights/command.js";
import { importInProcess, makeTorchFixtures, type Captured } from "./fixture.js";

const NETS = `network small {
  input image: [3, 8, 8]
  x = image |> conv(4, k=3, p=1, bias=false) |> bn |> relu
  output logits = x |> gap |> dense(2)
}

# The same layers under another network's name.
network other {
  input image: [3, 8, 8]
  x = image |> conv(4, k=3, p=1, bias=false) |> bn |> relu
  output logits = x |> gap |> dense(2)
}
`;

const work = mkdtempSync(join(tmpdir(), "dlc-import-bad-"));
const at = (name: string) => join(work, name);
const OUT_DIR = "out";
afterAll(() => rmSync(work, { recursive: true, force: true }));

type Tensor = { shape: number[]; values: number[] };

/** dlc's names and shapes for network small, and values. */
const DLC_TENSORS: Record<string, Tensor> = {
  "conv1.weight": { shape: [4, 3, 3, 3], values: Array.from({ length: 108 }, (_, i) => i / 100) },
  "bn1.weight": { shape: [4], values: [1, 1, 1, 1] },
  "bn1.bias": { shape: [4], values: [0, 0, 0, 0] },
  "bn1.running_mean": { shape: [4], values: [0, 0, 0, 0] },
  "bn1.running_var": { shape: [4], values: [1, 1, 1, 1] },
  "dense1.weight": { shape: [2, 4], values: [1, 2, 3, 4, 5, 6, 7, 8] },
  "dense1.bias": { shape: [2], values: [0, 0] },
};

beforeAll(() => {
  makeTorchFixtures(work, 8, "small");
  writeFileSync(at("nets.net"), NETS);
  const { "bn1.running_var": _, ...missing } = DLC_TENSORS;
  writeFileSync(at("dlc_missing.safetensors"), safetensorsBytes(missing));
  writeFileSync(at("dlc_extra.safetensors"), safetensorsBytes({ ...DLC_TENSORS, "bn1.gamma": { shape: [4], values: [1, 1, 1, 1] } }));
  writeFileSync(at("dlc_good.safetensors"), safetensorsBytes(DLC_TENSORS));
  const [conv, bnWeight, bnBias, bnMean, bnVar] = Object.values(DLC_TENSORS) as [Tensor, Tensor, Tensor, Tensor, Tensor];
  writeFileSync(at("short.safetensors"), safetensorsBytes({ "f.0.weight": conv, "f.1.weight": bnWeight, "f.1.bias": bnBias, "f.1.running_mean": bnMean, "f.1.running_var": bnVar }));
  // Names without dots, in an order that is not sorted (so it counts as the model's): cut into the layers' sizes.
  const dotless = Object.fromEntries(Object.values(DLC_TENSORS).map((t, i) => [`w${9 - i}`, t]));
  writeFileSync(at("dotless_extra.safetensors"), safetensorsBytes({ ...dotless, w0: { shape: [3], values: [1, 2, 3] } }));
  const good = readFileSync(at("dlc_good.safetensors"));
  writeFileSync(at("truncated.safetensors"), good.subarray(0, good.length - 7));
  const pt = readFileSync(at("small.pt"));
  writeFileSync(at("truncated.pt"), pt.subarray(0, Math.floor(pt.length / 2)));
  writeFileSync(at("text.pt"), "these are not PyTorch weights\n");
  writeFileSync(at("text.safetensors"), "these are not safetensors either\n");
  writeFileSync(at("text.onnx"), "nor is this an ONNX model\n");
  writeFileSync(at("weights.bin"), good);
  writeFileSync(at("nope.map"), "features.0.weight conv1.weight\nno.such.tensor dense1.bias\n");
  writeFileSync(at("no_torch.sh"), '#!/bin/sh\n# python3 without its site packages: no torch\nexec python3 -S "$@"\n', { mode: 0o755 });
}, limitFor(10));

afterEach(() => {
  vi.unstubAllEnvs();
});

/** Runs the command on network small of nets.net (paths relative to the work folder). */
function run(from: string, extra: Partial<ImportCliOptions> = {}, out = join(OUT_DIR, "w.safetensors")): Captured {
  const map = extra.map === undefined ? {} : { map: at(extra.map) };
  const r = importInProcess(at("nets.net"), { from: at(from), out: at(out), net: "small", ...extra, ...map });
  if (process.env.DLC_SHOW_DIAGNOSTICS) process.stdout.write(r.stderr);
  return r;
}

/** An empty output folder. */
function freshOut(): void {
  rmSync(at(OUT_DIR), { recursive: true, force: true });
  mkdirSync(at(OUT_DIR));
}

/** Nothing but the files a test put there is left in the output folder. */
function outFiles(): string[] {
  return readdirSync(at(OUT_DIR)).sort();
}

const CASES: { what: string; from: string; message: RegExp; opts?: Partial<ImportCliOptions>; env?: Record<string, string> }[] = [
  {
    what: "a tensor missing (torchvision names, by order)",
    from: "small_missing.safetensors",
    message: /layer 2 of 3: the network's 'bn1' has weight \[4\], bias \[4\], running_mean \[4\], running_var \[4\], but .*group 2 'features\.1' has weight \[4\], bias \[4\], running_mean \[4\]: the source has no running_var there/,
  },
  { what: "a tensor extra (torchvision names, by order)", from: "small_extra.safetensors", message: /the network has 7 tensors in 3 layers, .* 8 in 4 groups: extra tensors the network has no place for: 'extra\.weight' \[3\]/ },
  { what: "a wrong shape (torchvision names, by order)", from: "small_shape.safetensors", message: /layer 'dense1' ← group 'classifier': tensor 'classifier\.weight' is \[3, 4\], but 'dense1\.weight' must be \[2, 4\]/ },
  { what: "the last layer missing (by order)", from: "short.safetensors", message: /the network has 7 tensors in 3 layers, .*short\.safetensors 5 in 2 groups; missing: 'dense1\.weight' \[2, 4\], 'dense1\.bias' \[2\]/ },
  { what: "a tensor extra (names without dots, by order)", from: "dotless_extra.safetensors", message: /the network has 7 tensors, .*dotless_extra\.safetensors 8: extra tensors the network has no place for: 'w0' \[3\]/ },
  { what: "a tensor missing (dlc names)", from: "dlc_missing.safetensors", message: /missing from .*dlc_missing\.safetensors: 'bn1\.running_var' \[4\] \(layer 'bn1'\)/ },
  { what: "a tensor extra (dlc names)", from: "dlc_extra.safetensors", message: /tensors in .*dlc_extra\.safetensors the network has no parameter for: 'bn1\.gamma' \[4\]/ },
  { what: "a safetensors file sorted by name, foreign names and no order", from: "small_sorted.safetensors", message: /must match by order, but .* does not give the order: its tensors are sorted by name.*state_dict_order/ },
  { what: "a truncated safetensors file", from: "truncated.safetensors", message: /truncated\.safetensors: .*(truncated|belong to no tensor|run past the end)/ },
  { what: "a truncated .pt file", from: "truncated.pt", message: /truncated\.pt: torch\.load cannot read it as a PyTorch file/ },
  { what: "a .pt file that is text", from: "text.pt", message: /text\.pt: torch\.load cannot read it as a PyTorch file/ },
  { what: "a .safetensors file that is text", from: "text.safetensors", message: /text\.safetensors: (not a safetensors file|header length)/ },
  { what: "an .onnx file that is text", from: "text.onnx", message: /text\.onnx: not a usable ONNX model/ },
  {
    what: "an ONNX model whose batchnorm the exporter folded away",
    from: "small_folded.onnx",
    message: /the network's 'conv1' has weight \[4, 3, 3, 3\], but .*group 1 'classifier' has weight \[2, 4\], bias \[2\][^]*The model has no batchnorm statistics: its exporter folded batchnorm/,
  },
  { what: "a pickled whole model, not a state dict", from: "small_model.pt", message: /small_model\.pt: torch\.load cannot read it.*state dicts only/ },
  { what: "an extension dlc does not read", from: "weights.bin", message: /cannot tell the format from the extension '\.bin' \(expected \.safetensors, \.pt or \.pth/ },
  { what: "a --map naming a tensor the file does not have", from: "small_extra.safetensors", opts: { map: "nope.map" }, message: /--map names source tensor 'no\.such\.tensor', which .*small_extra\.safetensors does not have/ },
  { what: "no python3", from: "small.pt", env: { DLC_PYTHON: "/nonexistent/python3" }, message: /needs Python 3 with PyTorch, but '\/nonexistent\/python3' was not found: install .*apt-get install python3-torch/ },
  { what: "python3 without torch", from: "small.pt", env: { DLC_PYTHON: "no_torch.sh" }, message: /needs Python 3 with PyTorch, but '.*no_torch\.sh' cannot import torch .*apt-get install python3-torch/ },
];

describe("bad input: exit 1, a diagnostic, nothing written", () => {
  it.each(CASES)("$what", ({ from, message, opts, env }) => {
    freshOut();
    for (const [k, v] of Object.entries(env ?? {})) vi.stubEnv(k, v === "no_torch.sh" ? at(v) : v);
    const r = run(from, opts);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(/^error: /);
    expect(r.stderr).not.toContain("    at ");
    expect(r.code).toBe(1);
    expect(outFiles()).toEqual([]);
  }, limitFor(4));

  it("leaves an existing checkpoint as it was", () => {
    freshOut();
    const ok = run("dlc_good.safetensors");
    expect(ok.stderr).not.toContain("error");
    expect(ok.code).toBe(0);
    const before = readFileSync(at(join(OUT_DIR, "w.safetensors")));
    const r = run("small_shape.safetensors");
    expect(r.code).toBe(1);
    expect(outFiles()).toEqual(["w.safetensors"]);
    expect(readFileSync(at(join(OUT_DIR, "w.safetensors")))).toEqual(before);
  }, limitFor(4));

  it("refuses a dlc checkpoint of another network", () => {
    freshOut();
    expect(run("dlc_good.safetensors", {}, join(OUT_DIR, "small.safetensors")).code).toBe(0);
    const r = run(join(OUT_DIR, "small.safetensors"), { net: "other" }, join(OUT_DIR, "other.safetensors"));
    expect(r.stderr).toMatch(/small\.safetensors: a dlc checkpoint of network 'small', not of 'other' \(nothing written\)/);
    expect(r.code).toBe(1);
    expect(outFiles()).toEqual(["small.safetensors"]);
  }, limitFor(4));
});
