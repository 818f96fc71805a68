// Attribute suggestions beyond spelling: shared `_`-separated words and
// other frameworks' names, offered for attributes only.

import { describe, expect, it } from "vitest";
import { nearestAttribute, nearestName } from "../../core/diagnostics/suggest.js";

const conv = ["out", "kernel", "k", "stride", "s", "padding", "p", "dilation", "d", "groups", "g", "bias", "table"];
const avgpool = ["kernel", "k", "stride", "s", "padding", "p", "ceil", "count_include_pad"];

describe("nearestAttribute", () => {
  it("prefers a near spelling", () => {
    expect(nearestAttribute("kernal", conv)).toBe("kernel");
    expect(nearestAttribute("stide", conv)).toBe("stride");
  });

  it("matches a keyword that contains, or is contained in, an attribute's words", () => {
    expect(nearestAttribute("kernel_size", conv)).toBe("kernel");
    expect(nearestAttribute("out_channels", conv)).toBe("out");
    expect(nearestAttribute("ceil_mode", avgpool)).toBe("ceil");
    expect(nearestAttribute("include_pad", avgpool)).toBe("count_include_pad");
  });

  it("matches words whole, not letters", () => {
    // "pad" is not a word of "padding"; a one-letter alias is no word match.
    expect(nearestAttribute("pad_mode", avgpool)).toBeUndefined();
    expect(nearestAttribute("k_size", conv)).toBeUndefined();
  });

  it("says nothing when several attributes share the keyword's words", () => {
    expect(nearestAttribute("kernel_stride", conv)).toBeUndefined();
  });

  it("knows other frameworks' names for the output width", () => {
    expect(nearestAttribute("width", conv)).toBe("out");
    expect(nearestAttribute("filters", conv)).toBe("out");
    expect(nearestAttribute("units", ["out", "bias"])).toBe("out");
    expect(nearestAttribute("width", avgpool)).toBeUndefined();
  });

  it("leaves name suggestions to spelling alone", () => {
    expect(nearestName("conv_bn_relu", ["conv", "bn", "relu", "gap"])).toBeUndefined();
    expect(nearestName("width", ["out", "kernel"])).toBeUndefined();
  });
});
