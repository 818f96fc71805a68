// The subgroup GEMM template (ops/templates/gemm_subgroup.ts) on WebGPU
// against the reference executor (float32, relative error ≤ 1e-4), in the
// shapes the autotuner does not offer: lanes sharing A on every case, and
// two more (the widest rows, 16 × 4, and a narrow workgroup of 8 lanes) on
// a few: conv forward, data and
// weight gradients, conv_transpose, dense forward and both gradients, on
// the cases of tests/helpers/subgroup_cases.ts. Needs the `subgroups`
// feature and is skipped, saying so, without one.

import { describe, expect, it } from "vitest";
import { trainingCut, weights } from "../../helpers/graph_cut.js";
import { relativeError, runBoth, sharedDevice } from "../../helpers/gpu_parity.js";
import { extraShapes, runsOf, shareA } from "../../helpers/subgroup_cases.js";
import { limitFor } from "../../helpers/time_limits.js";

const hasSubgroups = (await sharedDevice()).device.features.has("subgroups");
const reason = "skipped where the adapter offers no 'subgroups' feature";

// Each case compiles three kernels; the slowest (16 × 4 rows over several tiles) about 13 s on an idle 2-core machine.
describe.skipIf(!hasSubgroups)(`the subgroup GEMM template's other shapes on the device (${reason})`, { timeout: limitFor(13) }, () => {
  it.each(runsOf([shareA], extraShapes))("matches the reference executor (float32, 1e-4 relative), %s", async (_name, c, choice) => {
    const g = trainingCut(c.input, c.layer, c.ops);
    const ids = g.nodes.filter((n) => n.op !== "input").map((n) => n.id);
    expect(ids.map((id) => g.nodes[id]!.op).sort()).toEqual([...c.ops].sort());
    const { gpu, ref } = await runBoth(g, c.batch, ids, { params: weights(g), seed: 5, gemmChoice: () => choice });
    for (const id of ids) expect(relativeError(gpu.get(id)!, ref.get(id)!), g.nodes[id]!.op).toBeLessThan(1e-4);
  });
});
