// The pipeline cache and its progress reports (runtime/webgpu/pipelines.ts),
// on tiny kernels, in both ways of making pipelines. Each test uses kernels
// of its own (a constant in the code), so that what an earlier test cached
// does not decide a later one.

import { describe, expect, it } from "vitest";
import { cachedPipelines, createPipelines, PipelineError, pipelineKey, type PipelineMode } from "../../../runtime/webgpu/pipelines.js";
import { sharedDevice } from "../../helpers/gpu_parity.js";

let unique = 0;
/** A kernel that writes `value`; `comment` changes its text, not its code. */
function kernel(value: number, comment = "") {
  const id = ++unique;
  return (label: string) => ({ label, code: `// ${comment}\n@group(0) @binding(0) var<storage, read_write> out: array<f32>;\n@compute @workgroup_size(1)\nfn main() { out[0] = ${value}.0 + f32(${id}u) * 0.0; } // ${label}` });
}

const MODES: PipelineMode[] = ["concurrent", "sequential"];

describe.each(MODES)("createPipelines (%s)", (mode) => {
  it("gives kernels of the same code one pipeline, in the kernels' order, and reports each new pipeline once", async () => {
    const { device } = await sharedDevice();
    const a = kernel(1);
    const b = kernel(2);
    const kernels = [a("a1"), b("b1"), { ...a("a2"), code: a("a2").code.replace("// \n", "// another node\n") }, b("b2")];
    expect(pipelineKey(kernels[0]!.code)).toBe(pipelineKey(kernels[2]!.code));
    const calls: [number, number][] = [];
    const before = cachedPipelines(device);
    const got = await createPipelines(device, kernels, { mode, onProgress: (d, t) => calls.push([d, t]) });
    expect(got).toHaveLength(4);
    expect(got[2]).toBe(got[0]);
    expect(got[3]).toBe(got[1]);
    expect(got[1]).not.toBe(got[0]);
    // Two distinct codes: 0, then one call per pipeline made, in increasing order.
    expect(calls).toEqual([[0, 2], [1, 2], [2, 2]]);
    expect(cachedPipelines(device) - before).toBe(2);

    // The same kernels again: all cached, nothing made, nothing reported.
    const again: [number, number][] = [];
    const second = await createPipelines(device, [b("b3"), a("a3")], { mode, onProgress: (d, t) => again.push([d, t]) });
    expect(second[0]).toBe(got[1]);
    expect(second[1]).toBe(got[0]);
    expect(again).toEqual([]);

    // Without the cache every kernel is made anew.
    const fresh = await createPipelines(device, [a("a4")], { mode, cache: false });
    expect(fresh[0]).not.toBe(got[0]);
  });

  it("names the first kernel that does not compile, and does not cache it", async () => {
    const { device } = await sharedDevice();
    const good = kernel(3)("good");
    const bad = { label: "broken kernel", code: `${kernel(4)("x").code}\nfn oops() -> u32 { return 1.5; }` };
    const before = cachedPipelines(device);
    const run = () => createPipelines(device, [good, bad], { mode });
    await expect(run()).rejects.toThrow(PipelineError);
    await expect(run()).rejects.toThrow(/kernel 'broken kernel' does not compile/);
    // The good kernel stays cached (made once), the bad one is not kept.
    expect(cachedPipelines(device) - before).toBe(1);
  });
});
