// An image folder per class, the layout torchvision's ImageFolder reads:
//
//   DIR/circle/0001.png
//   DIR/circle/0002.jpg
//   DIR/square/…
//
// Classes are the subfolders sorted by name (code point order, as Python's
// sorted()); the k-th is label k. Their number must equal the class count
// of the output the label's loss reads, so that a validation folder lacking
// a class cannot shift every label after it. Images are the files ending in
// .png, .jpg, .jpeg or .webp (any case), sorted by name; other files and
// names starting with "." (.DS_Store, .ipynb_checkpoints) are skipped. A
// class folder without images is an error, as in torchvision.
//
// Images are decoded once when the source opens (image_decode.ts) into a
// scratch file at the network's input size and read from it per batch
// (records.ts): memory holds the file list, never the decoded data set.

import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { cut } from "../../core/diagnostics/printable.js";
import { formatShape, type Graph } from "../../core/ir/graph.js";
import { classifierFields, checkGeometry, classSource } from "./class_source.js";
import { decodeToScratch } from "./image_decode.js";
import { DataError } from "./npy.js";
import type { DataOptions, DataSource } from "./source.js";

export const IMAGE_FILE = /\.(png|jpe?g|webp)$/i;

export interface ImageList {
  readonly classes: readonly string[];
  /** Every image with its label, class by class, each class's files sorted. */
  readonly images: readonly { readonly file: string; readonly label: number }[];
}

const visible = (name: string) => !name.startsWith(".");

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The classes and images of an image folder; a DataError for a folder without classes or a class without images. */
export function listImageFolder(dir: string): ImageList {
  const classes = readdirSync(dir).filter((n) => visible(n) && isFolder(join(dir, n))).sort();
  if (classes.length === 0) throw new DataError(`${dir}: no class folders; an image folder holds one subfolder of images per class (DIR/CLASS/*.png)`);
  const images: { file: string; label: number }[] = [];
  classes.forEach((name, label) => {
    const folder = join(dir, name);
    const entries = readdirSync(folder).filter(visible).sort();
    const files = entries.filter((n) => IMAGE_FILE.test(n) && isFile(join(folder, n)));
    if (files.length === 0) {
      const others = entries.length > 0 ? ` (${entries.length} other file(s) skipped)` : "";
      throw new DataError(`${folder}: empty class folder: no .png, .jpg, .jpeg or .webp images${others}; remove the folder or add images`);
    }
    for (const f of files) images.push({ file: join(folder, f), label });
  });
  return { classes, images };
}

/** An image folder as a data source for `graph` (one image input [C, H, W], C = 1 or 3, and one class label). */
export async function openImageFolder(dir: string, graph: Graph, opts: DataOptions, onProgress?: (done: number, total: number) => void): Promise<DataSource> {
  const fields = classifierFields(graph, dir, "an image folder");
  const shape = fields.input.shape;
  if (shape.length !== 3 || (shape[0] !== 1 && shape[0] !== 3)) {
    throw new DataError(`${dir}: images feed an input of shape [C, H, W] with C = 1 (grayscale) or 3 (RGB), but input '${fields.input.name}' is ${formatShape(shape)}`);
  }
  const chw: [number, number, number] = [shape[0]!, shape[1]!, shape[2]!];
  checkGeometry(fields.input, chw, dir);
  const list = listImageFolder(dir);
  if (list.classes.length !== fields.classes) {
    throw new DataError(
      `${dir}: ${list.classes.length} class folder(s) (${cut(list.classes.join(", "), 200)}), but ${fields.label.usedBy} has ${fields.classes} classes; the folders and the network's classes must agree`,
    );
  }
  const records = await decodeToScratch(list.images.map((i) => i.file), chw, opts.resize, onProgress);
  const kind = chw[0] === 1 ? "grayscale" : "RGB";
  // A thousand class names would flood a one-line message.
  const names = cut(list.classes.join(", "), 200);
  return classSource(
    {
      dir,
      format: "images",
      description: `image folder, ${list.classes.length} classes (${names}), ${list.images.length} images as ${kind} ${chw.join("×")}${opts.resize ? ` (resized: ${opts.resize})` : ""}`,
      fields,
      records,
      labels: Int32Array.from(list.images, (i) => i.label),
      chw,
      labelFile: dir,
    },
    opts,
  );
}
