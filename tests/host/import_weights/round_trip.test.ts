// `dlc import-weights` on weights PyTorch saved (torch_fixture.py):
// torchvision's resnet18, random weights and random batchnorm statistics,
// from its state dict as a .pt file and as safetensors, into
// stdlib/models/resnet18.net; then dlc's float64 reference executor, reading
// the checkpoint as `dlc eval --weights` does, must give PyTorch's eval-mode
// output (computed in float64 from the same float32 weights) within 1e-4 of
// the output's scale. The input is 64×64, not 224×224: the reference
// executor takes about 35 s for one 224×224 image and 5 s for 64×64, and at
// 64×64 every layer still sees at least a 2×2 map (so every tap of every
// 3×3 kernel counts). The table the command prints is checked where
// torchvision's names and dlc's differ most (the projection shortcuts).
//
// A small model with torchvision-style names checks the other ways in
// (run in this process, since a process start costs seconds): float16
// weights, names matched by name (a dlc checkpoint imported again), --map
// as a text file and as JSON, and ONNX models: one torch.onnx.export wrote
// (foreign names, by order) and one with dlc's names (by name).

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dlc } from "../../helpers/cli.js";
import { safetensorsBytes } from "../../helpers/files.js";
import { limitFor } from "../../helpers/time_limits.js";
import { decodeSafetensors } from "../../../runtime/checkpoint/safetensors.js";
import { encodeModel, floatTensor } from "../../../host/onnx/proto.js";
import { importInProcess, makeTorchFixtures, readNpy, referenceForward, relativeError, tableRows } from "./fixture.js";

const SIZE = 64;
const RESNET18 = "stdlib/models/resnet18.net";
/** The dlc twin of torch_fixture.py's Small model. */
const SMALL_NET = `network small {
  input image: [3, 8, 8]
  x = image |> conv(4, k=3, p=1, bias=false) |> bn |> relu
  output logits = x |> gap |> dense(2)
}
`;

const work = mkdtempSync(join(tmpdir(), "dlc-import-weights-"));
const at = (name: string) => join(work, name);
afterAll(() => rmSync(work, { recursive: true, force: true }));

beforeAll(() => {
  makeTorchFixtures(work, SIZE, "all");
  writeFileSync(at("small.net"), SMALL_NET);
}, limitFor(15));

/** The parameters of a checkpoint, by name. */
function checkpointTensors(path: string): Map<string, Float32Array> {
  const { tensors } = decodeSafetensors(readFileSync(path), path);
  return new Map([...tensors].map(([name, t]) => [name, t.data as Float32Array]));
}

describe("torchvision resnet18 into stdlib/models/resnet18.net", () => {
  it("from a .pt state dict: dlc's reference forward equals PyTorch's (input 64×64)", async () => {
    const r = await dlc(["import-weights", RESNET18, "--from", at("resnet18.pt"), "-o", at("from_pt.safetensors")], { timeoutMs: limitFor(10) });
    expect(r.stderr).not.toContain("error");
    expect(r.code).toBe(0);
    const rows = tableRows(r.stdout);
    // 62 parameters and 40 batchnorm statistics; the 20 num_batches_tracked are ignored.
    expect(rows.slice(1)).toHaveLength(102);
    expect(rows[0]).toEqual(["source tensor", "shape", "dlc parameter", "by"]);
    expect(rows).toContainEqual(["conv1.weight", "[64, 3, 7, 7]", "resnet_stem1.conv1.weight", "order"]);
    expect(rows).toContainEqual(["layer2.0.downsample.0.weight", "[128, 64, 1, 1]", "basic_stage2.basic1.conv3.weight", "order"]);
    expect(rows).toContainEqual(["layer2.0.downsample.1.running_var", "[128]", "basic_stage2.basic1.bn3.running_var", "order"]);
    expect(rows).toContainEqual(["layer4.1.bn2.running_mean", "[512]", "basic_stage4.basic2.bn2.running_mean", "order"]);
    expect(rows).toContainEqual(["fc.weight", "[1000, 512]", "fc.weight", "order"]);
    expect(r.stderr).toContain("ignored 20 PyTorch num_batches_tracked counters");

    const x = readNpy(at("x.npy"));
    const want = readNpy(at("y.npy"));
    expect(x.shape).toEqual([1, 3, SIZE, SIZE]);
    const got = referenceForward(RESNET18, at("from_pt.safetensors"), x);
    const err = relativeError(got, want.data);
    process.stdout.write(`resnet18 .pt → dlc: max |dlc − PyTorch| / max |PyTorch| = ${err.toExponential(2)} (64×64)\n`);
    expect(err).toBeLessThanOrEqual(1e-4);
  }, limitFor(20));

  it("from safetensors (sorted as save_file sorts, the order in its metadata): the same checkpoint tensors, and PyTorch's output", async () => {
    const r = await dlc(["import-weights", RESNET18, "--from", at("resnet18.safetensors"), "-o", at("from_st.safetensors")], { timeoutMs: limitFor(10) });
    expect(r.stderr).not.toContain("error");
    expect(r.code).toBe(0);
    expect(tableRows(r.stdout)).toContainEqual(["layer3.0.downsample.0.weight", "[256, 128, 1, 1]", "basic_stage3.basic1.conv3.weight", "order"]);
    const got = referenceForward(RESNET18, at("from_st.safetensors"), readNpy(at("x.npy")));
    expect(relativeError(got, readNpy(at("y.npy")).data)).toBeLessThanOrEqual(1e-4);
  }, limitFor(20));
});

/** The small model's state dict names, in its order, and dlc's names for them. */
const PAIRS: readonly [string, string][] = [
  ["features.0.weight", "conv1.weight"],
  ["features.1.weight", "bn1.weight"],
  ["features.1.bias", "bn1.bias"],
  ["features.1.running_mean", "bn1.running_mean"],
  ["features.1.running_var", "bn1.running_var"],
  ["classifier.weight", "dense1.weight"],
  ["classifier.bias", "dense1.bias"],
];

describe("a small model with torchvision-style names", () => {
  const x = () => readNpy(at("small_x.npy"));
  const y = () => readNpy(at("small_y.npy")).data;

  it("imports float16 weights (as float32) and matches PyTorch's float32 model within float16's rounding", () => {
    const r = importInProcess(at("small.net"), { from: at("small_half.pt"), out: at("small_half.safetensors") });
    expect(r.stderr).not.toContain("error");
    expect(r.code).toBe(0);
    // The weights were rounded to float16 (11 significant bits) before import.
    const err = relativeError(referenceForward(at("small.net"), at("small_half.safetensors"), x()), y());
    expect(err).toBeGreaterThan(0);
    expect(err).toBeLessThan(1e-2);
  }, limitFor(6));

  it("matches a dlc checkpoint's own names by name, to the same tensors", () => {
    const first = importInProcess(at("small.net"), { from: at("small.pt"), out: at("small_a.safetensors") });
    expect(first.code).toBe(0);
    expect(relativeError(referenceForward(at("small.net"), at("small_a.safetensors"), x()), y())).toBeLessThanOrEqual(1e-6);
    const again = importInProcess(at("small.net"), { from: at("small_a.safetensors"), out: at("small_b.safetensors") });
    expect(again.code).toBe(0);
    expect(tableRows(again.stdout).slice(1).map((row) => row[3])).toEqual(Array(7).fill("name"));
    expect(checkpointTensors(at("small_b.safetensors"))).toEqual(checkpointTensors(at("small_a.safetensors")));
  }, limitFor(8));

  it("cuts names without dots into groups of the layers' sizes, in the file's order", () => {
    // Small's tensors in state dict order under names that say nothing of modules (w9 … w3: not sorted, so the order counts).
    const { tensors } = decodeSafetensors(readFileSync(at("small_sorted.safetensors")), "small_sorted.safetensors");
    const dotless = PAIRS.map(([name], i) => [`w${9 - i}`, { shape: [...tensors.get(name)!.shape], values: [...(tensors.get(name)!.data as Float32Array)] }]);
    writeFileSync(at("dotless.safetensors"), safetensorsBytes(Object.fromEntries(dotless)));
    const r = importInProcess(at("small.net"), { from: at("dotless.safetensors"), out: at("small_dotless.safetensors") });
    expect(r.stderr).not.toContain("error");
    expect(r.code).toBe(0);
    expect(tableRows(r.stdout)).toContainEqual(["w6", "[4]", "bn1.running_mean", "order"]);
    expect(relativeError(referenceForward(at("small.net"), at("small_dotless.safetensors"), x()), y())).toBeLessThanOrEqual(1e-6);
  }, limitFor(4));

  it("takes every name from --map, as text or JSON, where the file has no order", () => {
    writeFileSync(at("map.txt"), `# torchvision-style name → dlc name\n${PAIRS.map(([a, b]) => `${a}  ${b}`).join("\n")}\n`);
    writeFileSync(at("map.json"), JSON.stringify(Object.fromEntries(PAIRS)));
    for (const ext of ["txt", "json"]) {
      const r = importInProcess(at("small.net"), { from: at("small_sorted.safetensors"), map: at(`map.${ext}`), out: at(`small_${ext}.safetensors`) });
      expect(r.stderr).not.toContain("error");
      expect(r.code).toBe(0);
      expect(tableRows(r.stdout)).toContainEqual(["features.1.running_var", "[4]", "bn1.running_var", "map"]);
    }
    expect(relativeError(referenceForward(at("small.net"), at("small_txt.safetensors"), x()), y())).toBeLessThanOrEqual(1e-6);
    expect(checkpointTensors(at("small_json.safetensors"))).toEqual(checkpointTensors(at("small_txt.safetensors")));
  }, limitFor(10));

  it("reads an ONNX model's initializers: torch.onnx.export's names by order, dlc's names by name", () => {
    const foreign = importInProcess(at("small.net"), { from: at("small_train.onnx"), out: at("small_onnx.safetensors") });
    expect(foreign.stderr).not.toContain("error");
    expect(foreign.code).toBe(0);
    expect(tableRows(foreign.stdout)).toContainEqual(["features.1.running_mean", "[4]", "bn1.running_mean", "order"]);
    expect(relativeError(referenceForward(at("small.net"), at("small_onnx.safetensors"), x()), y())).toBeLessThanOrEqual(1e-6);

    // An initializer-only model with dlc's names, as `dlc export --to onnx` names them.
    const tensors = checkpointTensors(at("small_onnx.safetensors"));
    const shapes = new Map(tableRows(foreign.stdout).slice(1).map((row) => [row[2]!, JSON.parse(row[1]!) as number[]]));
    const initializers = [...shapes].map(([name, shape]) => floatTensor(name, shape, tensors.get(name)!));
    writeFileSync(at("small_dlc.onnx"), encodeModel({ irVersion: 8, opsets: [{ domain: "", version: 17 }], graph: { name: "small", nodes: [], initializers, inputs: [], outputs: [] } }));
    const own = importInProcess(at("small.net"), { from: at("small_dlc.onnx"), out: at("small_dlc_onnx.safetensors") });
    expect(own.code).toBe(0);
    expect(tableRows(own.stdout).slice(1).map((row) => row[3])).toEqual(Array(7).fill("name"));
    expect(checkpointTensors(at("small_dlc_onnx.safetensors"))).toEqual(tensors);
  }, limitFor(6));
});
