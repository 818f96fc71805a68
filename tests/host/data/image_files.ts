// Image and data files written byte by byte from the formats' specifications
// (PNG, MNIST idx, CIFAR-10 binary), not with sharp or dlc's readers, so
// that the pixels a test puts in are an independent oracle for what the
// sources decode.

import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { crc32, deflateSync, gzipSync } from "node:zlib";

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, "latin1");
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/**
 * An 8-bit PNG of `channels` 1 (gray), 3 (RGB) or 4 (RGBA); `pixels` row by
 * row, interleaved (H×W×C), every scanline with filter 0 (none).
 */
export function pngBytes(width: number, height: number, channels: 1 | 3 | 4, pixels: ArrayLike<number>): Buffer {
  if (pixels.length !== width * height * channels) throw new Error("pngBytes: wrong pixel count");
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = channels === 1 ? 0 : channels === 3 ? 2 : 6; // colour type
  const raw = Buffer.alloc(height * (1 + width * channels));
  for (let y = 0; y < height; y++) {
    for (let k = 0; k < width * channels; k++) raw[y * (1 + width * channels) + 1 + k] = pixels[y * width * channels + k]!;
  }
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk("IHDR", ihdr), chunk("IDAT", deflateSync(raw)), chunk("IEND", new Uint8Array(0))]);
}

export function writeFile(path: string, bytes: Uint8Array): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, bytes);
  return path;
}

/** MNIST's idx3 (images: [n, rows, cols]) or idx1 (labels: [n]) bytes, big-endian header; gzipped when asked. */
export function idxBytes(dims: number[], data: ArrayLike<number>, gzip = false): Buffer {
  const head = Buffer.alloc(4 + 4 * dims.length);
  head.writeUInt32BE(0x800 + dims.length, 0);
  dims.forEach((d, k) => head.writeUInt32BE(d, 4 + 4 * k));
  const bytes = Buffer.concat([head, Buffer.from(Array.from(data))]);
  return gzip ? gzipSync(bytes) : bytes;
}

/** A CIFAR-10 binary batch: per record, the label byte, then 3072 pixel bytes (R plane, G plane, B plane). */
export function cifarBytes(records: { label: number; pixel: (c: number, y: number, x: number) => number }[]): Buffer {
  const out = Buffer.alloc(records.length * 3073);
  records.forEach((r, i) => {
    out[i * 3073] = r.label;
    for (let c = 0; c < 3; c++) for (let y = 0; y < 32; y++) for (let x = 0; x < 32; x++) out[i * 3073 + 1 + (c * 32 + y) * 32 + x] = r.pixel(c, y, x);
  });
  return out;
}
