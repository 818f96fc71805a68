// Which layout a data folder has, from its file names alone (nothing is
// decoded): the first rule that matches wins.
//
//   npy      any *.npy file
//   mnist    an idx image file (train-images-idx3-ubyte[.gz], …)
//   cifar10  a CIFAR-10 batch (data_batch_N.bin, test_batch.bin), or the
//            Python version's pickles (so that cifar.ts can say to get the
//            binary one)
//   images   a subfolder (one per class)
//
// A folder that matches nothing is taken as npy, whose loader says which
// .npy files the network needs: the message a user of .npy folders has
// always had.

import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { CIFAR_PICKLE, CIFAR_TEST, CIFAR_TRAIN } from "./cifar.js";
import { IDX_IMAGES } from "./idx.js";
import type { DataFormat } from "./source.js";

export function detectFormat(dir: string): DataFormat {
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) return "npy";
    names = readdirSync(dir);
  } catch {
    return "npy"; // the npy loader words the problem (no such folder, permission denied)
  }
  if (names.some((n) => n.endsWith(".npy"))) return "npy";
  if (names.some((n) => IDX_IMAGES.test(n))) return "mnist";
  if (names.some((n) => CIFAR_TRAIN.test(n) || CIFAR_TEST.test(n) || CIFAR_PICKLE.test(n))) return "cifar10";
  if (names.some((n) => !n.startsWith(".") && isFolder(join(dir, n)))) return "images";
  return "npy";
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
