import { describe, expect, it } from "vitest";
import { checkFile } from "../../compiler/pipeline.js";

function fields(text: string) {
  const r = checkFile("rf.net", { text });
  expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  const out = new Map<string, unknown>();
  r.graph!.nodes.forEach((n, i) => out.set(n.name, r.analysis!.receptiveFields[i]));
  return out;
}

// Worked by hand with r_out = r_in + (k_eff - 1)·j_in, j_out = j_in·s,
// start_out = start_in + ((k_eff - 1)/2 - p)·j_in.
describe("receptive field over a branching network", () => {
  const text = `
network rf {
  input x: [1, 32, 32]
  a = x |> conv(4, k=3, p=1) as a         # r 3, j 1, start 0
  b = a |> conv(4, k=3, s=2, p=1) as b    # r 5, j 2, start 0
  c = a |> conv(4, k=5, s=2, p=2) as c    # r 7, j 2, start 0
  d = (b + c) as d                        # widest path: r 7 (a chain through b would say 5)
  e = d |> conv(4, k=3, d=2, p=2) as e    # dilated k_eff 5: r 7 + 4·2 = 15, j 2, start 0
  f = e |> maxpool(k=2) as f              # r 15 + 1·2 = 17, j 4, start 0 + 0.5·2 = 1
  g = f |> conv(4, k=[3, 1], p=[0, 0]) as g  # h: 17 + 2·4 = 25, start 1 + 1·4 = 5; w unchanged
  output o = g |> gap |> dense(2)
}`;
  const rf = fields(text);
  const sq = (size: number, jump: number, start: number) => ({ h: { size, jump, start }, w: { size, jump, start } });
  it.each([
    ["a", sq(3, 1, 0)],
    ["b", sq(5, 2, 0)],
    ["c", sq(7, 2, 0)],
    ["d", sq(7, 2, 0)],
    ["e", sq(15, 2, 0)],
    ["f", sq(17, 4, 1)],
    ["g", { h: { size: 25, jump: 4, start: 5 }, w: { size: 17, jump: 4, start: 1 } }],
  ])("%s", (name, want) => {
    expect(rf.get(name)).toEqual(want);
  });
  it("is global after global pooling and at the dense head", () => {
    expect(rf.get("gap1")).toBe("global");
    expect(rf.get("dense1")).toBe("global");
  });
  it("has no spatial meaning in a network without feature maps", () => {
    const mlp = fields(`network m { input v: [16]\n output o = v |> dense(4) |> relu }`);
    expect(mlp.get("dense1")).toBeNull();
  });
});

describe("receptive field of ResNet-18", () => {
  it("is 435 pixels at the last block, the published figure", () => {
    const r = checkFile("tests/fixtures/resnet18_inline.net");
    const i = r.graph!.nodes.findIndex((n) => n.op === "gap");
    const last = r.analysis!.receptiveFields[i - 1] as { h: { size: number; jump: number } };
    expect(last.h.size).toBe(435);
    expect(last.h.jump).toBe(32);
  });
});
