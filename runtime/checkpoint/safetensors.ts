// safetensors files (https://github.com/huggingface/safetensors): reading and
// writing the subset dlc's checkpoints use.
//
// Format:
//   N         8 bytes, unsigned little-endian: the header's length in bytes
//   header    N bytes of UTF-8 JSON, an object:
//               {"__metadata__": {"key": "value", ...},          (optional)
//                "NAME": {"dtype": "F32", "shape": [2, 3], "data_offsets": [BEGIN, END]}, ...}
//             padded with spaces (0x20) so that N is a multiple of 8
//   data      the tensors' bytes, little-endian, C (row-major) order;
//             data_offsets are relative to the start of this region
//
// The writer lays files out exactly as the reference implementation does
// (safetensors' `serialize`, used by `safetensors.numpy.save_file` and
// `safetensors.torch.save_file`): "__metadata__" first, then the tensors in
// the order of their data, which is by dtype (I64, then F64, then F32, so
// every tensor starts at a multiple of its own item size) and then by name
// (UTF-8 byte order); inside an entry the keys come as dtype, shape,
// data_offsets; no whitespace. Metadata keys are sorted (the reference
// implementation leaves them in hash order). The same tensors and metadata
// always give the same bytes.
//
// The reader accepts any valid file whose tensors are F32, F64 or I64 and
// refuses, with a CheckpointError naming the file, everything the reference
// implementation refuses and a little more: a file too short for the length
// field, a header length over MAX_HEADER_BYTES or past the end of the file, a
// header that is not UTF-8 or not a JSON object, metadata that is not an
// object of strings, an entry that is not {dtype, shape, data_offsets}, an
// unknown or unsupported dtype, a shape that is not a list of non-negative
// integers, offsets with END < BEGIN or past the end of the data, a byte
// count that is not prod(shape) · itemsize, overlapping tensors, and bytes
// that no tensor covers (gaps, trailing bytes), and a key repeated within
// one object (JSON.parse would keep the last one silently). Every size is
// checked against the file's length before anything is allocated, and
// nothing is returned unless the whole file is valid. Names and text from
// the file reach messages cut and with control characters escaped
// (core/diagnostics/printable.ts).

import { quoted } from "../../core/diagnostics/printable.js";
import { firstDuplicateKey } from "./json_keys.js";

/** A problem with a checkpoint file (as opposed to a bug): the CLI reports it and exits 1. */
export class CheckpointError extends Error {
  override name = "CheckpointError";
}

export type SafetensorsDType = "F32" | "F64" | "I64";

export type TensorData = Float32Array | Float64Array | BigInt64Array;

export interface SafeTensor {
  readonly dtype: SafetensorsDType;
  /** C-order shape; [] is a scalar (one element). */
  readonly shape: readonly number[];
  readonly data: TensorData;
}

export interface SafetensorsContents {
  /** In the file's data order. */
  readonly tensors: Map<string, SafeTensor>;
  /** The "__metadata__" object; {} when the file has none. */
  readonly metadata: Record<string, string>;
}

/** The reference implementation's limit on the header length (safetensors' MAX_HEADER_SIZE). */
export const MAX_HEADER_BYTES = 100_000_000;

const ITEMSIZE: Readonly<Record<SafetensorsDType, number>> = { F32: 4, F64: 8, I64: 8 };

/** Data order of the reference implementation: larger alignment first (its Dtype order, descending). */
const DTYPE_RANK: Readonly<Record<SafetensorsDType, number>> = { I64: 0, F64: 1, F32: 2 };

/** Every dtype the format defines; dlc reads only ITEMSIZE's. */
const KNOWN_DTYPES = new Set([
  "BOOL", "U8", "I8", "F8_E5M2", "F8_E4M3", "F8_E8M0", "F4", "F6_E2M3", "F6_E3M2", "I16", "U16", "F16", "BF16", "I32", "U32", "F32", "F64", "I64", "U64", "C64",
]);

const METADATA_KEY = "__metadata__";

const littleEndianHost = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function isDType(s: string): s is SafetensorsDType {
  return Object.prototype.hasOwnProperty.call(ITEMSIZE, s);
}

function dataMatches(dtype: SafetensorsDType, data: TensorData): boolean {
  switch (dtype) {
    case "F32":
      return data instanceof Float32Array;
    case "F64":
      return data instanceof Float64Array;
    case "I64":
      return data instanceof BigInt64Array;
  }
}

/** prod(shape), or undefined when a dimension is not a non-negative safe integer or the product is not safe. */
function elementCount(shape: readonly unknown[]): number | undefined {
  let n = 1;
  for (const d of shape) {
    if (typeof d !== "number" || !Number.isSafeInteger(d) || d < 0) return undefined;
    n *= d;
    if (!Number.isSafeInteger(n)) return undefined;
  }
  return n;
}

const utf8 = new TextEncoder();

/** UTF-8 byte order, as Rust compares Strings. */
function compareUtf8(a: string, b: string): number {
  const x = utf8.encode(a);
  const y = utf8.encode(b);
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
}

/** A name or other text from a file, quoted for a message: 'name', cut and escaped. */
export const q = (text: string): string => `'${quoted(text)}'`;

/** A JSON value from a file, as JSON, for a message: cut and escaped. */
const json = (v: unknown): string => quoted(JSON.stringify(v) ?? String(v), 80);

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

// ---------------------------------------------------------------- writing

/**
 * The bytes of a safetensors file holding `tensors` (and `metadata`, omitted
 * when empty). Throws a CheckpointError for a tensor whose data does not fit
 * its dtype or shape, a reserved or malformed name, or a header over
 * MAX_HEADER_BYTES.
 */
export function encodeSafetensors(tensors: ReadonlyMap<string, SafeTensor>, metadata: Readonly<Record<string, string>> = {}): Uint8Array {
  const fail = (problem: string): never => {
    throw new CheckpointError(`cannot encode safetensors: ${problem}`);
  };
  for (const [name, t] of tensors) {
    if (name === METADATA_KEY) fail(`'${METADATA_KEY}' is reserved and cannot name a tensor`);
    if (LONE_SURROGATE.test(name)) fail(`tensor name ${q(name)} is not valid Unicode`);
    if (!isDType(t.dtype)) fail(`tensor ${q(name)}: unsupported dtype ${q(String(t.dtype))}`);
    if (!dataMatches(t.dtype, t.data)) fail(`tensor ${q(name)}: dtype ${t.dtype} does not match its ${t.data.constructor.name}`);
    const n = elementCount(t.shape);
    if (n === undefined) fail(`tensor ${q(name)}: shape [${t.shape.join(", ")}] is not a list of non-negative integers`);
    if (n !== t.data.length) fail(`tensor ${q(name)}: shape [${t.shape.join(", ")}] has ${n} elements but the data has ${t.data.length}`);
  }
  const metaKeys = Object.keys(metadata).sort(compareUtf8);
  for (const k of metaKeys) {
    const v: unknown = metadata[k];
    if (typeof v !== "string") fail(`metadata ${q(k)} is not a string`);
    if (LONE_SURROGATE.test(k) || LONE_SURROGATE.test(v as string)) fail(`metadata ${q(k)} is not valid Unicode`);
  }

  const order = [...tensors].sort(([an, a], [bn, b]) => DTYPE_RANK[a.dtype] - DTYPE_RANK[b.dtype] || compareUtf8(an, bn));
  const entries: string[] = [];
  if (metaKeys.length > 0) entries.push(`${JSON.stringify(METADATA_KEY)}:{${metaKeys.map((k) => `${JSON.stringify(k)}:${JSON.stringify(metadata[k])}`).join(",")}}`);
  let offset = 0;
  for (const [name, t] of order) {
    const end = offset + t.data.length * ITEMSIZE[t.dtype];
    entries.push(`${JSON.stringify(name)}:{"dtype":"${t.dtype}","shape":[${t.shape.join(",")}],"data_offsets":[${offset},${end}]}`);
    offset = end;
  }
  const json = utf8.encode(`{${entries.join(",")}}`);
  const n = Math.ceil(json.length / 8) * 8;
  if (n > MAX_HEADER_BYTES) fail(`the header would be ${n} bytes, over the limit of ${MAX_HEADER_BYTES}`);

  const out = new Uint8Array(8 + n + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(n), true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + n);
  let at = 8 + n;
  for (const [, t] of order) {
    if (littleEndianHost) out.set(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength), at);
    else writeLittleEndian(view, at, t);
    at += t.data.byteLength;
  }
  return out;
}

function writeLittleEndian(view: DataView, at: number, t: SafeTensor): void {
  const d = t.data;
  if (d instanceof Float32Array) for (let i = 0; i < d.length; i++) view.setFloat32(at + 4 * i, d[i]!, true);
  else if (d instanceof Float64Array) for (let i = 0; i < d.length; i++) view.setFloat64(at + 8 * i, d[i]!, true);
  else for (let i = 0; i < d.length; i++) view.setBigInt64(at + 8 * i, d[i]!, true);
}

// ---------------------------------------------------------------- reading

interface Entry {
  readonly name: string;
  readonly dtype: SafetensorsDType;
  readonly shape: number[];
  readonly begin: number;
  readonly end: number;
}

const ENTRY_FIELDS = new Set(["dtype", "shape", "data_offsets"]);

/** Decodes the bytes of a safetensors file; `file` names it in errors. Nothing is allocated for tensors until the whole file checks out. */
export function decodeSafetensors(bytes: Uint8Array, file: string): SafetensorsContents {
  const fail = (problem: string): never => {
    throw new CheckpointError(`${file}: ${problem}`);
  };
  if (bytes.length < 8) fail(`not a safetensors file: ${bytes.length} bytes, too short for the 8-byte header length (truncated?)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n64 = view.getBigUint64(0, true);
  if (n64 > BigInt(MAX_HEADER_BYTES)) fail(`header length ${n64} bytes is over the limit of ${MAX_HEADER_BYTES} (corrupt, or not a safetensors file)`);
  const n = Number(n64);
  if (8 + n > bytes.length) fail(`header length ${n} bytes runs past the end of the file (${bytes.length} bytes): truncated, or not a safetensors file`);
  const dataStart = 8 + n;
  const dataLength = bytes.length - dataStart;

  let text = "";
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes.subarray(8, dataStart));
  } catch {
    fail("the header is not valid UTF-8");
  }
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch (e) {
    // V8's message quotes a piece of the text: cut and escaped like any other.
    fail(`the header is not valid JSON (${quoted(e instanceof Error ? e.message : String(e))})`);
  }
  if (!isRecord(header)) fail(`the header is not a JSON object`);
  const dup = firstDuplicateKey(text);
  if (dup) {
    const where = dup.parent === undefined ? "the header names it twice" : dup.parent === METADATA_KEY ? `'${METADATA_KEY}' has it twice` : `the entry of tensor ${q(dup.parent)} has it twice`;
    fail(`duplicate key ${q(dup.key)}: ${where}, and JSON keeps only the last; refusing an ambiguous file`);
  }
  const head = header as Record<string, unknown>;

  const metadata: Record<string, string> = {};
  const entries: Entry[] = [];
  for (const [name, value] of Object.entries(head)) {
    if (name === METADATA_KEY) {
      if (!isRecord(value)) fail(`'${METADATA_KEY}' is not an object of strings`);
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        if (typeof v !== "string") fail(`'${METADATA_KEY}' entry ${q(k)} is not a string`);
        Object.defineProperty(metadata, k, { value: v, enumerable: true, writable: true, configurable: true });
      }
      continue;
    }
    const what = `tensor ${q(name)}`;
    if (!isRecord(value)) fail(`${what}: not an object with dtype, shape and data_offsets`);
    const info = value as Record<string, unknown>;
    for (const k of Object.keys(info)) if (!ENTRY_FIELDS.has(k)) fail(`${what}: unexpected field ${q(k)}`);
    const { dtype, shape, data_offsets: offsets } = info;
    if (typeof dtype !== "string") fail(`${what}: missing or non-string dtype`);
    const dt = dtype as string;
    if (!isDType(dt)) {
      if (KNOWN_DTYPES.has(dt)) fail(`${what}: dtype ${dt} is not supported (dlc reads F32, F64 and I64)`);
      fail(`${what}: unknown dtype ${json(dt)}`);
    }
    const dtype_ = dt as SafetensorsDType;
    if (!Array.isArray(shape)) fail(`${what}: ${shape === undefined ? "missing shape" : "shape is not a list"}`);
    const shapeList = shape as unknown[];
    const count = elementCount(shapeList);
    if (count === undefined) fail(`${what}: shape ${json(shape)} is not a list of non-negative integers of a sensible size`);
    if (offsets === undefined) fail(`${what}: missing data_offsets`);
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o: unknown) => typeof o === "number" && Number.isSafeInteger(o) && o >= 0)) {
      fail(`${what}: data_offsets ${json(offsets)} is not a pair of non-negative integers`);
    }
    const [begin, end] = offsets as [number, number];
    if (end < begin) fail(`${what}: data_offsets [${begin}, ${end}] end before they begin`);
    if (end > dataLength) fail(`${what}: data_offsets [${begin}, ${end}] run past the end of the data (${dataLength} bytes after the header): truncated or corrupt`);
    const want = (count as number) * ITEMSIZE[dtype_];
    if (end - begin !== want) fail(`${what}: ${end - begin} bytes of data, but ${dtype_} of shape ${quoted(`[${shapeList.join(", ")}]`, 80)} needs ${want}`);
    entries.push({ name, dtype: dtype_, shape: shapeList as number[], begin, end });
  }

  // The data must be covered exactly: sorted by offsets, each tensor starts where the previous ended.
  const sorted = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let cursor = 0;
  let previous: Entry | undefined;
  for (const e of sorted) {
    if (e.begin < cursor) fail(`tensors ${q(previous!.name)} [${previous!.begin}, ${previous!.end}] and ${q(e.name)} [${e.begin}, ${e.end}] overlap`);
    if (e.begin > cursor) fail(`bytes [${cursor}, ${e.begin}) of the data belong to no tensor (a gap before ${q(e.name)})`);
    cursor = e.end;
    previous = e;
  }
  if (cursor !== dataLength) fail(`bytes [${cursor}, ${dataLength}) at the end of the data belong to no tensor`);

  const tensors = new Map<string, SafeTensor>();
  for (const e of sorted) tensors.set(e.name, { dtype: e.dtype, shape: e.shape, data: readData(bytes, view, dataStart + e.begin, e) });
  return { tensors, metadata };
}

function readData(bytes: Uint8Array, view: DataView, at: number, e: Entry): TensorData {
  const count = (e.end - e.begin) / ITEMSIZE[e.dtype];
  if (littleEndianHost) {
    // A copy: the file's bytes may be unaligned for the type and must not be
    // aliased (nor may a Node Buffer's slice, which is a view, be used here).
    const copy = new Uint8Array(e.end - e.begin);
    copy.set(bytes.subarray(at, at + copy.length));
    const buf = copy.buffer;
    if (e.dtype === "F32") return new Float32Array(buf);
    if (e.dtype === "F64") return new Float64Array(buf);
    return new BigInt64Array(buf);
  }
  if (e.dtype === "F32") return Float32Array.from({ length: count }, (_, i) => view.getFloat32(at + 4 * i, true));
  if (e.dtype === "F64") return Float64Array.from({ length: count }, (_, i) => view.getFloat64(at + 8 * i, true));
  const out = new BigInt64Array(count);
  for (let i = 0; i < count; i++) out[i] = view.getBigInt64(at + 8 * i, true);
  return out;
}
