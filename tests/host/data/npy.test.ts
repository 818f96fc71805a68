// The .npy reader on files assembled byte by byte here (never by our
// writer), its refusals, and the writer by round trip and against a header
// written out by hand.

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DataError, decodeNpy, encodeNpy, readNpy, writeNpy, type NpyDType } from "../../../host/data/npy.js";

const dir = mkdtempSync(join(tmpdir(), "dlc-npy-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ascii = (s: string) => Array.from(s, (c) => c.charCodeAt(0));

/**
 * A .npy file by hand: magic, version, header length (2 bytes little-endian
 * for 1.0, 4 for 2.0), the header padded with spaces to a 64-byte boundary
 * and ended by '\n', then the data bytes as given.
 */
function npyFile(major: number, header: string, data: readonly number[], opts: { pad?: boolean } = {}): Uint8Array {
  const pre = major === 1 ? 10 : 12;
  let text = header;
  if (opts.pad !== false) {
    const total = Math.ceil((pre + header.length + 1) / 64) * 64;
    text = header + " ".repeat(total - pre - header.length - 1) + "\n";
  }
  const n = text.length;
  const len = major === 1 ? [n & 0xff, n >> 8] : [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, n >>> 24];
  return Uint8Array.from([0x93, ...ascii("NUMPY"), major, 0, ...len, ...ascii(text), ...data]);
}

function save(name: string, bytes: Uint8Array): string {
  const p = join(dir, name);
  writeFileSync(p, bytes);
  return p;
}

describe("readNpy on hand-made files", () => {
  it("reads float32, version 1.0", () => {
    // 1.5 = 0x3FC00000, −2 = 0xC0000000, little-endian.
    const p = save("f32.npy", npyFile(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", [0, 0, 0xc0, 0x3f, 0, 0, 0, 0xc0]));
    const a = readNpy(p);
    expect(a.dtype).toBe("float32");
    expect(a.shape).toEqual([2]);
    expect(a.data).toBeInstanceOf(Float32Array);
    expect(Array.from(a.data)).toEqual([1.5, -2]);
  });

  it("reads float64 from a version 2.0 file (4-byte header length)", () => {
    // 0.5 = 0x3FE0000000000000; −0.25 = 0xBFD0000000000000.
    const bytes = npyFile(2, "{'descr': '<f8', 'fortran_order': False, 'shape': (1, 2), }", [0, 0, 0, 0, 0, 0, 0xe0, 0x3f, 0, 0, 0, 0, 0, 0, 0xd0, 0xbf]);
    expect(bytes[6]).toBe(2);
    const a = readNpy(save("f64v2.npy", bytes));
    expect(a.dtype).toBe("float64");
    expect(a.shape).toEqual([1, 2]);
    expect(Array.from(a.data)).toEqual([0.5, -0.25]);
  });

  it("reads uint8, int32 and int64 (negative values, a 0-d array)", () => {
    const u8 = readNpy(save("u8.npy", npyFile(1, "{'descr': '|u1', 'fortran_order': False, 'shape': (2, 3), }", [0, 1, 2, 127, 128, 255])));
    expect(u8.dtype).toBe("uint8");
    expect(u8.shape).toEqual([2, 3]);
    expect(Array.from(u8.data)).toEqual([0, 1, 2, 127, 128, 255]);

    const i32 = readNpy(save("i32.npy", npyFile(1, "{'descr': '<i4', 'fortran_order': False, 'shape': (3,), }", [0xff, 0xff, 0xff, 0xff, 2, 1, 0, 0, 0xff, 0xff, 0xff, 0x7f])));
    expect(i32.dtype).toBe("int32");
    expect(Array.from(i32.data)).toEqual([-1, 258, 2147483647]);

    // −2, then 2⁵³ − 1 = 0x001FFFFFFFFFFFFF.
    const i64 = readNpy(save("i64.npy", npyFile(1, "{'descr': '<i8', 'fortran_order': False, 'shape': (2,), }", [0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x1f, 0])));
    expect(i64.dtype).toBe("int64");
    expect(Array.from(i64.data)).toEqual([-2, Number.MAX_SAFE_INTEGER]);

    const scalar = readNpy(save("scalar.npy", npyFile(1, "{'descr': '<i4', 'fortran_order': False, 'shape': (), }", [7, 0, 0, 0])));
    expect(scalar.shape).toEqual([]);
    expect(Array.from(scalar.data)).toEqual([7]);
  });

  it("accepts header variations: double quotes, key order, no trailing comma, no padding", () => {
    const a = decodeNpy(npyFile(1, `{"shape": (1,), "fortran_order": False, "descr": "<i4"}`, [5, 0, 0, 0], { pad: false }), "x.npy");
    expect(Array.from(a.data)).toEqual([5]);
  });

  it("reads an empty array", () => {
    const a = decodeNpy(npyFile(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (0, 3), }", []), "empty.npy");
    expect(a.shape).toEqual([0, 3]);
    expect(a.data.length).toBe(0);
  });
});

describe("readNpy refuses bad files with the file name and the problem", () => {
  const good = "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }";
  const eight = [0, 0, 0x80, 0x3f, 0, 0, 0, 0x40];
  const refuse = (name: string, bytes: Uint8Array, problem: RegExp) => {
    const p = save(name, bytes);
    let err: unknown;
    try {
      readNpy(p);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DataError);
    const msg = (err as Error).message;
    expect(msg).toContain(p);
    expect(msg).toMatch(problem);
  };

  it("bad magic", () => {
    refuse("magic.npy", Uint8Array.from([...ascii("PK\x03\x04 not numpy at all")]), /bad magic/);
    const bytes = npyFile(1, good, eight);
    bytes[0] = 0x92;
    refuse("magic2.npy", bytes, /bad magic/);
  });

  it("truncated header", () => {
    refuse("short.npy", Uint8Array.from([0x93, ...ascii("NUMPY"), 1, 0, 0x76]), /truncated header/);
    refuse("cut.npy", npyFile(1, good, eight).slice(0, 40), /truncated header/);
  });

  it("truncated data and a data length that disagrees with the shape", () => {
    refuse("trunc.npy", npyFile(1, good, eight.slice(0, 6)), /truncated data.*needs 8 bytes.*holds 6/);
    refuse("long.npy", npyFile(1, good, [...eight, 0, 0, 0, 0]), /shape\/data length mismatch.*needs 8 bytes.*holds 12/);
  });

  it("unsupported dtypes, byte order and fortran order", () => {
    refuse("f16.npy", npyFile(1, "{'descr': '<f2', 'fortran_order': False, 'shape': (2,), }", [0, 0, 0, 0]), /unsupported dtype '<f2'/);
    refuse("be.npy", npyFile(1, "{'descr': '>f4', 'fortran_order': False, 'shape': (2,), }", eight), /unsupported dtype '>f4' \(big-endian\)/);
    refuse("bool.npy", npyFile(1, "{'descr': '|b1', 'fortran_order': False, 'shape': (2,), }", [1, 0]), /unsupported dtype '\|b1'/);
    refuse("fortran.npy", npyFile(1, "{'descr': '<f4', 'fortran_order': True, 'shape': (2,), }", eight), /fortran_order/);
  });

  it("an int64 beyond the safe integers, an unknown version, a malformed header", () => {
    refuse("huge.npy", npyFile(1, "{'descr': '<i8', 'fortran_order': False, 'shape': (1,), }", [0, 0, 0, 0, 0, 0, 0x20, 0]), /int64 value 9007199254740992/);
    const v3 = npyFile(1, good, eight);
    v3[6] = 3;
    refuse("v3.npy", v3, /version 3\.0/);
    refuse("garbled.npy", npyFile(1, "{'descr': '<f4', 'shape': (2,", eight), /malformed header/);
    refuse("noshape.npy", npyFile(1, "{'descr': '<f4', 'fortran_order': False}", eight), /shape/);
  });

  it("a missing file", () => {
    expect(() => readNpy(join(dir, "nope.npy"))).toThrow(/cannot read '.*nope\.npy': no such file/);
  });
});

describe("writeNpy", () => {
  it("writes the header numpy writes: version 1.0, padded to 64 bytes, '\\n' last", () => {
    const bytes = encodeNpy([2], Float32Array.of(1.5, -2));
    expect(Array.from(bytes)).toEqual(Array.from(npyFile(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", [0, 0, 0xc0, 0x3f, 0, 0, 0, 0xc0])));
    expect(bytes.length).toBe(128 + 8); // 10 + 59 header characters + "\n" > 64: two 64-byte blocks
  });

  it("round-trips every dtype", () => {
    const cases: [NpyDType, number[], number[]][] = [
      ["float32", [2, 3], [0, 0.5, -1.25, 3, 1e-3, -7]],
      ["float64", [3], [Math.PI, -1e-300, 1e300]],
      ["uint8", [1, 4], [0, 1, 200, 255]],
      ["int32", [2, 2], [-2147483648, -1, 0, 2147483647]],
      ["int64", [3], [Number.MIN_SAFE_INTEGER, 0, Number.MAX_SAFE_INTEGER]],
      ["float64", [], [42]],
    ];
    for (const [dtype, shape, values] of cases) {
      const p = join(dir, `rt-${dtype}-${shape.length}.npy`);
      writeNpy(p, shape, values, dtype);
      const a = readNpy(p);
      expect(a.dtype).toBe(dtype);
      expect(a.shape).toEqual(shape);
      const want = dtype === "float32" ? Array.from(Float32Array.from(values)) : values;
      expect(Array.from(a.data)).toEqual(want);
    }
  });

  it("refuses a data length that disagrees with the shape, and values the dtype cannot hold", () => {
    expect(() => encodeNpy([2, 2], [1, 2, 3])).toThrow(/shape\/data length mismatch/);
    expect(() => encodeNpy([1], [256], "uint8")).toThrow(/does not fit uint8/);
    expect(() => encodeNpy([1], [0.5], "int32")).toThrow(/does not fit int32/);
  });
});
