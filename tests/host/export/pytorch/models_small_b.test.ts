// Every other model file of the standard library (the 2nd, 4th, … by name)
// exported to PyTorch at their smallest input (but lenet5, resnet18 and
// mobilenet_v2, which models_full.test.ts runs whole): models.ts says what
// is checked.

import { describe, expect, it } from "vitest";
import { limitFor } from "../../../helpers/time_limits.js";
import { FULL_SIZE, modelFiles, modelProblems, smallCase } from "./models.js";

const files = modelFiles()
  .map((f) => ({ ...f, nets: f.nets.filter((n) => !FULL_SIZE.includes(n)) }))
  .filter((f) => f.nets.length > 0);
const mine = files.filter((_, i) => i % 2 === 1);

describe("the standard library's networks in PyTorch, small inputs (2nd, 4th, … file)", () => {
  it(`${mine.map((f) => f.nets.join(", ")).join(", ")}: dlc's names, counts and outputs`, async () => {
    expect(await modelProblems(mine.flatMap((f) => f.nets.map((n) => smallCase(f.file, n))), limitFor(30))).toEqual([]);
  }, limitFor(30));
});
