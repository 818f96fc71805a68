// A Node program using a compiled network: train it a few steps, then
// classify the training points. `dlc compile quadrant.net -o model` writes
// the module beside src/, so the import below works from src/ (tsc) and
// from dist/ (node) alike.
import { Quadrant } from "../model/quadrant.js";
import { argmax, labels, points } from "./data.js";

const net = await Quadrant.create();
const losses: number[] = [];
for (let step = 0; step < 20; step++) {
  const { loss } = await net.trainStep({ point: points, label: labels });
  losses.push(loss);
}
const { logits } = await net.eval().forward({ point: points });
const predicted = argmax(logits, 4);
console.log(JSON.stringify({ firstLoss: losses[0], lastLoss: losses.at(-1), predicted, labels: Array.from(labels) }));
net.destroy();
