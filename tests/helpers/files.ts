// Input files for the CLI, written byte by byte from the formats' specs and
// not with dlc's own writers, so that a test's inputs do not share a bug
// with the code under test.

/** A version 1.0 .npy file of little-endian float32 (or int64 with "<i8", int32 with "<i4"). */
export function npyBytes(shape: number[], values: number[], descr = "<f4"): Buffer {
  const dims = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${dims}, }`;
  header += " ".repeat(63 - ((10 + header.length) % 64)) + "\n";
  const item = descr === "<i8" ? 8 : 4;
  const data = Buffer.alloc(values.length * item);
  values.forEach((v, i) => {
    if (item === 8) data.writeBigInt64LE(BigInt(v), i * 8);
    else if (descr === "<i4") data.writeInt32LE(v, i * 4);
    else data.writeFloatLE(v, i * 4);
  });
  const pre = Buffer.alloc(10);
  pre.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  pre.writeUInt16LE(header.length, 8);
  return Buffer.concat([pre, Buffer.from(header, "latin1"), data]);
}

/** A safetensors file of F32 tensors: 8-byte header length, JSON header, data. */
export function safetensorsBytes(tensors: Record<string, { shape: number[]; values: number[] }>): Buffer {
  const header: Record<string, unknown> = {};
  const parts: Buffer[] = [];
  let at = 0;
  for (const [name, t] of Object.entries(tensors)) {
    const data = Buffer.alloc(t.values.length * 4);
    t.values.forEach((v, i) => data.writeFloatLE(v, i * 4));
    header[name] = { dtype: "F32", shape: t.shape, data_offsets: [at, at + data.length] };
    parts.push(data);
    at += data.length;
  }
  const json = Buffer.from(JSON.stringify(header), "utf8");
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(json.length));
  return Buffer.concat([len, json, ...parts]);
}
