// lenet5, resnet18 and mobilenet_v2 at full size exported to PyTorch:
// models.ts says what is checked.

import { describe, expect, it } from "vitest";
import { limitFor } from "../../../helpers/time_limits.js";
import { FULL_SIZE, fullCase, modelFiles, modelProblems } from "./models.js";

describe("the standard library's networks in PyTorch, full size", () => {
  it(`${FULL_SIZE.join(", ")} at their declared inputs: dlc's names, counts and outputs`, async () => {
    const cases = modelFiles().flatMap((f) => f.nets.filter((n) => FULL_SIZE.includes(n)).map((n) => fullCase(f.file, n)));
    expect(cases.map((c) => c.net).sort()).toEqual([...FULL_SIZE].sort());
    expect(await modelProblems(cases, limitFor(30))).toEqual([]);
  }, limitFor(30));
});
