import { describe, expect, it } from "vitest";
import { checkFile } from "../../../compiler/pipeline.js";
import { relativeError, runBoth } from "../../helpers/gpu_parity.js";

// Odd sizes on purpose: nothing divides the workgroup of 64.
describe("WebGPU kernels match the reference executor (float32, 1e-4 relative)", () => {
  it.each([
    ["dense on rank 1", "[37]", "x |> dense(13)"],
    ["dense on rank 3 without bias", "[3, 5, 7]", "x |> dense(11, bias=false)"],
    ["relu", "[5, 7, 3]", "x |> relu"],
    ["add of three", "[129]", "x + (x |> relu) + (x |> dense(129))"],
  ])("%s", async (_name, shape, body) => {
    const r = checkFile("k.net", { text: `network k { input x: ${shape}\n output y = ${body} }` });
    const g = r.graph!;
    const ids = g.nodes.filter((n) => n.op !== "input").map((n) => n.id);
    const { gpu, ref } = await runBoth(g, 3, ids);
    for (const id of ids) expect(relativeError(gpu.get(id)!, ref.get(id)!), g.nodes[id]!.name).toBeLessThan(1e-4);
  });
});

describe("a value read twice by one node", () => {
  it.each([
    ["x * x", "[6, 5]", "x * x"],
    ["add(x, x)", "[33]", "x + x"],
    ["concat(a, x, a)", "[2, 3, 3]", "[x |> relu, x, x |> relu] |> concat"],
  ])("%s binds the value once and still matches the reference", async (_name, shape, body) => {
    const r = checkFile("k.net", { text: `network k { input x: ${shape}\n output y = ${body} }` });
    const g = r.graph!;
    const ids = g.nodes.filter((n) => n.op !== "input").map((n) => n.id);
    const { gpu, ref } = await runBoth(g, 2, ids);
    for (const id of ids) expect(relativeError(gpu.get(id)!, ref.get(id)!), g.nodes[id]!.name).toBeLessThan(1e-4);
  });
});
