// The stdlib models' first half, by name: exported to ONNX at a small input,
// their outputs in onnxruntime-node against the float64 reference
// (./stdlib_models.ts). The halves together cover every model.

import { describe, it } from "vitest";
import { limitFor } from "../../../helpers/time_limits.js";
import { checkModel, MODELS } from "./stdlib_models.js";

const HALF = MODELS.slice(0, Math.ceil(MODELS.length / 2));

describe("ONNX export of the stdlib models at a small input", () => {
  // VGG's 140 M weights take the longest: about 10 s idle.
  it.each(HALF)("%s", (name) => checkModel(name), limitFor(10));
});
