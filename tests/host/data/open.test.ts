// openDataset: a .npy folder without transforms is the plain Dataset, as
// before; with them, the transforms apply to its image input; the layout is
// detected from file names; an image folder's scratch file leaves nothing.

import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { detectFormat } from "../../../host/data/detect.js";
import { loadDataset } from "../../../host/data/dataset.js";
import { DataError, writeNpy } from "../../../host/data/npy.js";
import { openDataset } from "../../../host/data/open.js";
import { readBatch } from "../../../host/data/source.js";
import { augmentSample, sampleRng } from "../../../host/data/transforms.js";
import { classifier } from "./nets.js";
import { pngBytes, writeFile } from "./image_files.js";

const root = mkdtempSync(join(tmpdir(), "dlc-open-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function npyFolder(name: string): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  writeNpy(join(dir, "image.npy"), [2, 1, 2, 2], Float32Array.from([0, 0.25, 0.5, 1, 1, 0.5, 0.25, 0]));
  writeNpy(join(dir, "label.npy"), [2], Int32Array.from([0, 1]));
  return dir;
}

describe("openDataset", () => {
  const tmpBefore = process.env.TMPDIR;
  afterEach(() => {
    if (tmpBefore === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = tmpBefore;
  });

  it("gives a .npy folder without transforms as loadDataset does", async () => {
    const dir = npyFolder("plain");
    const graph = classifier(root, [1, 2, 2], 2);
    expect(await openDataset(dir, graph)).toEqual(loadDataset(dir, graph));
  });

  it("normalises and augments a .npy folder's image input", async () => {
    const dir = npyFolder("transformed");
    const graph = classifier(root, [1, 2, 2], 2);
    const ds = await openDataset(dir, graph, { normalize: { mean: [0.5], std: [0.25] } });
    expect([...readBatch(ds, [1]).get("image")!.data]).toEqual([2, 0, -1, -2]);
    // Training batches (with an epoch) get each sample's own augmentation (transforms.test.ts checks the crops themselves).
    const augment = { cropPadding: 1, flip: true };
    const aug = await openDataset(dir, graph, { augment, seed: 5 });
    const plain = loadDataset(dir, graph).fields[0]!.data;
    const want = [0, 1].flatMap((i) => [...augmentSample(Float64Array.from(plain.subarray(4 * i, 4 * i + 4)), [1, 2, 2], augment, sampleRng(5, 3, i))]);
    expect([...readBatch(aug, [0, 1], 3).get("image")!.data]).toEqual(want);
    expect([...readBatch(aug, [0, 1]).get("image")!.data]).toEqual([...plain]);
    expect([...readBatch(aug, [0, 1], 3).get("label")!.data]).toEqual([0, 1]);
    const flat = join(root, "flat");
    mkdirSync(flat);
    writeNpy(join(flat, "image.npy"), [1, 4], Float32Array.from([0, 0, 0, 0]));
    writeNpy(join(flat, "label.npy"), [1], Int32Array.from([0]));
    await expect(openDataset(flat, classifier(root, [4], 2), { augment, seed: 0 })).rejects.toThrow(/augmentation needs an input of shape \[C, H, W\], but input 'image' is \[4\]/);
  });

  it("detects each layout from its file names, and takes an unknown folder as .npy (whose loader names the files it needs)", async () => {
    const at = (name: string, files: string[]) => {
      const dir = join(root, "detect", name);
      for (const f of files) writeFile(join(dir, f), new Uint8Array(1));
      return dir;
    };
    expect(detectFormat(at("npy", ["image.npy"]))).toBe("npy");
    expect(detectFormat(at("mnist", ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"]))).toBe("mnist");
    expect(detectFormat(at("cifar", ["data_batch_1.bin"]))).toBe("cifar10");
    expect(detectFormat(at("images", ["cat/1.png"]))).toBe("images");
    const unknown = at("unknown", ["readme.txt"]);
    expect(detectFormat(unknown)).toBe("npy");
    await expect(openDataset(unknown, classifier(root, [1, 2, 2], 2))).rejects.toThrow(DataError);
  });

  it("leaves no scratch file behind once an image folder is open", async () => {
    const scratch = join(root, "scratch");
    mkdirSync(scratch);
    process.env.TMPDIR = scratch;
    const dir = join(root, "imgs");
    writeFile(join(dir, "a", "1.png"), pngBytes(2, 2, 1, [1, 2, 3, 4]));
    writeFile(join(dir, "b", "2.png"), pngBytes(2, 2, 1, [5, 6, 7, 8]));
    const ds = await openDataset(dir, classifier(root, [1, 2, 2], 2));
    expect(readdirSync(scratch)).toEqual([]);
    // …and the samples are still read from the (deleted) file.
    expect([...readBatch(ds, [1]).get("image")!.data].map((v) => Math.round(v * 255))).toEqual([5, 6, 7, 8]);
    writeFileSync(join(scratch, "x"), "");
  });
});
