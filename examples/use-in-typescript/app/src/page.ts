// The same network in a web page: esbuild bundles this file, the compiled
// module, its manifest and dlc's runtime into public/page.js.
import { Quadrant } from "../model/quadrant.js";
import { argmax, labels, points } from "./data.js";

const out = document.querySelector("#out")!;
try {
  const net = await Quadrant.create(); // navigator.gpu's device
  let loss = 0;
  for (let step = 0; step < 20; step++) loss = (await net.trainStep({ point: points, label: labels })).loss;
  const { logits } = await net.eval().forward({ point: points });
  out.textContent = `loss after 20 steps ${loss.toFixed(4)}; predicted ${argmax(logits, 4).join(" ")}; true ${labels.join(" ")}`;
} catch (e) {
  out.textContent = `failed: ${String(e)}`;
}
