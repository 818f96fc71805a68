// NumPy .npy files: reading and writing the subset dlc's data sets use.
//
// Format (numpy.lib.format, versions 1.0 and 2.0):
//   magic     6 bytes  "\x93NUMPY"
//   version   2 bytes  major, minor (1.0 or 2.0 here)
//   hlen      uint16 little-endian (1.0) or uint32 little-endian (2.0)
//   header    hlen bytes of ASCII: a Python dict literal such as
//             {'descr': '<f4', 'fortran_order': False, 'shape': (60, 1, 8, 8), }
//             padded with spaces and ending in '\n' so that the data starts
//             at a multiple of 64 bytes
//   data      prod(shape) · itemsize bytes, C (row-major) order
//
// Supported element types, little-endian only: float32 '<f4', float64 '<f8',
// uint8 '|u1', int32 '<i4', int64 '<i8'. int64 values must be safe integers
// (|v| ≤ 2⁵³ − 1); they are returned as a Float64Array of whole numbers.
// fortran_order True, big-endian data, other types and any file whose data
// length disagrees with its shape are refused with a DataError that names
// the file and the problem. The header is parsed, never evaluated.
//
// Limits (the file comes from the user and may be anything): only regular
// files are read (a FIFO would block forever, /dev/zero would never end), of
// at most MAX_NPY_BYTES, and headers of at most MAX_NPY_HEADER_BYTES. Text
// quoted from a header is cut and its control characters escaped, so that
// a hostile header can neither flood nor drive the terminal.

import { writeFileSync } from "node:fs";
import { quoted } from "../../core/diagnostics/printable.js";
import { elementCount } from "../../core/ir/graph.js";
import { FileReadError, readRegularFile } from "../../core/io/read_regular_file.js";

/** A problem with a data file or folder (as opposed to a bug): the CLI reports it and exits 1. */
export class DataError extends Error {
  override name = "DataError";
}

export type NpyDType = "float32" | "float64" | "uint8" | "int32" | "int64";

export type NpyData = Float32Array | Float64Array | Uint8Array | Int32Array;

export interface NpyArray {
  readonly dtype: NpyDType;
  /** The full shape (for a data set: the sample count first). */
  readonly shape: readonly number[];
  /** Row-major values; int64 comes as a Float64Array of safe integers. */
  readonly data: NpyData;
}

/**
 * The largest .npy file dlc reads: 4 GiB, the most one typed array holds in
 * Node 20 (2³² elements). A data file is read whole, and a data set is held
 * in memory as float64, so a file this large is already 32 GiB of values.
 */
export const MAX_NPY_BYTES = 2 ** 32;

/**
 * The longest header dlc reads. numpy writes about a hundred bytes (a dict of
 * three keys) and its own reader refuses more than 10,000 by default; ten
 * times that leaves room for any honest file and refuses a header that is
 * really garbage before it is decoded.
 */
export const MAX_NPY_HEADER_BYTES = 100_000;

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

const DESCR: Readonly<Record<NpyDType, string>> = { float32: "<f4", float64: "<f8", uint8: "|u1", int32: "<i4", int64: "<i8" };
const ITEMSIZE: Readonly<Record<NpyDType, number>> = { float32: 4, float64: 8, uint8: 1, int32: 4, int64: 8 };

/** descr string → dtype; '=' (native) counts as little-endian, as on every host dlc runs on. */
function dtypeOf(descr: string): NpyDType | undefined {
  const m = /^([<>=|]?)([fiu])(\d+)$/.exec(descr);
  if (!m) return undefined;
  const [, order, kind, size] = m;
  if (order === ">") return undefined;
  if (kind === "f" && size === "4") return "float32";
  if (kind === "f" && size === "8") return "float64";
  if (kind === "u" && size === "1") return "uint8";
  if (kind === "i" && size === "4") return "int32";
  if (kind === "i" && size === "8") return "int64";
  return undefined;
}

const pyShape = (shape: readonly number[]) => (shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`);

// ---------------------------------------------------------------- header

type PyValue = string | boolean | number | PyValue[];

/** A name (True, False) or an integer (Python 2 wrote longs as 3L). */
const WORD = /[A-Za-z_][A-Za-z0-9_]*|-?\d+L?/y;

/**
 * Parses the header: a dict literal of string keys and values that are
 * strings, True/False, integers or tuples/lists of integers. Throws a plain
 * message; the caller adds the file name.
 */
function parseHeader(text: string): Map<string, PyValue> {
  let i = 0;
  const ws = () => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  const expect = (c: string) => {
    ws();
    if (text[i] !== c) throw new Error(`expected '${c}' at offset ${i} of the header`);
    i++;
  };
  const value = (): PyValue => {
    ws();
    const c = text[i];
    if (c === "'" || c === '"') {
      const end = text.indexOf(c, i + 1);
      if (end < 0) throw new Error("unterminated string in the header");
      const s = text.slice(i + 1, end);
      i = end + 1;
      return s;
    }
    if (c === "(" || c === "[") {
      const close = c === "(" ? ")" : "]";
      i++;
      const items: PyValue[] = [];
      for (;;) {
        ws();
        if (text[i] === close) {
          i++;
          return items;
        }
        items.push(value());
        ws();
        if (text[i] === ",") i++;
        else if (text[i] !== close) throw new Error(`expected ',' or '${close}' at offset ${i} of the header`);
      }
    }
    // Sticky: matched where we are, without copying the rest of the header.
    WORD.lastIndex = i;
    const word = WORD.exec(text);
    if (!word) throw new Error(`unexpected ${c === undefined ? "end of header" : `character '${quoted(c)}'`} at offset ${i} of the header`);
    i += word[0].length;
    if (word[0] === "True") return true;
    if (word[0] === "False") return false;
    const n = Number(word[0].replace(/L$/, ""));
    if (!Number.isSafeInteger(n)) throw new Error(`unexpected '${quoted(word[0], 40)}' in the header`);
    return n;
  };
  const out = new Map<string, PyValue>();
  expect("{");
  for (;;) {
    ws();
    if (text[i] === "}") {
      i++;
      break;
    }
    const key = value();
    if (typeof key !== "string") throw new Error("a header key is not a string");
    expect(":");
    out.set(key, value());
    ws();
    if (text[i] === ",") i++;
    else if (text[i] !== "}") throw new Error(`expected ',' or '}' at offset ${i} of the header`);
  }
  ws();
  if (i !== text.length) throw new Error("text after the header dict");
  return out;
}

// ---------------------------------------------------------------- reading

/** Decodes the bytes of a .npy file; `file` names it in errors. */
export function decodeNpy(bytes: Uint8Array, file: string): NpyArray {
  const fail = (problem: string): never => {
    throw new DataError(`${file}: ${problem}`);
  };
  if (bytes.length < MAGIC.length || MAGIC.some((b, k) => bytes[k] !== b)) fail("not a .npy file (bad magic: expected \\x93NUMPY)");
  if (bytes.length < 8) fail("truncated header (file ends inside the version bytes)");
  const major = bytes[6]!;
  const minor = bytes[7]!;
  if ((major !== 1 && major !== 2) || minor !== 0) fail(`unsupported .npy format version ${major}.${minor} (expected 1.0 or 2.0)`);
  const lenBytes = major === 1 ? 2 : 4;
  const start = 8 + lenBytes;
  if (bytes.length < start) fail("truncated header (file ends inside the header length)");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const hlen = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  if (hlen > MAX_NPY_HEADER_BYTES) fail(`header length ${hlen} bytes is over dlc's limit of ${MAX_NPY_HEADER_BYTES} (numpy writes about 100; corrupt, or not a .npy file)`);
  const dataStart = start + hlen;
  if (bytes.length < dataStart) fail(`truncated header (header says ${hlen} bytes, file has ${bytes.length - start} after the length)`);
  let text = "";
  for (let k = start; k < dataStart; k++) {
    const b = bytes[k]!;
    if (b > 0x7f) fail("header is not ASCII");
    text += String.fromCharCode(b);
  }
  let header: Map<string, PyValue>;
  try {
    header = parseHeader(text.trim());
  } catch (e) {
    return fail(`malformed header (${e instanceof Error ? e.message : String(e)}): '${quoted(text.trim())}'`);
  }
  const descr = header.get("descr");
  const fortran = header.get("fortran_order");
  const shapeV = header.get("shape");
  if (typeof descr !== "string") return fail("header has no 'descr' string");
  if (typeof fortran !== "boolean") return fail("header has no 'fortran_order' True/False");
  if (!Array.isArray(shapeV) || shapeV.some((d) => typeof d !== "number" || d < 0)) return fail("header has no 'shape' tuple of non-negative integers");
  const dtype = dtypeOf(descr);
  if (!dtype) {
    const why = descr.startsWith(">") ? " (big-endian)" : "";
    return fail(`unsupported dtype '${quoted(descr)}'${why}; expected one of float32 '<f4', float64 '<f8', uint8 '|u1', int32 '<i4', int64 '<i8'`);
  }
  if (fortran) return fail("fortran_order is True; only C-order arrays are supported (save with np.ascontiguousarray)");
  const shape = shapeV as number[];
  const count = elementCount(shape);
  const item = ITEMSIZE[dtype];
  const have = bytes.length - dataStart;
  const need = count * item;
  // A shape can be long and its product beyond any file; the message stays short either way.
  const shown = quoted(pyShape(shape), 80);
  if (!Number.isSafeInteger(need)) fail(`shape ${shown} of ${dtype} has more elements than any file holds; the file holds ${have} bytes of data`);
  if (have < need) fail(`truncated data: shape ${shown} of ${dtype} needs ${need} bytes, the file holds ${have}`);
  if (have > need) fail(`shape/data length mismatch: shape ${shown} of ${dtype} needs ${need} bytes, the file holds ${have}`);

  let data: NpyData;
  switch (dtype) {
    case "float32": {
      const a = new Float32Array(count);
      for (let k = 0; k < count; k++) a[k] = view.getFloat32(dataStart + 4 * k, true);
      data = a;
      break;
    }
    case "float64": {
      const a = new Float64Array(count);
      for (let k = 0; k < count; k++) a[k] = view.getFloat64(dataStart + 8 * k, true);
      data = a;
      break;
    }
    case "uint8":
      data = Uint8Array.from(bytes.subarray(dataStart, dataStart + count));
      break;
    case "int32": {
      const a = new Int32Array(count);
      for (let k = 0; k < count; k++) a[k] = view.getInt32(dataStart + 4 * k, true);
      data = a;
      break;
    }
    case "int64": {
      const a = new Float64Array(count);
      for (let k = 0; k < count; k++) {
        const v = view.getBigInt64(dataStart + 8 * k, true);
        const n = Number(v);
        if (!Number.isSafeInteger(n)) fail(`int64 value ${v} at index ${k} is beyond ±(2^53 − 1)`);
        a[k] = n;
      }
      data = a;
      break;
    }
  }
  return { dtype, shape, data };
}

/**
 * Reads a .npy file: a regular file of at most MAX_NPY_BYTES. Every problem
 * is a DataError naming the file (the CLI's exit 1).
 */
export function readNpy(path: string): NpyArray {
  let bytes: Uint8Array;
  try {
    bytes = readRegularFile(path, MAX_NPY_BYTES, "a .npy data file");
  } catch (e) {
    if (e instanceof FileReadError) {
      const why = e.problem === "too-large" ? " (the most one typed array holds; split the data set, or store it as uint8)" : "";
      throw new DataError(e.message + why, { cause: e });
    }
    throw e;
  }
  return decodeNpy(bytes, path);
}

// ---------------------------------------------------------------- writing

/** The element type a typed array is written as, when no dtype is given. */
function defaultDType(data: ArrayLike<number>): NpyDType {
  if (data instanceof Float32Array) return "float32";
  if (data instanceof Uint8Array) return "uint8";
  if (data instanceof Int32Array) return "int32";
  return "float64";
}

/**
 * Encodes an array as a version 1.0 .npy file (2.0 when the header does not
 * fit 1.0's 16-bit length), header padded so the data starts at a multiple
 * of 64 bytes, as numpy writes it. Integer types require whole numbers in
 * range; int64 requires safe integers.
 */
export function encodeNpy(shape: readonly number[], data: ArrayLike<number>, dtype: NpyDType = defaultDType(data)): Uint8Array {
  if (shape.some((d) => !Number.isInteger(d) || d < 0)) throw new Error(`encodeNpy: shape ${pyShape(shape)} is not a tuple of non-negative integers`);
  const count = elementCount(shape);
  if (data.length !== count) throw new Error(`encodeNpy: shape/data length mismatch: shape ${pyShape(shape)} needs ${count} values, got ${data.length}`);
  const dict = `{'descr': '${DESCR[dtype]}', 'fortran_order': False, 'shape': ${pyShape(shape)}, }`;
  let major = 1;
  let pre = 10;
  let total = Math.ceil((pre + dict.length + 1) / 64) * 64;
  if (total - pre > 0xffff) {
    major = 2;
    pre = 12;
    total = Math.ceil((pre + dict.length + 1) / 64) * 64;
  }
  const hlen = total - pre;
  const header = dict + " ".repeat(hlen - dict.length - 1) + "\n";
  const item = ITEMSIZE[dtype];
  const out = new Uint8Array(total + count * item);
  const view = new DataView(out.buffer);
  out.set(MAGIC, 0);
  out[6] = major;
  out[7] = 0;
  if (major === 1) view.setUint16(8, hlen, true);
  else view.setUint32(8, hlen, true);
  for (let k = 0; k < header.length; k++) out[pre + k] = header.charCodeAt(k);
  const whole = (v: number, lo: number, hi: number, k: number) => {
    if (!Number.isInteger(v) || v < lo || v > hi) throw new Error(`encodeNpy: value ${v} at index ${k} does not fit ${dtype}`);
    return v;
  };
  for (let k = 0; k < count; k++) {
    const v = data[k]!;
    const at = total + k * item;
    switch (dtype) {
      case "float32":
        view.setFloat32(at, v, true);
        break;
      case "float64":
        view.setFloat64(at, v, true);
        break;
      case "uint8":
        view.setUint8(at, whole(v, 0, 255, k));
        break;
      case "int32":
        view.setInt32(at, whole(v, -0x80000000, 0x7fffffff, k), true);
        break;
      case "int64":
        view.setBigInt64(at, BigInt(whole(v, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, k)), true);
        break;
    }
  }
  return out;
}

/** Writes a .npy file (see encodeNpy). */
export function writeNpy(path: string, shape: readonly number[], data: ArrayLike<number>, dtype?: NpyDType): void {
  writeFileSync(path, encodeNpy(shape, data, dtype));
}
