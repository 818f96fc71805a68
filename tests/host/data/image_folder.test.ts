// Image folders: PNGs written by hand (image_files.ts) decode to exactly the
// pixels put in, as channel planes; classes are the sorted subfolders; the
// channels follow the network's input; bad folders and files are named.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { detectFormat } from "../../../host/data/detect.js";
import { openDataset } from "../../../host/data/open.js";
import { readBatch, type DataSource } from "../../../host/data/source.js";
import { classifier, message } from "./nets.js";
import { pngBytes, writeFile } from "./image_files.js";

const root = mkdtempSync(join(tmpdir(), "dlc-images-test-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let count = 0;
const folder = () => join(root, `d${count++}`);

// 3 wide, 2 high.
const GRAY = [0, 1, 2, 128, 254, 255];
const RGB = [255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30, 40, 50, 60, 70, 80, 90];
/** RGB's interleaved pixels as R, G, B planes. */
const RGB_PLANES = [0, 1, 2].flatMap((c) => [0, 1, 2, 3, 4, 5].map((p) => RGB[p * 3 + c]!));

describe("image folders", () => {
  it("decodes grayscale and RGB PNGs to exactly their pixels, classes in name order", async () => {
    const dir = folder();
    // "zebra" before "apple" on disk; sorted, apple is class 0.
    writeFile(join(dir, "zebra", "b.png"), pngBytes(3, 2, 1, GRAY));
    writeFile(join(dir, "zebra", "a.png"), pngBytes(3, 2, 1, [...GRAY].reverse()));
    writeFile(join(dir, "apple", "x.png"), pngBytes(3, 2, 1, GRAY.map((v) => 255 - v)));
    writeFile(join(dir, "apple", "notes.txt"), Buffer.from("not an image"));
    expect(detectFormat(dir)).toBe("images");
    const ds = (await openDataset(dir, classifier(root, [1, 2, 3], 2))) as DataSource;
    expect(ds.size).toBe(3);
    expect(ds.description).toContain("2 classes (apple, zebra)");
    const b = readBatch(ds, [0, 1, 2]);
    expect([...b.get("label")!.data]).toEqual([0, 1, 1]);
    // zebra's files sorted: a.png (reversed) then b.png.
    expect([...b.get("image")!.data].map((v) => Math.round(v * 255))).toEqual([...GRAY.map((v) => 255 - v), ...[...GRAY].reverse(), ...GRAY]);
    ds.close();
  });

  it("gives RGB as R, G, B planes; grayscale repeated into 3 channels; alpha dropped", async () => {
    const dir = folder();
    writeFile(join(dir, "a", "rgb.png"), pngBytes(3, 2, 3, RGB));
    writeFile(join(dir, "a", "gray.png"), pngBytes(3, 2, 1, GRAY));
    writeFile(join(dir, "b", "rgba.png"), pngBytes(3, 2, 4, RGB.flatMap((v, i) => (i % 3 === 2 ? [v, 77] : [v]))));
    const ds = await openDataset(dir, classifier(root, [3, 2, 3], 2));
    const px = (i: number) => [...readBatch(ds, [i]).get("image")!.data].map((v) => Math.round(v * 255));
    expect(px(0)).toEqual([...GRAY, ...GRAY, ...GRAY]); // a/gray.png sorts before a/rgb.png
    expect(px(1)).toEqual(RGB_PLANES);
    expect(px(2)).toEqual(RGB_PLANES);
  });

  it("--resize scales every image to the input's size (a flat colour stays that colour)", async () => {
    const dir = folder();
    writeFile(join(dir, "a", "big.png"), pngBytes(6, 4, 1, new Array(24).fill(200)));
    writeFile(join(dir, "b", "small.png"), pngBytes(1, 1, 1, [50]));
    const ds = await openDataset(dir, classifier(root, [1, 2, 3], 2), { resize: "cover" });
    expect([...readBatch(ds, [0, 1]).get("image")!.data].map((v) => Math.round(v * 255))).toEqual([...new Array(6).fill(200), ...new Array(6).fill(50)]);
  });

  it("normalises per channel and augments only batches read with an epoch, the same way for the same seed", async () => {
    const dir = folder();
    for (let i = 0; i < 4; i++) writeFile(join(dir, i < 2 ? "a" : "b", `${i}.png`), pngBytes(3, 2, 3, RGB.map((v) => (v + 40 * i) % 256)));
    const graph = classifier(root, [3, 2, 3], 2);
    const normalize = { mean: [0.5, 0.25, 0], std: [0.5, 0.25, 2] };
    const plain = await openDataset(dir, graph, { normalize });
    const want = RGB_PLANES.map((v, j) => (v / 255 - normalize.mean[Math.floor(j / 6)]!) / normalize.std[Math.floor(j / 6)]!);
    expect([...readBatch(plain, [0]).get("image")!.data]).toEqual(want);

    const augment = { cropPadding: 1, flip: true };
    const open = (seed: number) => openDataset(dir, graph, { normalize, augment, seed });
    const [a, b, c] = await Promise.all([open(1), open(1), open(2)]);
    const batch = (ds: typeof a, epoch?: number) => [...readBatch(ds, [0, 1, 2, 3], epoch).get("image")!.data];
    expect(batch(a, 0)).toEqual(batch(b, 0));
    expect(batch(a, 1)).not.toEqual(batch(a, 0));
    expect(batch(c, 0)).not.toEqual(batch(a, 0));
    // Without an epoch (evaluation): the plain, normalised pixels.
    expect(batch(a).slice(0, 18)).toEqual(want);
    // A sample's augmentation does not depend on the batch it is read in.
    expect([...readBatch(a, [2], 1).get("image")!.data]).toEqual(batch(a, 1).slice(36, 54));
  });

  it("names the corrupt image, the image of another size, the empty class folder", async () => {
    const graph = classifier(root, [1, 2, 3], 2);
    const corrupt = folder();
    writeFile(join(corrupt, "a", "ok.png"), pngBytes(3, 2, 1, GRAY));
    const bad = writeFile(join(corrupt, "b", "bad.png"), pngBytes(3, 2, 1, GRAY).subarray(0, 40));
    expect(await message(openDataset(corrupt, graph))).toContain(`${bad}: cannot decode the image`);

    const mixed = folder();
    writeFile(join(mixed, "a", "ok.png"), pngBytes(3, 2, 1, GRAY));
    const odd = writeFile(join(mixed, "b", "odd.png"), pngBytes(4, 2, 1, [...GRAY, 1, 2]));
    expect(await message(openDataset(mixed, graph))).toBe(`${odd}: the image is 4×2 (width×height), but the network's input is 3×2; pass --resize to scale every image to the input's size`);

    const empty = folder();
    writeFile(join(empty, "a", "ok.png"), pngBytes(3, 2, 1, GRAY));
    writeFile(join(empty, "b", "readme.md"), Buffer.from("#"));
    expect(await message(openDataset(empty, graph))).toBe(`${join(empty, "b")}: empty class folder: no .png, .jpg, .jpeg or .webp images (1 other file(s) skipped); remove the folder or add images`);
  });

  it("refuses class folders that disagree with the network's classes, and a network that is no image classifier", async () => {
    const dir = folder();
    writeFile(join(dir, "a", "ok.png"), pngBytes(3, 2, 1, GRAY));
    expect(await message(openDataset(dir, classifier(root, [1, 2, 3], 2)))).toContain("1 class folder(s) (a), but cross_entropy on 'logits' has 2 classes");
    expect(await message(openDataset(dir, classifier(root, [6], 1)))).toContain("images feed an input of shape [C, H, W]");
  });
});
