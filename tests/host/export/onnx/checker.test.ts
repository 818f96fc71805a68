// dlc's ONNX models pass the official checker: onnx.checker.check_model with
// full_check (the schema of every node at opset 17, the graph's structure,
// and strict shape inference, which refuses a node whose declared or
// inferred shapes disagree), from Debian's python3-onnx in a Python child
// process. Checked: the op networks (every op form, ./op_networks.ts) at a
// fixed batch, and stdlib models at a dynamic batch.

import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { root } from "../../../helpers/cli.js";
import { onnxPython } from "../../../helpers/onnx_python.js";
import { exportBytes, graphOf, randomWeights } from "./agreement.js";
import { NETS } from "./op_networks.js";
import { smallGraph } from "./stdlib_models.js";

const CHECK = `
import sys, onnx
for path in sys.argv[1:]:
    try:
        onnx.checker.check_model(onnx.load(path), full_check=True)
    except Exception as e:
        print(f"{path}: {type(e).__name__}: {e}".splitlines()[0])
`;

describe("the official ONNX checker", () => {
  it("accepts every op form and stdlib models", () => {
    const { python } = onnxPython();
    const dir = mkdtempSync(join(tmpdir(), "dlc-onnx-check-"));
    const files: string[] = [];
    NETS.forEach(([, body], i) => {
      const g = graphOf("ops.net", { text: `network ops {\n${body}\n}\n` });
      files.push(join(dir, `ops${i}.onnx`));
      writeFileSync(files.at(-1)!, exportBytes(g, randomWeights(g, 1), 2));
    });
    // ViT with one encoder layer of its twelve: the forms are the same, the file a twelfth.
    const vit = graphOf(join(root, "stdlib/models/vit_b_16.net"), { params: new Map([["size", 32], ["layers", 1]]) });
    for (const [name, g] of [...["lenet5", "googlenet", "mobilenet_v3_small", "shufflenet_v2_x1_0"].map((n) => [n, smallGraph(n)] as const), ["vit_b_16", vit] as const]) {
      files.push(join(dir, `${name}.onnx`));
      writeFileSync(files.at(-1)!, exportBytes(g, randomWeights(g, 1), "dynamic"));
    }
    const r = spawnSync(python, ["-c", CHECK, ...files], { encoding: "utf8" });
    rmSync(dir, { recursive: true, force: true });
    expect(r.stderr).toBe("");
    expect(r.stdout.split("\n").filter((l) => l)).toEqual([]);
    expect(r.status).toBe(0);
  });
});
