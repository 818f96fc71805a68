// MNIST idx files (plain and gzipped) read sample by sample: pixels /255 in
// order, labels as written, the split chosen by prefix, and bad files named.

import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDataset } from "../../../host/data/open.js";
import { readBatch } from "../../../host/data/source.js";
import { classifier, message } from "./nets.js";
import { idxBytes, writeFile } from "./image_files.js";

const root = mkdtempSync(join(tmpdir(), "dlc-idx-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let count = 0;
const folder = () => join(root, `d${count++}`);

/** Three 2×3 images whose pixel k of image i is 10·i + k, labels 2, 0, 1. */
const pixels = Array.from({ length: 18 }, (_, j) => 10 * Math.floor(j / 6) + (j % 6));
const labels = [2, 0, 1];

function mnist(dir: string, prefix = "train", gzip = false, images = pixels, labelList = labels): string {
  const gz = gzip ? ".gz" : "";
  writeFile(join(dir, `${prefix}-images-idx3-ubyte${gz}`), idxBytes([images.length / 6, 2, 3], images, gzip));
  writeFile(join(dir, `${prefix}-labels-idx1-ubyte${gz}`), idxBytes([labelList.length], labelList, gzip));
  return dir;
}

describe("MNIST idx files", () => {
  for (const gzip of [false, true]) {
    it(`reads pixels and labels exactly${gzip ? " (gzipped)" : ""}, in the order asked`, async () => {
      const dir = mnist(folder(), "train", gzip);
      const graph = classifier(root, [1, 2, 3], 3);
      const ds = await openDataset(dir, graph);
      expect(ds.size).toBe(3);
      const b = readBatch(ds, [2, 0]);
      expect(b.get("image")!.shape).toEqual([2, 1, 2, 3]);
      expect([...b.get("image")!.data]).toEqual([...pixels.slice(12, 18), ...pixels.slice(0, 6)].map((v) => v / 255));
      expect([...b.get("label")!.data]).toEqual([1, 2]);
    });
  }

  it("feeds a flat input the same values", async () => {
    const ds = await openDataset(mnist(folder()), classifier(root, [6], 3));
    expect([...readBatch(ds, [1]).get("image")!.data]).toEqual(pixels.slice(6, 12).map((v) => v / 255));
  });

  it("reads the train split for training and t10k for testing when the folder holds both", async () => {
    const dir = mnist(mnist(folder(), "train"), "t10k", false, pixels.slice(0, 6).map((v) => 255 - v), [1]);
    const graph = classifier(root, [1, 2, 3], 3);
    expect((await openDataset(dir, graph, { split: "train" })).size).toBe(3);
    const test = await openDataset(dir, graph, { split: "test" });
    expect(test.size).toBe(1);
    expect([...readBatch(test, [0]).get("image")!.data]).toEqual(pixels.slice(0, 6).map((v) => (255 - v) / 255));
  });

  it("refuses a label file whose count disagrees with the images, naming both", async () => {
    const dir = mnist(folder(), "train", false, pixels, [2, 0]);
    const m = await message(openDataset(dir, classifier(root, [1, 2, 3], 3)));
    expect(m).toContain(join(dir, "train-labels-idx1-ubyte"));
    expect(m).toContain("holds 2 labels");
    expect(m).toContain("3 images");
  });

  it("refuses a truncated image file, a wrong magic, a label beyond the classes and images of another size", async () => {
    const graph = classifier(root, [1, 2, 3], 3);
    const short = mnist(folder());
    writeFile(join(short, "train-images-idx3-ubyte"), idxBytes([3, 2, 3], pixels).subarray(0, 30));
    expect(await message(openDataset(short, graph))).toMatch(/train-images-idx3-ubyte: truncated: .* 34 bytes in all, but the file has 30/);

    const magic = mnist(folder());
    writeFile(join(magic, "train-labels-idx1-ubyte"), idxBytes([3, 1], [0, 1, 2]));
    expect(await message(openDataset(magic, graph))).toMatch(/train-labels-idx1-ubyte: not an idx1 file .*magic 0x00000802/);

    const big = mnist(folder(), "train", false, pixels, [2, 0, 3]);
    expect(await message(openDataset(big, graph))).toMatch(/train-labels-idx1-ubyte: label 3 of sample 2 is not a class index in 0\.\.2/);

    expect(await message(openDataset(mnist(folder()), classifier(root, [1, 3, 2], 3)))).toContain("holds images of [1, 2, 3], but input 'image' takes [1, 3, 2]");
  });

  it("refuses a FIFO or a link to /dev/zero as an idx file, naming it, without blocking or reading forever", async () => {
    const graph = classifier(root, [1, 2, 3], 3);
    const fifo = folder();
    mkdirSync(fifo);
    execFileSync("mkfifo", [join(fifo, "train-images-idx3-ubyte")]);
    writeFile(join(fifo, "train-labels-idx1-ubyte"), idxBytes([3], labels));
    expect(await message(openDataset(fifo, graph))).toContain(`${join(fifo, "train-images-idx3-ubyte")}': not a regular file`);
    const zero = folder();
    mkdirSync(zero);
    symlinkSync("/dev/zero", join(zero, "train-images-idx3-ubyte.gz"));
    writeFile(join(zero, "train-labels-idx1-ubyte.gz"), idxBytes([3], labels, true));
    expect(await message(openDataset(zero, graph))).toContain("not a regular file");
  });

  it("refuses a corrupt gzip stream, naming the file", async () => {
    const dir = mnist(folder(), "train", true);
    writeFile(join(dir, "train-images-idx3-ubyte.gz"), Buffer.from("not gzip at all"));
    expect(await message(openDataset(dir, classifier(root, [1, 2, 3], 3)))).toContain(`${join(dir, "train-images-idx3-ubyte.gz")}: cannot inflate`);
  });
});
