// A strip of the built-in data set's first pictures, each with its class,
// so that what the network trains on can be seen (the style sheet scales
// them up, pixelated). Channel 0 is drawn in grey.

import type { Dataset } from "../../host/data/dataset.js";
import { SHAPE_NAMES } from "./shapes_data.js";

const SHOWN = 8;

export function renderDataStrip(into: HTMLElement, data: Dataset): void {
  const [image, label] = data.fields;
  const [, h, w] = image!.shape as [number, number, number];
  const per = image!.shape.reduce((a, b) => a * b, 1);
  const items: HTMLElement[] = [];
  for (let i = 0; i < Math.min(SHOWN, data.size); i++) {
    const canvas = document.createElement("canvas");
    canvas.width = w;
    canvas.height = h;
    const ctx = canvas.getContext("2d");
    if (!ctx) return;
    const img = ctx.createImageData(w, h);
    for (let p = 0; p < h * w; p++) {
      const v = Math.max(0, Math.min(255, Math.round(255 * image!.data[i * per + p]!)));
      img.data.set([v, v, v, 255], 4 * p);
    }
    ctx.putImageData(img, 0, 0);
    const fig = document.createElement("figure");
    const cap = document.createElement("figcaption");
    cap.textContent = SHAPE_NAMES[label!.data[i]!] ?? String(label!.data[i]);
    fig.append(canvas, cap);
    items.push(fig);
  }
  into.replaceChildren(...items);
}
