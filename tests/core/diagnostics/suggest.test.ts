import { describe, expect, it } from "vitest";
import { editDistance, nearestName } from "../../../core/diagnostics/suggest.js";

describe("suggestions", () => {
  it.each([
    ["relu", "relu", 0],
    ["rleu", "relu", 1],
    ["covn", "conv", 1],
    ["strid", "stride", 1],
    ["kitten", "sitting", 3],
    ["", "abc", 3],
  ])("distance %s → %s is %i", (a, b, d) => expect(editDistance(a, b)).toBe(d));
  it("prefers a transposition over a deletion", () => expect(nearestName("rleu", ["elu", "relu"])).toBe("relu"));
  it("suggests nothing when no name is close", () => expect(nearestName("resnet", ["conv", "bn"])).toBeUndefined());
});
