// `dlc train` and `dlc eval` on an image folder through the CLI, reference
// backend, 8 hand-written 6×6 PNGs: the layout is detected, augmentation
// and normalisation are taken, the same seed gives the same run, a trained
// checkpoint evaluates with the same options, and bad input is exit 1 with
// the file named (exit 2 for a bad option).

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { limitFor } from "../../helpers/time_limits.js";
import { pngBytes, writeFile } from "../data/image_files.js";
import { dlc, expectClean, type Run } from "./train_cli_helpers.js";

const tmp = mkdtempSync(join(tmpdir(), "dlc-image-cli-"));
const net = join(tmp, "bars.net");
const data = join(tmp, "bars");
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A 6×6 grayscale bar: horizontal (row r bright) or vertical (column r bright). */
function bar(vertical: boolean, r: number): Buffer {
  return pngBytes(6, 6, 1, Array.from({ length: 36 }, (_, i) => ((vertical ? i % 6 : Math.floor(i / 6)) === r ? 230 : 20)));
}

beforeAll(() => {
  writeFileSync(
    net,
    "network bars(classes = 2) {\n  input image: [1, 6, 6]\n  output logits = image |> conv(4, k=3, p=1) |> relu |> maxpool(k=2) |> flatten |> dense(classes)\n}\n" +
      "train bars {\n  loss cross_entropy(logits, label: int)\n  optimizer sgd(lr = 0.1, momentum = 0.9)\n  batch = 4\n}\n",
  );
  for (let r = 0; r < 4; r++) {
    writeFile(join(data, "horizontal", `${r}.png`), bar(false, r + 1));
    writeFile(join(data, "vertical", `${r}.png`), bar(true, r + 1));
  }
});

const LIMIT = limitFor(10);
const lines = (r: Run) => r.stdout.trim().split("\n").map((l) => JSON.parse(l) as { epoch: number; loss: number; samples: number; seconds: number });
const train = (...more: string[]) => dlc(["train", net, "--data", data, "--backend", "reference", "--json", ...more]);

describe("dlc train on an image folder", () => {
  it("trains with augmentation and normalisation, the same seed giving the same run, and evaluates its checkpoint", { timeout: LIMIT }, async () => {
    const out = join(tmp, "run");
    const opts = ["--epochs", "2", "--augment", "crop=1,flip", "--normalize", "0.5/0.5"];
    const [a, b, c] = await Promise.all([train(...opts, "--out", out), train(...opts), train(...opts.slice(0, 2), "--normalize", "0.5/0.5")]);
    for (const r of [a, b, c]) {
      expect(r.code, r.stderr).toBe(0);
      expectClean(r);
      // Decoding is reported on stderr (off a terminal: the count, then the time), never on stdout.
      expect(r.stderr).toContain("decoding 8 images…\n");
      expect(r.stderr).toMatch(/decoded 8 images in \d+\.\d s\n/);
    }
    expect(lines(a).map((m) => [m.epoch, m.samples])).toEqual([[1, 8], [2, 8]]);
    expect(lines(b)).toEqual(lines(a).map((m, k) => ({ ...m, seconds: lines(b)[k]!.seconds })));
    // Without augmentation (same seed: same init, same order) the second epoch's loss differs.
    expect(lines(c)[1]!.loss).not.toBe(lines(a)[1]!.loss);

    const ev = await dlc(["eval", net, "--weights", join(out, "last.safetensors"), "--data", data, "--normalize", "0.5/0.5", "--backend", "reference", "--json"]);
    expect(ev.code, ev.stderr).toBe(0);
    expect((JSON.parse(ev.stdout) as { samples: number }).samples).toBe(8);
  });

  it("names a corrupt image (exit 1) and refuses bad options (exit 2)", { timeout: LIMIT }, async () => {
    const bad = join(tmp, "corrupt");
    writeFile(join(bad, "horizontal", "0.png"), bar(false, 1));
    const broken = writeFile(join(bad, "vertical", "0.png"), bar(true, 1).subarray(0, 50));
    const [corrupt, format, augment] = await Promise.all([train("--data", bad), train("--format", "tiff"), train("--augment", "rotate")]);
    expect(corrupt.code, corrupt.stderr).toBe(1);
    expectClean(corrupt);
    expect(corrupt.stderr).toContain(`${broken}: cannot decode the image`);
    expect(format.code).toBe(2);
    expect(format.stderr).toContain("--format expects one of npy, images, mnist, cifar10");
    expect(augment.code).toBe(2);
    expect(augment.stderr).toContain("--augment: unknown 'rotate'");
  });
});
