// ONNX model files as plain typed data: encoding (the ONNX exporter) and
// decoding (importing weights from an ONNX model's initializers). The bytes
// are protobuf, written and read by protobufjs with the official schema's
// fields (./schema.ts). Everything a caller sees is plain data with numbers,
// never protobufjs's message objects or Long values.
//
// Decoding checks what a reader relies on and refuses the rest with an
// OnnxFormatError that names the file and the problem: bytes that are not
// protobuf, a message without the graph, IR version or opset a model must
// have, a tensor whose stored values disagree with its dims and type.
// Text quoted from a file is cut and its control characters escaped.

import { quoted } from "../../core/diagnostics/printable.js";
import { readRegularFile } from "../../core/io/read_regular_file.js";
import { ModelProtoType } from "./schema.js";

/** A file that is not a usable ONNX model; the CLI reports it and exits 1. */
export class OnnxFormatError extends Error {
  override name = "OnnxFormatError";
}

/** TensorProto.DataType, the element types dlc meets. */
export const OnnxDataType = { FLOAT: 1, UINT8: 2, INT8: 3, INT32: 6, INT64: 7, BOOL: 9, FLOAT16: 10, DOUBLE: 11 } as const;

/** AttributeProto.AttributeType. */
export const OnnxAttributeType = { FLOAT: 1, INT: 2, STRING: 3, TENSOR: 4, FLOATS: 6, INTS: 7, STRINGS: 8 } as const;

export interface OnnxTensor {
  readonly name: string;
  readonly dims: readonly number[];
  /** An OnnxDataType value. */
  readonly dataType: number;
  /** Little-endian element bytes: how dlc writes every tensor. */
  readonly rawData?: Uint8Array;
  /** The typed fields other writers may use instead of rawData. */
  readonly floatData?: readonly number[];
  readonly doubleData?: readonly number[];
  readonly int32Data?: readonly number[];
  readonly int64Data?: readonly number[];
  /** Set when the values live in another file (data_location EXTERNAL). */
  readonly external?: boolean;
}

export type OnnxAttribute =
  | { readonly name: string; readonly type: typeof OnnxAttributeType.FLOAT; readonly f: number }
  | { readonly name: string; readonly type: typeof OnnxAttributeType.INT; readonly i: number }
  | { readonly name: string; readonly type: typeof OnnxAttributeType.STRING; readonly s: string }
  | { readonly name: string; readonly type: typeof OnnxAttributeType.TENSOR; readonly t: OnnxTensor }
  | { readonly name: string; readonly type: typeof OnnxAttributeType.FLOATS; readonly floats: readonly number[] }
  | { readonly name: string; readonly type: typeof OnnxAttributeType.INTS; readonly ints: readonly number[] }
  | { readonly name: string; readonly type: typeof OnnxAttributeType.STRINGS; readonly strings: readonly string[] };

export interface OnnxNode {
  readonly opType: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly name?: string;
  readonly domain?: string;
  readonly attributes: readonly OnnxAttribute[];
}

/** A dimension: a fixed size, or a symbol ("batch") that the runtime binds. */
export type OnnxDim = number | string;

export interface OnnxValueInfo {
  readonly name: string;
  /** An OnnxDataType value; absent for a value whose type was not declared as a tensor. */
  readonly elemType?: number;
  /** Absent when the shape is unknown. */
  readonly shape?: readonly OnnxDim[];
}

export interface OnnxGraph {
  readonly name: string;
  readonly nodes: readonly OnnxNode[];
  readonly initializers: readonly OnnxTensor[];
  readonly inputs: readonly OnnxValueInfo[];
  readonly outputs: readonly OnnxValueInfo[];
}

export interface OnnxModel {
  readonly irVersion: number;
  /** Operator sets by domain ("" is the default ai.onnx). */
  readonly opsets: readonly { readonly domain: string; readonly version: number }[];
  readonly producerName?: string;
  readonly producerVersion?: string;
  readonly docString?: string;
  readonly metadata?: readonly { readonly key: string; readonly value: string }[];
  readonly graph: OnnxGraph;
}

/**
 * The largest .onnx file dlc reads: 2 GiB, protobuf's own limit on one
 * message (larger models keep their weights in external files, which dlc
 * does not read).
 */
export const MAX_ONNX_BYTES = 2 ** 31 - 1;

// ---- encoding ----

function tensorMessage(t: OnnxTensor): Record<string, unknown> {
  return {
    name: t.name,
    dims: [...t.dims],
    dataType: t.dataType,
    ...(t.rawData ? { rawData: t.rawData } : {}),
    ...(t.floatData ? { floatData: [...t.floatData] } : {}),
    ...(t.doubleData ? { doubleData: [...t.doubleData] } : {}),
    ...(t.int32Data ? { int32Data: [...t.int32Data] } : {}),
    ...(t.int64Data ? { int64Data: [...t.int64Data] } : {}),
  };
}

const utf8 = new TextEncoder();

function attributeMessage(a: OnnxAttribute): Record<string, unknown> {
  const base = { name: a.name, type: a.type };
  switch (a.type) {
    case OnnxAttributeType.FLOAT:
      return { ...base, f: a.f };
    case OnnxAttributeType.INT:
      return { ...base, i: a.i };
    case OnnxAttributeType.STRING:
      return { ...base, s: utf8.encode(a.s) };
    case OnnxAttributeType.TENSOR:
      return { ...base, t: tensorMessage(a.t) };
    case OnnxAttributeType.FLOATS:
      return { ...base, floats: [...a.floats] };
    case OnnxAttributeType.INTS:
      return { ...base, ints: [...a.ints] };
    case OnnxAttributeType.STRINGS:
      return { ...base, strings: a.strings.map((s) => utf8.encode(s)) };
  }
}

function valueInfoMessage(v: OnnxValueInfo): Record<string, unknown> {
  if (v.elemType === undefined) return { name: v.name };
  const shape = v.shape ? { shape: { dim: v.shape.map((d) => (typeof d === "number" ? { dimValue: d } : { dimParam: d })) } } : {};
  return { name: v.name, type: { tensorType: { elemType: v.elemType, ...shape } } };
}

/** The model as the bytes of an .onnx file. */
export function encodeModel(m: OnnxModel): Uint8Array {
  const message = {
    irVersion: m.irVersion,
    opsetImport: m.opsets.map((o) => ({ domain: o.domain, version: o.version })),
    ...(m.producerName !== undefined ? { producerName: m.producerName } : {}),
    ...(m.producerVersion !== undefined ? { producerVersion: m.producerVersion } : {}),
    ...(m.docString !== undefined ? { docString: m.docString } : {}),
    ...(m.metadata ? { metadataProps: m.metadata.map((e) => ({ key: e.key, value: e.value })) } : {}),
    graph: {
      name: m.graph.name,
      node: m.graph.nodes.map((n) => ({
        opType: n.opType,
        input: [...n.inputs],
        output: [...n.outputs],
        ...(n.name !== undefined ? { name: n.name } : {}),
        ...(n.domain !== undefined ? { domain: n.domain } : {}),
        attribute: n.attributes.map(attributeMessage),
      })),
      initializer: m.graph.initializers.map(tensorMessage),
      input: m.graph.inputs.map(valueInfoMessage),
      output: m.graph.outputs.map(valueInfoMessage),
    },
  };
  const invalid = ModelProtoType.verify(message);
  if (invalid) throw new Error(`internal: ONNX model message is invalid: ${invalid}`);
  return ModelProtoType.encode(ModelProtoType.fromObject(message)).finish();
}

// ---- decoding ----

/** What protobufjs's toObject gives, before it is checked: every field may be missing or of any type. */
type Loose = Record<string, unknown>;

class Reader {
  constructor(readonly source: string) {}

  fail(what: string): never {
    throw new OnnxFormatError(`${this.source}: not a usable ONNX model: ${what}`);
  }

  list(o: Loose, key: string): Loose[] {
    const v = o[key];
    return Array.isArray(v) ? (v as Loose[]) : [];
  }

  numbers(o: Loose, key: string): number[] {
    const v = o[key];
    return Array.isArray(v) ? v.map((x) => Number(x)) : [];
  }

  text(o: Loose, key: string): string | undefined {
    const v = o[key];
    return typeof v === "string" ? v : undefined;
  }

  /** An int64 field as a number; one beyond 2⁵³ is refused, since no honest size or version is that large. */
  int(o: Loose, key: string, where: string): number | undefined {
    const v = o[key];
    if (v === undefined || v === null) return undefined;
    const n = Number(v);
    if (!Number.isSafeInteger(n)) this.fail(`${where}: ${key} ${String(v)} is not a whole number dlc can hold`);
    return n;
  }

  tensor(o: Loose, where: string): OnnxTensor {
    const name = this.text(o, "name") ?? "";
    const at = `${where} '${quoted(name)}'`;
    const dims = this.numbers(o, "dims");
    for (const d of dims) if (!Number.isSafeInteger(d) || d < 0) this.fail(`${at}: dimension ${d} is not a size`);
    const dataType = this.int(o, "dataType", at) ?? 0;
    const raw = o.rawData instanceof Uint8Array ? o.rawData : undefined;
    const opt = (key: string) => (Array.isArray(o[key]) && (o[key] as unknown[]).length > 0 ? this.numbers(o, key) : undefined);
    const external = o.dataLocation === 1 || this.list(o, "externalData").length > 0;
    return {
      name,
      dims,
      dataType,
      ...(raw ? { rawData: raw } : {}),
      ...(opt("floatData") ? { floatData: opt("floatData") } : {}),
      ...(opt("doubleData") ? { doubleData: opt("doubleData") } : {}),
      ...(opt("int32Data") ? { int32Data: opt("int32Data") } : {}),
      ...(opt("int64Data") ? { int64Data: opt("int64Data") } : {}),
      ...(external ? { external: true } : {}),
    };
  }

  attribute(o: Loose, where: string): OnnxAttribute | undefined {
    const name = this.text(o, "name") ?? "";
    const type = this.int(o, "type", where);
    const bytesText = (b: unknown) => (b instanceof Uint8Array ? new TextDecoder().decode(b) : "");
    switch (type) {
      case OnnxAttributeType.FLOAT:
        return { name, type, f: Number(o.f ?? 0) };
      case OnnxAttributeType.INT:
        return { name, type, i: this.int(o, "i", `${where} attribute '${quoted(name)}'`) ?? 0 };
      case OnnxAttributeType.STRING:
        return { name, type, s: bytesText(o.s) };
      case OnnxAttributeType.TENSOR:
        return { name, type, t: this.tensor((o.t ?? {}) as Loose, `${where} attribute '${quoted(name)}'`) };
      case OnnxAttributeType.FLOATS:
        return { name, type, floats: this.numbers(o, "floats") };
      case OnnxAttributeType.INTS:
        return { name, type, ints: this.numbers(o, "ints") };
      case OnnxAttributeType.STRINGS:
        return { name, type, strings: this.list(o, "strings").map(bytesText) };
      default:
        // Graphs and sparse tensors: kept out of the plain model (dlc neither writes nor needs them).
        return undefined;
    }
  }

  valueInfo(o: Loose): OnnxValueInfo {
    const name = this.text(o, "name") ?? "";
    const tensor = ((o.type as Loose | undefined)?.tensorType ?? undefined) as Loose | undefined;
    if (!tensor) return { name };
    const elemType = this.int(tensor, "elemType", `value '${quoted(name)}'`);
    const shape = tensor.shape as Loose | undefined;
    const dims = shape ? this.list(shape, "dim").map((d): OnnxDim => (d.dimValue !== undefined ? Number(d.dimValue) : (this.text(d, "dimParam") ?? "?"))) : undefined;
    return { name, ...(elemType !== undefined ? { elemType } : {}), ...(dims ? { shape: dims } : {}) };
  }
}

/**
 * The model in `bytes`; `source` names it in messages (the file's path).
 * Throws OnnxFormatError when the bytes are not an ONNX model.
 */
export function decodeModel(bytes: Uint8Array, source: string): OnnxModel {
  // Typed, so that TypeScript sees that r.fail never returns.
  const r: Reader = new Reader(source);
  if (bytes.length === 0) r.fail("the file is empty");
  let o: Loose;
  try {
    o = ModelProtoType.toObject(ModelProtoType.decode(bytes), { longs: String, enums: Number, bytes: Uint8Array, arrays: true }) as Loose;
  } catch (e) {
    // protobufjs says where the bytes stopped making sense ("invalid wire type 7 at offset 3").
    r.fail(`the bytes are not protobuf (${(e as Error).message})`);
  }
  const irVersion = r.int(o, "irVersion", "the model");
  const graph = o.graph as Loose | undefined;
  const opsets = r.list(o, "opsetImport").map((s) => ({ domain: r.text(s, "domain") ?? "", version: r.int(s, "version", "an opset import") ?? 0 }));
  const missing = [irVersion === undefined ? "ir_version" : "", graph === undefined ? "graph" : "", opsets.length === 0 ? "opset_import" : ""].filter((s) => s);
  if (missing.length) r.fail(`it has no ${missing.join(", no ")}, which every ONNX model has (is it an .onnx file?)`);
  const g = graph!;
  const model: OnnxModel = {
    irVersion: irVersion!,
    opsets,
    ...(r.text(o, "producerName") !== undefined ? { producerName: r.text(o, "producerName") } : {}),
    ...(r.text(o, "producerVersion") !== undefined ? { producerVersion: r.text(o, "producerVersion") } : {}),
    ...(r.text(o, "docString") !== undefined ? { docString: r.text(o, "docString") } : {}),
    metadata: r.list(o, "metadataProps").map((e) => ({ key: r.text(e, "key") ?? "", value: r.text(e, "value") ?? "" })),
    graph: {
      name: r.text(g, "name") ?? "",
      nodes: r.list(g, "node").map((n) => {
        const where = `node '${quoted(r.text(n, "name") ?? r.text(n, "opType") ?? "")}'`;
        return {
          opType: r.text(n, "opType") ?? "",
          inputs: r.list(n, "input").map(String),
          outputs: r.list(n, "output").map(String),
          ...(r.text(n, "name") !== undefined ? { name: r.text(n, "name") } : {}),
          ...(r.text(n, "domain") !== undefined ? { domain: r.text(n, "domain") } : {}),
          attributes: r.list(n, "attribute").flatMap((a) => r.attribute(a, where) ?? []),
        };
      }),
      initializers: r.list(g, "initializer").map((t) => r.tensor(t, "initializer")),
      inputs: r.list(g, "input").map((v) => r.valueInfo(v)),
      outputs: r.list(g, "output").map((v) => r.valueInfo(v)),
    },
  };
  return model;
}

/** The ONNX model in the file at `path` (a regular file of at most MAX_ONNX_BYTES). */
export function readModelFile(path: string): OnnxModel {
  return decodeModel(readRegularFile(path, MAX_ONNX_BYTES, "an .onnx model"), path);
}

// ---- tensor values ----

const ELEMENT_BYTES: Readonly<Record<number, number>> = {
  [OnnxDataType.FLOAT]: 4,
  [OnnxDataType.DOUBLE]: 8,
  [OnnxDataType.FLOAT16]: 2,
  [OnnxDataType.INT32]: 4,
  [OnnxDataType.INT64]: 8,
};

const TYPE_NAMES: Readonly<Record<number, string>> = { 1: "float32", 2: "uint8", 3: "int8", 4: "uint16", 5: "int16", 6: "int32", 7: "int64", 8: "string", 9: "bool", 10: "float16", 11: "float64", 12: "uint32", 13: "uint64", 16: "bfloat16" };

/** The element type's name for messages ("float32", "data type 99"). */
export function dataTypeName(t: number): string {
  return TYPE_NAMES[t] ?? `data type ${t}`;
}

/** IEEE half precision to a number. */
function halfToNumber(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

/**
 * A tensor's values as float64, row-major: float32, float64, float16, int32
 * and int64 tensors (int64 within ±2⁵³), from raw_data or the typed fields.
 * Throws OnnxFormatError (naming the tensor and `source`) for another type,
 * external data, or a count of values that disagrees with the dims.
 */
export function tensorValues(t: OnnxTensor, source: string): Float64Array {
  const at = `${source}: tensor '${quoted(t.name)}'`;
  const count = t.dims.reduce((a, b) => a * b, 1);
  const size = ELEMENT_BYTES[t.dataType];
  if (t.external) throw new OnnxFormatError(`${at}: its values are in an external file, which dlc does not read (save the model with its weights inside)`);
  if (size === undefined) throw new OnnxFormatError(`${at}: element type ${dataTypeName(t.dataType)}; dlc reads float32, float64, float16, int32 and int64 tensors`);
  if (t.rawData && t.rawData.length > 0) {
    if (t.rawData.length !== count * size) throw new OnnxFormatError(`${at}: raw data holds ${t.rawData.length} bytes, but dims [${t.dims.join(", ")}] of ${dataTypeName(t.dataType)} need ${count * size}`);
    const view = new DataView(t.rawData.buffer, t.rawData.byteOffset, t.rawData.byteLength);
    const out = new Float64Array(count);
    for (let i = 0; i < count; i++) {
      switch (t.dataType) {
        case OnnxDataType.FLOAT:
          out[i] = view.getFloat32(i * 4, true);
          break;
        case OnnxDataType.DOUBLE:
          out[i] = view.getFloat64(i * 8, true);
          break;
        case OnnxDataType.FLOAT16:
          out[i] = halfToNumber(view.getUint16(i * 2, true));
          break;
        case OnnxDataType.INT32:
          out[i] = view.getInt32(i * 4, true);
          break;
        default: {
          const v = view.getBigInt64(i * 8, true);
          if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER)) throw new OnnxFormatError(`${at}: int64 value ${v} at flat index ${i} is beyond ±2^53`);
          out[i] = Number(v);
        }
      }
    }
    return out;
  }
  // ONNX keeps float16 (as bit patterns) and int32 in int32_data.
  const typed =
    t.dataType === OnnxDataType.FLOAT ? t.floatData : t.dataType === OnnxDataType.DOUBLE ? t.doubleData : t.dataType === OnnxDataType.INT64 ? t.int64Data : t.int32Data;
  const values = typed ?? [];
  if (values.length !== count) throw new OnnxFormatError(`${at}: holds ${values.length} values, but dims [${t.dims.join(", ")}] need ${count}`);
  const out = Float64Array.from(values, (v) => (t.dataType === OnnxDataType.FLOAT16 ? halfToNumber(v) : v));
  if (t.dataType === OnnxDataType.INT64) {
    const bad = out.findIndex((v) => !Number.isSafeInteger(v));
    if (bad >= 0) throw new OnnxFormatError(`${at}: int64 value at flat index ${bad} is beyond ±2^53`);
  }
  return out;
}

/** A float32 tensor of `dims` holding `values`, stored as raw little-endian bytes. */
export function floatTensor(name: string, dims: readonly number[], values: ArrayLike<number>): OnnxTensor {
  const data = Float32Array.from(values as ArrayLike<number>);
  const raw = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return { name, dims: [...dims], dataType: OnnxDataType.FLOAT, rawData: isLittleEndian ? raw : swap(raw, 4) };
}

/** An int64 tensor of `dims` (shapes for Reshape, axes, pads), stored as raw little-endian bytes. */
export function int64Tensor(name: string, dims: readonly number[], values: readonly number[]): OnnxTensor {
  const raw = new Uint8Array(values.length * 8);
  const view = new DataView(raw.buffer);
  values.forEach((v, i) => view.setBigInt64(i * 8, BigInt(v), true));
  return { name, dims: [...dims], dataType: OnnxDataType.INT64, rawData: raw };
}

const isLittleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function swap(bytes: Uint8Array, size: number): Uint8Array {
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i += size) for (let k = 0; k < size; k++) out[i + k] = bytes[i + size - 1 - k]!;
  return out;
}
