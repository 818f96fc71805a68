// CIFAR-10 binary batches: records read at their offsets, the R, G, B planes
// in order, training batches in numeric order, and bad files named.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDataset } from "../../../host/data/open.js";
import { readBatch } from "../../../host/data/source.js";
import { cifarBytes, writeFile } from "./image_files.js";
import { classifier, message } from "./nets.js";

const root = mkdtempSync(join(tmpdir(), "dlc-cifar-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let count = 0;
const folder = () => join(root, `d${count++}`);

/** Record r's pixel: a value from the record, the channel and the position, below 256. */
const value = (r: number, c: number, y: number, x: number) => (r * 50 + c * 17 + y * 3 + x) % 256;
const record = (r: number, label: number) => ({ label, pixel: (c: number, y: number, x: number) => value(r, c, y, x) });
const planes = (r: number) => Array.from({ length: 3072 }, (_, i) => value(r, Math.floor(i / 1024), Math.floor(i / 32) % 32, i % 32) / 255);

describe("CIFAR-10 binary batches", () => {
  const graph = () => classifier(root, [3, 32, 32], 10);

  it("reads data_batch_1, data_batch_2, … in numeric order, pixels and labels exactly", async () => {
    const dir = folder();
    writeFile(join(dir, "data_batch_10.bin"), cifarBytes([record(3, 9)]));
    writeFile(join(dir, "data_batch_2.bin"), cifarBytes([record(1, 4), record(2, 0)]));
    writeFile(join(dir, "data_batch_1.bin"), cifarBytes([record(0, 7)]));
    writeFile(join(dir, "test_batch.bin"), cifarBytes([record(5, 1)]));
    const ds = await openDataset(dir, graph());
    expect(ds.size).toBe(4);
    const b = readBatch(ds, [3, 1]);
    expect([...b.get("label")!.data]).toEqual([9, 4]);
    expect([...b.get("image")!.data]).toEqual([...planes(3), ...planes(1)]);
    const test = await openDataset(dir, graph(), { split: "test" });
    expect(test.size).toBe(1);
    expect([...readBatch(test, [0]).get("image")!.data]).toEqual(planes(5));
  });

  it("refuses a truncated record, naming the file and the record", async () => {
    const dir = folder();
    writeFile(join(dir, "data_batch_1.bin"), cifarBytes([record(0, 1), record(1, 2)]).subarray(0, 3073 + 100));
    expect(await message(openDataset(dir, graph()))).toBe(
      `${join(dir, "data_batch_1.bin")}: truncated record: 3173 bytes is 1 whole record(s) of 3073 bytes (1 label byte and 3072 pixel bytes) and 100 byte(s) of record 1`,
    );
  });

  it("refuses a label beyond 9 and the Python version's pickles", async () => {
    const bad = folder();
    writeFile(join(bad, "data_batch_1.bin"), cifarBytes([record(0, 1), record(1, 12)]));
    expect(await message(openDataset(bad, graph()))).toContain(`${join(bad, "data_batch_1.bin")}: record 1 has label 12`);
    const pickled = folder();
    writeFile(join(pickled, "data_batch_1"), Buffer.from("\x80\x02}q\x00"));
    expect(await message(openDataset(pickled, graph()))).toContain("the Python version of CIFAR-10");
  });

  it("refuses a network whose input is not 3×32×32", async () => {
    const dir = folder();
    writeFile(join(dir, "data_batch_1.bin"), cifarBytes([record(0, 1)]));
    expect(await message(openDataset(dir, classifier(root, [1, 32, 32], 10)))).toContain("holds images of [3, 32, 32], but input 'image' takes [1, 32, 32]");
  });
});
