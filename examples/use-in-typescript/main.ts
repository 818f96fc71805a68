// Uses a compiled dlc module from TypeScript: create it on a WebGPU device,
// train it on a synthetic task (which third of the image is bright), run it,
// save its weights. Compile it first (see README.md).
import { Classifier } from "./build/classifier.js";

const BATCH = 8;
const at = process.argv.indexOf("--steps");
const steps = at > 0 ? Number(process.argv[at + 1]) : 60;

/** A batch of 12×12 images whose bright band (top, middle, bottom third) is the class. */
function batch(seed: number): { image: Float32Array; label: Int32Array } {
  let s = seed;
  const rand = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const image = new Float32Array(BATCH * 144);
  const label = new Int32Array(BATCH);
  for (let b = 0; b < BATCH; b++) {
    const c = Math.floor(rand() * 3);
    label[b] = c;
    for (let y = 0; y < 12; y++) for (let x = 0; x < 12; x++) image[b * 144 + y * 12 + x] = (Math.floor(y / 4) === c ? 1 : 0) + 0.3 * (rand() - 0.5);
  }
  return { image, label };
}

const net = await Classifier.create();
let first = 0;
let last = 0;
for (let step = 0; step < steps; step++) {
  const { loss } = await net.trainStep(batch(step + 1));
  if (step === 0) first = loss;
  last = loss;
}
const test = batch(10_000);
const { logits } = await net.eval().forward({ image: test.image });
let correct = 0;
for (let b = 0; b < BATCH; b++) {
  const row = Array.from(logits.subarray(b * 3, b * 3 + 3));
  if (row.indexOf(Math.max(...row)) === test.label[b]) correct++;
}
await net.save("examples/use-in-typescript/build/classifier.safetensors");
console.log(JSON.stringify({ steps, firstLoss: first, lastLoss: last, accuracy: correct / BATCH }));
net.destroy();
process.exit(0);
