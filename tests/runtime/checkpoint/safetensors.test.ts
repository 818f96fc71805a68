// The safetensors reader and writer: a file written out byte by byte here
// (never by our writer) decodes and is exactly what the writer produces,
// round trips, the reference implementation agrees where Python's
// `safetensors` is installed, and every kind of corrupt or malicious file
// is refused with a CheckpointError that names the file and the problem.

import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { CheckpointError, decodeSafetensors, encodeSafetensors, MAX_HEADER_BYTES, type SafeTensor } from "../../../runtime/checkpoint/safetensors.js";

const dir = mkdtempSync(join(tmpdir(), "dlc-safetensors-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ascii = (s: string) => Array.from(s, (c) => c.charCodeAt(0));

/** Eight little-endian bytes of a length (below 2⁵³). */
function u64(n: number): number[] {
  const out: number[] = [];
  let v = BigInt(n);
  for (let i = 0; i < 8; i++) {
    out.push(Number(v & 0xffn));
    v >>= 8n;
  }
  return out;
}

/** A safetensors file by hand: length, the header (padded with spaces to 8 unless told), the data bytes as given. */
function stFile(header: string, data: readonly number[], opts: { pad?: boolean; length?: number[] } = {}): Uint8Array {
  const text = opts.pad === false ? header : header + " ".repeat((8 - (header.length % 8)) % 8);
  return Uint8Array.from([...(opts.length ?? u64(text.length)), ...ascii(text), ...data]);
}

const F32_1 = [0x00, 0x00, 0x80, 0x3f]; // 1.0f
const F32_2 = [0x00, 0x00, 0x00, 0x40]; // 2.0f

describe("a file written by hand", () => {
  // {"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}} is 54 bytes; two spaces pad it to 56 = 0x38.
  const tiny = Uint8Array.from([
    0x38, 0, 0, 0, 0, 0, 0, 0,
    ...ascii('{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}  '),
    ...F32_1,
    ...F32_2,
  ]);

  it("decodes: one F32 tensor [2] = [1, 2]", () => {
    const { tensors, metadata } = decodeSafetensors(tiny, "tiny.safetensors");
    expect([...tensors.keys()]).toEqual(["a"]);
    const a = tensors.get("a")!;
    expect(a.dtype).toBe("F32");
    expect(a.shape).toEqual([2]);
    expect(a.data).toBeInstanceOf(Float32Array);
    expect([...a.data]).toEqual([1, 2]);
    expect(metadata).toEqual({});
  });

  it("is exactly what the encoder writes", () => {
    const bytes = encodeSafetensors(new Map([["a", { dtype: "F32", shape: [2], data: Float32Array.of(1, 2) }]]));
    expect([...bytes]).toEqual([...tiny]);
  });

  it("with metadata and several dtypes, the writer matches a hand-written layout: metadata first, I64, F64, F32, then names", () => {
    const header =
      '{"__metadata__":{"format":"pt","x":"y"},' +
      '"c":{"dtype":"I64","shape":[],"data_offsets":[0,8]},' +
      '"b":{"dtype":"F64","shape":[1],"data_offsets":[8,16]},' +
      '"a":{"dtype":"F32","shape":[1,1],"data_offsets":[16,20]},' +
      '"z":{"dtype":"F32","shape":[0],"data_offsets":[20,20]}}';
    const data = [...u64(7), 0, 0, 0, 0, 0, 0, 0xf0, 0x3f /* 1.0 */, ...F32_2];
    const bytes = encodeSafetensors(
      new Map<string, SafeTensor>([
        ["z", { dtype: "F32", shape: [0], data: new Float32Array(0) }],
        ["a", { dtype: "F32", shape: [1, 1], data: Float32Array.of(2) }],
        ["b", { dtype: "F64", shape: [1], data: Float64Array.of(1) }],
        ["c", { dtype: "I64", shape: [], data: BigInt64Array.of(7n) }],
      ]),
      { x: "y", format: "pt" },
    );
    expect([...bytes]).toEqual([...stFile(header, data)]);
    const back = decodeSafetensors(bytes, "m.safetensors");
    expect(back.metadata).toEqual({ format: "pt", x: "y" });
    expect(back.tensors.get("c")!.data).toEqual(BigInt64Array.of(7n));
    expect(back.tensors.get("z")!.shape).toEqual([0]);
  });

  it("an unpadded header is accepted, as the reference reader does", () => {
    const t = decodeSafetensors(stFile('{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}', F32_1, { pad: false }), "u.safetensors");
    expect([...t.tensors.get("a")!.data]).toEqual([1]);
  });
});

describe("round trip", () => {
  it("keeps names, dtypes, shapes, values and metadata", () => {
    const tensors = new Map<string, SafeTensor>([
      ["layer1.0.conv1.weight", { dtype: "F32", shape: [2, 1, 3, 3], data: Float32Array.from({ length: 18 }, (_, i) => Math.fround(Math.sin(i) * 1e3)) }],
      ["bn1.running_mean", { dtype: "F32", shape: [2], data: Float32Array.of(-0, Number.NaN) }],
      ["optimizer/x/exp_avg", { dtype: "F64", shape: [3], data: Float64Array.of(Math.PI, -Infinity, 5e-324) }],
      ["optimizer/x/step", { dtype: "F64", shape: [], data: Float64Array.of(3) }],
      ["ids", { dtype: "I64", shape: [2], data: BigInt64Array.of(-(2n ** 63n), 2n ** 63n - 1n) }],
      ["naïve ∑ 🙂", { dtype: "F32", shape: [1], data: Float32Array.of(1) }],
    ]);
    const meta = { epoch: "3", "ключ": "значение 🙂", quote: 'a"b\\c\n' };
    const bytes = encodeSafetensors(tensors, meta);
    expect(new DataView(bytes.buffer).getBigUint64(0, true) % 8n).toBe(0n); // the data starts on a multiple of 8
    const back = decodeSafetensors(bytes, "rt.safetensors");
    expect(back.metadata).toEqual(meta);
    expect(new Set(back.tensors.keys())).toEqual(new Set(tensors.keys()));
    for (const [name, t] of tensors) {
      const b = back.tensors.get(name)!;
      expect(b.dtype).toBe(t.dtype);
      expect(b.shape).toEqual(t.shape);
      expect(new Uint8Array(b.data.buffer)).toEqual(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength));
    }
    expect(encodeSafetensors(back.tensors, back.metadata)).toEqual(bytes); // deterministic
  });

  it("reads from an unaligned view of a larger buffer", () => {
    const bytes = encodeSafetensors(new Map([["w", { dtype: "F64", shape: [2], data: Float64Array.of(1.5, -2) }]]));
    const big = new Uint8Array(bytes.length + 3);
    big.set(bytes, 3);
    expect([...decodeSafetensors(big.subarray(3), "v").tensors.get("w")!.data]).toEqual([1.5, -2]);
  });

  it("decodes from a Node Buffer (whose slice is a view) into arrays of their own", () => {
    const bytes = encodeSafetensors(
      new Map<string, SafeTensor>([
        ["a", { dtype: "F32", shape: [2], data: Float32Array.of(1, 2) }],
        ["b", { dtype: "F32", shape: [3], data: Float32Array.of(3, 4, 5) }],
      ]),
    );
    const buf = Buffer.from(bytes); // small Buffers share a pooled ArrayBuffer
    const t = decodeSafetensors(buf, "b").tensors;
    expect([...t.get("b")!.data]).toEqual([3, 4, 5]);
    expect(t.get("b")!.data.byteOffset).toBe(0);
    expect(t.get("b")!.data.buffer.byteLength).toBe(12);
    buf.fill(0);
    expect([...t.get("a")!.data]).toEqual([1, 2]);
  });

  it("the encoder refuses data that does not fit the dtype or shape, and reserved names", () => {
    const enc = (name: string, t: SafeTensor) => () => encodeSafetensors(new Map([[name, t]]));
    expect(enc("a", { dtype: "F32", shape: [3], data: Float32Array.of(1, 2) })).toThrow(/shape \[3\] has 3 elements but the data has 2/);
    expect(enc("a", { dtype: "F64", shape: [1], data: Float32Array.of(1) })).toThrow(/dtype F64 does not match its Float32Array/);
    expect(enc("a", { dtype: "F32", shape: [-1], data: Float32Array.of(1) })).toThrow(CheckpointError);
    expect(enc("__metadata__", { dtype: "F32", shape: [1], data: Float32Array.of(1) })).toThrow(/reserved/);
  });
});

// ------------------------------------------------------------ refusals

/** Expects decoding to throw a CheckpointError naming the file and matching `message`. */
function refuses(bytes: Uint8Array, message: RegExp): void {
  let err: unknown;
  try {
    decodeSafetensors(bytes, "bad.safetensors");
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(CheckpointError);
  expect((err as Error).message).toMatch(/^bad\.safetensors: /);
  expect((err as Error).message).toMatch(message);
}

const one = (dtype: string, shape: string, offsets: string) => `{"a":{"dtype":"${dtype}","shape":${shape},"data_offsets":${offsets}}}`;

describe("corrupt and malicious files are refused", () => {
  const good = stFile(one("F32", "[2]", "[0,8]"), [...F32_1, ...F32_2]);

  it("a file too short for the length field", () => {
    refuses(new Uint8Array(0), /0 bytes, too short for the 8-byte header length/);
    refuses(Uint8Array.of(0x38, 0, 0), /too short/);
  });

  it("a truncated file: header cut, then data cut", () => {
    refuses(good.subarray(0, 30), /header length 56 bytes runs past the end of the file \(30 bytes\)/);
    refuses(good.subarray(0, good.length - 1), /data_offsets \[0, 8\] run past the end of the data \(7 bytes/);
    refuses(good.subarray(0, 8 + 56), /run past the end of the data \(0 bytes/);
  });

  it("an oversized header length, without allocating it", () => {
    refuses(stFile(one("F32", "[2]", "[0,8]"), [], { length: u64(MAX_HEADER_BYTES + 8) }), /header length 100000008 bytes is over the limit of 100000000/);
    refuses(stFile("{}", [], { length: [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff] }), /header length 18446744073709551615 bytes is over the limit/);
  });

  it("a header that is not JSON, not an object, or not UTF-8", () => {
    refuses(stFile('{"a":{"dtype":"F32",', []), /the header is not valid JSON/);
    refuses(stFile("[1,2]", []), /the header is not a JSON object/);
    refuses(stFile("null", []), /the header is not a JSON object/);
    refuses(Uint8Array.from([...u64(8), 0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]), /not valid UTF-8/);
  });

  it("metadata that is not an object of strings", () => {
    refuses(stFile('{"__metadata__":{"epoch":3}}', []), /'__metadata__' entry 'epoch' is not a string/);
    refuses(stFile('{"__metadata__":["a"]}', []), /'__metadata__' is not an object of strings/);
    refuses(stFile('{"__metadata__":"x"}', []), /'__metadata__' is not an object of strings/);
  });

  it("a malformed entry", () => {
    refuses(stFile('{"a":[1]}', []), /tensor 'a': not an object/);
    refuses(stFile('{"a":{"dtype":"F32","shape":[0],"data_offsets":[0,0],"x":1}}', []), /tensor 'a': unexpected field 'x'/);
    refuses(stFile('{"a":{"shape":[0],"data_offsets":[0,0]}}', []), /missing or non-string dtype/);
    refuses(stFile('{"a":{"dtype":"F32","data_offsets":[0,0]}}', []), /missing shape/);
    refuses(stFile('{"a":{"dtype":"F32","shape":[0]}}', []), /missing data_offsets/);
    refuses(stFile(one("F32", "[2]", "[0,8,9]"), [...F32_1, ...F32_2]), /is not a pair of non-negative integers/);
    refuses(stFile(one("F32", "[2]", "[-8,0]"), [...F32_1, ...F32_2]), /is not a pair of non-negative integers/);
  });

  it("an unknown or unsupported dtype", () => {
    refuses(stFile(one("F33", "[2]", "[0,8]"), [...F32_1, ...F32_2]), /tensor 'a': unknown dtype "F33"/);
    refuses(stFile(one("BF16", "[4]", "[0,8]"), [...F32_1, ...F32_2]), /dtype BF16 is not supported \(dlc reads F32, F64 and I64\)/);
  });

  it("a shape that is not a list of non-negative integers, or absurdly large", () => {
    refuses(stFile(one("F32", "[-2]", "[0,8]"), [...F32_1, ...F32_2]), /shape \[-2\] is not a list of non-negative integers/);
    refuses(stFile(one("F32", "[2.5]", "[0,8]"), [...F32_1, ...F32_2]), /is not a list of non-negative integers/);
    refuses(stFile(one("F32", '["2"]', "[0,8]"), [...F32_1, ...F32_2]), /is not a list of non-negative integers/);
    refuses(stFile(one("F32", "[100000000,100000000,100000000]", "[0,8]"), [...F32_1, ...F32_2]), /is not a list of non-negative integers of a sensible size/);
    refuses(stFile(one("F32", "[1000000000,1000]", "[0,8]"), [...F32_1, ...F32_2]), /8 bytes of data, but F32 of shape \[1000000000, 1000\] needs 4000000000000/);
  });

  it("offsets past the end, or ending before they begin", () => {
    refuses(stFile(one("F32", "[2]", "[0,4000000000]"), [...F32_1, ...F32_2]), /data_offsets \[0, 4000000000\] run past the end of the data \(8 bytes/);
    refuses(stFile(one("F32", "[1]", "[8,4]"), [...F32_1, ...F32_2]), /data_offsets \[8, 4\] end before they begin/);
  });

  it("a byte count that is not prod(shape) · itemsize", () => {
    refuses(stFile(one("F32", "[3]", "[0,8]"), [...F32_1, ...F32_2]), /tensor 'a': 8 bytes of data, but F32 of shape \[3\] needs 12/);
    refuses(stFile(one("F64", "[2]", "[0,8]"), [...F32_1, ...F32_2]), /F64 of shape \[2\] needs 16/);
  });

  it("overlapping tensors", () => {
    const h = '{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}';
    refuses(stFile(h, [...F32_1, ...F32_2]), /tensors 'a' \[0, 8\] and 'b' \[4, 8\] overlap/);
    const same = '{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}';
    refuses(stFile(same, [...F32_1, ...F32_2]), /overlap/);
  });

  it("gaps and trailing bytes that no tensor covers", () => {
    const gap = '{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}';
    refuses(stFile(gap, [...F32_1, 0, 0, 0, 0, ...F32_2]), /bytes \[4, 8\) of the data belong to no tensor \(a gap before 'b'\)/);
    refuses(stFile(one("F32", "[1]", "[4,8]"), [...F32_1, ...F32_2]), /bytes \[0, 4\) of the data belong to no tensor/);
    refuses(stFile(one("F32", "[1]", "[0,4]"), [...F32_1, ...F32_2]), /bytes \[4, 8\) at the end of the data belong to no tensor/);
  });

  it("random damage to a valid file is refused or decoded, never anything else", () => {
    const valid = encodeSafetensors(
      new Map<string, SafeTensor>([
        ["w", { dtype: "F32", shape: [3, 2], data: Float32Array.of(1, 2, 3, 4, 5, 6) }],
        ["v", { dtype: "F64", shape: [2], data: Float64Array.of(7, 8) }],
      ]),
      { format: "pt" },
    );
    fc.assert(
      fc.property(fc.nat({ max: valid.length }), fc.array(fc.tuple(fc.nat({ max: valid.length - 1 }), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }), (cut, flips) => {
        const b = valid.slice(0, cut);
        for (const [i, v] of flips) if (i < b.length) b[i] = v;
        try {
          decodeSafetensors(b, "fuzz");
        } catch (e) {
          if (!(e instanceof CheckpointError)) throw e;
        }
      }),
      { numRuns: 2000 },
    );
  });
});

// ------------------------------------------------------------ the reference implementation

function hasPythonSafetensors(): boolean {
  try {
    execFileSync("python3", ["-c", "import safetensors.numpy, numpy"], { stdio: "ignore", timeout: 20_000 });
    return true;
  } catch {
    return false;
  }
}

describe.skipIf(!hasPythonSafetensors())("against Python's safetensors", () => {
  const tensors = new Map<string, SafeTensor>([
    ["conv1.weight", { dtype: "F32", shape: [2, 1, 2, 2], data: Float32Array.from({ length: 8 }, (_, i) => i / 4 - 1) }],
    ["bn1.running_var", { dtype: "F32", shape: [2], data: Float32Array.of(0.5, 2) }],
    ["optimizer/conv1.weight/step", { dtype: "F64", shape: [], data: Float64Array.of(12) }],
    ["n", { dtype: "I64", shape: [1], data: BigInt64Array.of(-5n) }],
  ]);

  it("Python reads our file, and writes the same bytes for the same tensors", () => {
    const ours = join(dir, "ours.safetensors");
    const theirs = join(dir, "theirs.safetensors");
    writeFileSync(ours, encodeSafetensors(tensors, { format: "pt" }));
    const script = `
import json, sys, numpy as np
from safetensors import safe_open
from safetensors.numpy import save_file
out = {}
with safe_open(sys.argv[1], framework="np") as f:
    meta = f.metadata()
    for k in f.keys():
        t = f.get_tensor(k)
        out[k] = {"dtype": str(t.dtype), "shape": list(t.shape), "values": t.reshape(-1).tolist()}
save_file({k: np.array(v["values"], dtype=v["dtype"]).reshape(v["shape"]) for k, v in out.items()}, sys.argv[2], metadata=meta)
print(json.dumps({"meta": meta, "tensors": out}))
`;
    const got = JSON.parse(execFileSync("python3", ["-c", script, ours, theirs], { encoding: "utf8", timeout: 30_000 })) as {
      meta: Record<string, string>;
      tensors: Record<string, { dtype: string; shape: number[]; values: number[] }>;
    };
    expect(got.meta).toEqual({ format: "pt" });
    expect(got.tensors["conv1.weight"]).toEqual({ dtype: "float32", shape: [2, 1, 2, 2], values: [...tensors.get("conv1.weight")!.data].map(Number) });
    expect(got.tensors["bn1.running_var"]).toEqual({ dtype: "float32", shape: [2], values: [0.5, 2] });
    expect(got.tensors["optimizer/conv1.weight/step"]).toEqual({ dtype: "float64", shape: [], values: [12] });
    expect(got.tensors["n"]).toEqual({ dtype: "int64", shape: [1], values: [-5] });
    expect(readFileSync(theirs)).toEqual(readFileSync(ours));
  });
});
