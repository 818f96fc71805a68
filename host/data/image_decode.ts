// Decoding images with sharp (libvips) into a scratch file of uint8 C×H×W
// records, one per image, in list order.
//
// Why decode once rather than per batch: the training loops are synchronous
// (the reference loop runs between awaits of nothing) and sharp is only
// asynchronous; decoding at the network's size once also spares every epoch
// the cost of inflating PNG/JPEG again. The scratch file is deleted as soon
// as it is open for reading, so memory holds none of it and nothing is left
// on disk when the process ends. Its size is N·C·H·W bytes in os.tmpdir()
// (set TMPDIR to put it elsewhere).
//
// sharp is imported lazily: commands that read no images never load it.
// Each image is converted to the input's channels (alpha dropped; RGB to
// grayscale by libvips' luminance, grayscale to RGB by repetition) at 8 bits.
// Without `resize` every image must already be H×W; with it, "cover" scales
// to cover H×W keeping the aspect ratio and crops the centre (torchvision's
// Resize + CenterCrop), "fill" stretches to H×W.

import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DataError } from "./npy.js";
import { fileRecords, type Records } from "./records.js";

/** Images decoded at once: enough to keep libvips' threads busy, few enough to bound memory. */
const IN_FLIGHT = 8;

type Sharp = (typeof import("sharp"))["default"];

async function loadSharp(): Promise<Sharp> {
  const m = await import("sharp");
  return m.default;
}

/** One image as C×H×W bytes, or a DataError naming the file. */
async function decodeOne(sharp: Sharp, file: string, chw: readonly [number, number, number], resize: "cover" | "fill" | undefined): Promise<Uint8Array> {
  const [c, h, w] = chw;
  let out: { data: Buffer; info: { width: number; height: number; channels: number } };
  try {
    let p = sharp(file);
    if (resize) p = p.resize(w, h, { fit: resize, position: "centre" });
    out = await p
      .removeAlpha()
      .toColourspace(c === 1 ? "b-w" : "srgb")
      .raw({ depth: "uchar" })
      .toBuffer({ resolveWithObject: true });
  } catch (e) {
    throw new DataError(`${file}: cannot decode the image: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  const { width, height, channels } = out.info;
  if (width !== w || height !== h) {
    throw new DataError(`${file}: the image is ${width}×${height} (width×height), but the network's input is ${w}×${h}; pass --resize to scale every image to the input's size`);
  }
  if (channels !== c) throw new DataError(`${file}: decoded to ${channels} channel(s), expected ${c}`);
  // sharp gives pixels interleaved (H×W×C); the network takes channel planes.
  const chwBytes = new Uint8Array(c * h * w);
  for (let k = 0; k < c; k++) {
    for (let i = 0; i < h * w; i++) chwBytes[k * h * w + i] = out.data[i * c + k]!;
  }
  return chwBytes;
}

/** Decodes `files` into a scratch file and returns its records (see the header). */
export async function decodeToScratch(
  files: readonly string[],
  chw: readonly [number, number, number],
  resize: "cover" | "fill" | undefined,
  onProgress?: (done: number, total: number) => void,
): Promise<Records> {
  const sharp = await loadSharp();
  const size = chw[0] * chw[1] * chw[2];
  const folder = mkdtempSync(join(tmpdir(), "dlc-images-"));
  const path = join(folder, "samples.u8");
  const remove = () => rmSync(folder, { recursive: true, force: true });
  let fd: number | undefined;
  try {
    fd = openSync(path, "w");
    let next = 0;
    let done = 0;
    let failed = false;
    // 0 first: a progress line starts its count (and clock) there.
    onProgress?.(0, files.length);
    const worker = async () => {
      while (next < files.length && !failed) {
        const i = next++;
        try {
          const bytes = await decodeOne(sharp, files[i]!, chw, resize);
          if (!failed) writeSync(fd!, bytes, 0, size, i * size);
        } catch (e) {
          failed = true;
          throw e;
        }
        onProgress?.(++done, files.length);
      }
    };
    // Every worker settles before the file is closed: none may write to a closed (or reused) descriptor.
    const settled = await Promise.allSettled(Array.from({ length: Math.min(IN_FLIGHT, files.length) }, worker));
    const first = settled.find((s): s is PromiseRejectedResult => s.status === "rejected");
    if (first) throw first.reason;
    closeSync(fd);
    fd = undefined;
    const records = fileRecords([{ file: path, count: files.length, offset: 0, stride: size, name: "decoded images" }], size);
    try {
      remove();
    } catch {
      // A system that cannot delete an open file (Windows): delete it at exit.
      process.once("exit", () => {
        records.close();
        remove();
      });
    }
    return records;
  } catch (e) {
    if (fd !== undefined) closeSync(fd);
    remove();
    throw e;
  }
}
