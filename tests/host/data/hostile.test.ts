// .npy files and data folders made to hurt: special files (a FIFO would
// block forever, /dev/zero would never end), files past the size limit
// (sparse, so they cost no disk), headers of garbage that must not be echoed
// whole, and control characters that must never reach the terminal raw.
// Every case ends in a DataError with a short, printable message.

import { execFileSync } from "node:child_process";
import { closeSync, ftruncateSync, mkdirSync, mkdtempSync, openSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Graph } from "../../../core/ir/graph.js";
import { checkFile } from "../../../compiler/pipeline.js";
import { loadDataset } from "../../../host/data/dataset.js";
import { DataError, decodeNpy, encodeNpy, MAX_NPY_BYTES, MAX_NPY_HEADER_BYTES, readNpy } from "../../../host/data/npy.js";

const dir = mkdtempSync(join(tmpdir(), "dlc-npy-hostile-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Any C0 or C1 control character other than newline: what must never reach a terminal raw. */
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

function dataError(f: () => unknown): string {
  let err: unknown;
  try {
    f();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(DataError);
  const msg = (err as Error).message;
  expect(msg).not.toMatch(RAW_CONTROL);
  return msg;
}

/** A version-2.0 .npy file with `header` as it is (no padding), then `data`. */
function npyV2(header: Uint8Array, data: readonly number[] = []): Uint8Array {
  const out = new Uint8Array(12 + header.length + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 2, 0]);
  new DataView(out.buffer).setUint32(8, header.length, true);
  out.set(header, 12);
  out.set(data, 12 + header.length);
  return out;
}

const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

describe("special files and sizes", () => {
  it.skipIf(process.platform === "win32")("a FIFO is refused at once, not waited on", () => {
    const fifo = join(dir, "fifo.npy");
    execFileSync("mkfifo", [fifo]);
    // No writer ever opens the FIFO: a blocking read would hang this test.
    expect(dataError(() => readNpy(fifo))).toMatch(/fifo\.npy': not a regular file \(a device, FIFO or socket\); expected a \.npy data file/);
  });

  it.skipIf(process.platform === "win32")("a symbolic link to /dev/zero is refused, not read without end", () => {
    const zero = join(dir, "zero.npy");
    symlinkSync("/dev/zero", zero);
    expect(dataError(() => readNpy(zero))).toMatch(/zero\.npy': not a regular file/);
  });

  it("a folder, and a loop of symbolic links, are named as such", () => {
    const folder = join(dir, "folder.npy");
    mkdirSync(folder);
    expect(dataError(() => readNpy(folder))).toMatch(/folder\.npy': it is a folder/);
    const loop = join(dir, "loop.npy");
    symlinkSync(loop, loop);
    expect(dataError(() => readNpy(loop))).toMatch(/loop\.npy': a loop of symbolic links/);
  });

  it("a file over the limit is refused before it is read, and the message gives the limit", () => {
    // Sparse: one byte over 4 GiB costs nothing on disk and is never read.
    const big = join(dir, "big.npy");
    const fd = openSync(big, "w");
    ftruncateSync(fd, MAX_NPY_BYTES + 1);
    closeSync(fd);
    const msg = dataError(() => readNpy(big));
    expect(msg).toMatch(/big\.npy: file is 4096\.0 MiB; dlc reads a \.npy data file up to 4096\.0 MiB \(the most one typed array holds/);
  });
});

describe("hostile headers", () => {
  it("a 20 MB header is refused by its length, before it is decoded", () => {
    const header = new Uint8Array(20 * 1024 * 1024).fill(0x41);
    const msg = dataError(() => decodeNpy(npyV2(header), "huge.npy"));
    expect(msg).toBe(`huge.npy: header length ${header.length} bytes is over dlc's limit of ${MAX_NPY_HEADER_BYTES} (numpy writes about 100; corrupt, or not a .npy file)`);
  });

  it("a malformed header just under the limit is quoted cut, not whole", () => {
    const header = ascii("{" + "x".repeat(MAX_NPY_HEADER_BYTES - 1));
    const msg = dataError(() => decodeNpy(npyV2(header), "long.npy"));
    expect(msg).toMatch(/^long\.npy: malformed header/);
    expect(msg).toMatch(/… \(\d+ more characters\)/);
    expect(msg.length).toBeLessThan(500);
  });

  it("ESC and BEL bytes in a header are shown escaped", () => {
    const evil = "\u001b]0;pwned\u0007\u001b[2J";
    const malformed = dataError(() => decodeNpy(npyV2(ascii(`{'descr': ${evil}}`)), "esc.npy"));
    expect(malformed).toContain("\\x1b]0;pwned\\x07\\x1b[2J");
    const descr = dataError(() => decodeNpy(npyV2(ascii(`{'descr': '${evil}', 'fortran_order': False, 'shape': (1,), }`)), "descr.npy"));
    expect(descr).toContain("unsupported dtype '\\x1b]0;pwned\\x07\\x1b[2J'");
  });

  it("a shape too large for any file, or with thousands of dimensions, gives a short message", () => {
    const huge = dataError(() => decodeNpy(npyV2(ascii("{'descr': '<f4', 'fortran_order': False, 'shape': (100000000000, 100000000000), }")), "h.npy"));
    expect(huge).toMatch(/shape \(100000000000, 100000000000\) of float32 has more elements than any file holds/);
    const dims = `(${new Array(5000).fill("1").join(", ")})`;
    const long = dataError(() => decodeNpy(npyV2(ascii(`{'descr': '<f4', 'fortran_order': False, 'shape': ${dims}, }`)), "dims.npy"));
    expect(long).toMatch(/truncated data: shape \(1, 1, .*… \(\d+ more characters\) of float32 needs 4 bytes, the file holds 0/);
    expect(long.length).toBeLessThan(300);
  });

  it("a header of thousands of entries is parsed to its end and refused", () => {
    // ~14,000 dict entries just under the header limit, the last one cut
    // open. (The parser matches words in place: copying the rest of the
    // header per value would be ~10⁹ character copies here.)
    const entries = new Array(30_000).fill("'a':1").join(",");
    const header = ascii(`{${entries.slice(0, MAX_NPY_HEADER_BYTES - 100)}}`);
    expect(dataError(() => decodeNpy(npyV2(header), "many.npy"))).toMatch(/many\.npy: /);
  });
});

describe("a data folder", () => {
  let graph: Graph;
  beforeAll(() => {
    const r = checkFile("examples/tiny-train/net.net");
    if (!r.graph) throw new Error(r.diagnostics.map((d) => d.message).join("\n"));
    graph = r.graph;
  });

  it.skipIf(process.platform === "win32")("with a FIFO as image.npy is refused, naming the file", () => {
    const data = join(dir, "fifo-data");
    mkdirSync(data);
    execFileSync("mkfifo", [join(data, "image.npy")]);
    writeFileSync(join(data, "label.npy"), encodeNpy([2], Int32Array.of(0, 1)));
    expect(dataError(() => loadDataset(data, graph))).toMatch(/fifo-data\/image\.npy': not a regular file/);
  });

  it("with a symlink loop as label.npy says so, not 'missing'", () => {
    const data = join(dir, "loop-data");
    mkdirSync(data);
    writeFileSync(join(data, "image.npy"), encodeNpy([2, 1, 8, 8], new Float32Array(128)));
    symlinkSync(join(data, "label.npy"), join(data, "label.npy"));
    const msg = dataError(() => loadDataset(data, graph));
    expect(msg).toMatch(/label\.npy': a loop of symbolic links/);
    expect(msg).not.toContain("missing");
  });
});
