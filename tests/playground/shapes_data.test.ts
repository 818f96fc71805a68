import { describe, expect, it } from "vitest";
import { checkFile } from "../../compiler/pipeline.js";
import { fitShapes, SAMPLES, SHAPE_NAMES, shapesDataset } from "../../playground/src/shapes_data.js";
import { EXAMPLE } from "../../playground/src/example.js";

// The playground's built-in data set: the same samples from the same seed,
// the classes in turn, pictures whose label can be told from the pixels
// (a nearest-class-mean classifier fitted on one half scores well above
// chance on the other), drawn at the network's input size; a network it
// cannot train gets a sentence that says what it needs.

const graphOf = (text: string) => checkFile("playground.net", { text, train: "auto" }).graph!;

function fit(text: string) {
  const f = fitShapes(graphOf(text));
  if ("problem" in f) throw new Error(f.problem);
  return f;
}

describe("the built-in shapes data set", () => {
  it("is fixed by its seed, balanced, and fits the example network", () => {
    const { image, label } = fit(EXAMPLE);
    const a = shapesDataset(image, label);
    const b = shapesDataset(image, label);
    expect(a.size).toBe(SAMPLES);
    expect(a.fields.map((f) => [f.name, f.role, f.dtype, f.shape])).toEqual([["image", "input", "f32", [1, 16, 16]], ["label", "label", "i32", []]]);
    expect(a.fields[0]!.data).toEqual(b.fields[0]!.data);
    expect(shapesDataset(image, label, SAMPLES, 8).fields[0]!.data).not.toEqual(a.fields[0]!.data);
    const counts = SHAPE_NAMES.map((_, k) => a.fields[1]!.data.filter((c) => c === k).length);
    expect(counts).toEqual(SHAPE_NAMES.map(() => SAMPLES / SHAPE_NAMES.length));
    // The first samples of a smaller set are the same pictures (the page's strip shows those).
    expect(shapesDataset(image, label, 8).fields[0]!.data).toEqual(a.fields[0]!.data.subarray(0, 8 * 256));
  });

  it("has labels that can be told from the pictures", () => {
    const { image, label } = fit(EXAMPLE);
    const d = shapesDataset(image, label);
    const [pix, cls] = [d.fields[0]!.data, d.fields[1]!.data];
    const per = 256;
    const half = SAMPLES / 2;
    const means = SHAPE_NAMES.map(() => new Float64Array(per));
    for (let i = 0; i < half; i++) for (let p = 0; p < per; p++) means[cls[i]!]![p]! += pix[i * per + p]! / (half / SHAPE_NAMES.length);
    let right = 0;
    for (let i = half; i < SAMPLES; i++) {
      const dist = means.map((m) => m.reduce((s, v, p) => s + (v - pix[i * per + p]!) ** 2, 0));
      if (dist.indexOf(Math.min(...dist)) === cls[i]) right++;
    }
    // Chance is 25%.
    expect(right / half).toBeGreaterThan(0.5);
  });

  it("is drawn at the network's input size and channels", () => {
    const { image, label } = fit(EXAMPLE.replace("[1, 16, 16]", "[3, 24, 20]"));
    const d = shapesDataset(image, label, 4);
    expect(d.fields[0]!.shape).toEqual([3, 24, 20]);
    expect(d.fields[0]!.data.length).toBe(4 * 3 * 24 * 20);
  });

  it("says what it needs when the network does not fit it", () => {
    const problem = (text: string) => {
      const f = fitShapes(graphOf(text));
      return "problem" in f ? f.problem : undefined;
    };
    expect(problem(EXAMPLE.replace(/train shapes \{[^}]*\}/, ""))).toMatch(/network 'shapes' has no training section/);
    expect(problem(EXAMPLE.replace("classes = 4", "classes = 3"))).toMatch(/at least 4 classes; label 'label' is cross_entropy on 'logits' with 3 classes/);
    expect(problem(EXAMPLE.replace("[1, 16, 16]", "[1, 4, 4]").replace(/\|> maxpool\(k=2\)/g, ""))).toMatch(/input 'image' is f32\[1, 4, 4\]/);
  });
});
