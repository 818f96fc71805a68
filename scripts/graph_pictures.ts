// Draws the pictures of docs/graph.md and the README: `dlc graph` on stdlib
// networks, each SVG rasterised to PNG by sharp (libvips with librsvg, a
// dependency already) at 2 pixels per point. Run after a change to the
// pictures' style, and look at the results before committing them.
//
//   npx tsx scripts/graph_pictures.ts

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sharp from "sharp";
import { main } from "../host/cli/main.js";

const PICTURES: readonly { readonly png: string; readonly args: readonly string[] }[] = [
  { png: "graph_resnet18.png", args: ["stdlib/models/resnet18.net", "--depth", "1"] },
  { png: "graph_googlenet_aux.png", args: ["stdlib/models/googlenet.net", "--net", "googlenet_aux", "--depth", "1"] },
  { png: "graph_unet.png", args: ["stdlib/models/unet.net", "--depth", "0"] },
  { png: "graph_multitask_train.png", args: ["stdlib/models/multitask_localization.net", "--train"] },
];

const dir = mkdtempSync(join(tmpdir(), "dlc-pictures-"));
try {
  for (const p of PICTURES) {
    const svg = join(dir, p.png.replace(/\.png$/, ".svg"));
    const code = await main(["graph", ...p.args, "-o", svg]);
    if (code !== 0) throw new Error(`dlc graph ${p.args.join(" ")} exited ${code}`);
    // density 144: two pixels per point, crisp on high-density screens.
    const info = await sharp(svg, { density: 144, limitInputPixels: false }).png({ compressionLevel: 9, palette: true }).toFile(join("docs/images", p.png));
    process.stdout.write(`docs/images/${p.png}: ${info.width}×${info.height}, ${(info.size / 1024).toFixed(0)} KiB\n`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
