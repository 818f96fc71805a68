import { describe, expect, it } from "vitest";
import { checkFile } from "../../../compiler/pipeline.js";
import { analyse } from "../../../compiler/passes/analyse.js";
import { buildTrainingProgram } from "../../../compiler/codegen/program.js";
import { trainingView } from "../../../host/graph/train_view.js";
import { stepKernels } from "../../../host/graph/kernels.js";
import { foldView } from "../../../host/graph/fold.js";
import { toDot } from "../../../host/graph/dot.js";
import { limitFor } from "../../helpers/time_limits.js";

// `dlc graph --train`: the training graph of the pipeline, each backward
// node in a backward copy of its forward node's blocks, and the kernels
// that fusion merged marked on their nodes and on the edges inside them.

const FILE = "tests/host/graph/two_heads.net";
const BATCH = 4;

function training() {
  const r = checkFile(FILE, { train: true });
  if (!r.graph || !r.training) throw new Error(`${FILE} has no training graph`);
  return { fwd: r.graph, t: r.training };
}

describe("dlc graph --train", () => {
  const { fwd, t } = training();
  const g = t.graph;
  const step = stepKernels(t, BATCH);
  if (!("kernels" in step)) throw new Error(step.reason);
  const view = trainingView(fwd, t, analyse(g), step.kernels);
  const byName = new Map(view.nodes.filter((n) => n.key.startsWith("n")).map((n) => [n.name, n]));

  it("marks every node of each multi-node kernel of the compiled step with that kernel, and fuses the edges inside it", { timeout: limitFor(2) }, () => {
    // The step's kernels again, straight from code generation, by node name.
    const program = buildTrainingProgram(t, BATCH);
    const kernelOf = new Map<string, number>();
    const multi = program.kernels.map((k, i) => ({ i, names: k.nodes.filter((n) => byName.has(n)) })).filter((k) => k.names.length > 1);
    expect(multi.length).toBeGreaterThan(0);
    for (const k of multi) for (const n of k.names) if (!kernelOf.has(n)) kernelOf.set(n, k.i);
    // bn and relu of the stem run as one kernel, as fusion promises.
    expect(kernelOf.get("stem.relu1")).toBeDefined();
    expect(kernelOf.get("stem.relu1")).toBe(kernelOf.get("stem.bn1"));
    for (const n of view.nodes.filter((n) => n.key.startsWith("n"))) {
      expect(n.kernel?.index, n.name).toBe(kernelOf.get(n.name));
      if (n.kernel) expect(n.kernel.size).toBe(multi.find((k) => k.i === n.kernel!.index)!.names.length);
    }
    const dot = toDot(view);
    let fused = 0;
    for (const n of g.nodes) {
      for (const i of n.inputs) {
        const same = kernelOf.has(n.name) && kernelOf.get(n.name) === kernelOf.get(g.nodes[i]!.name);
        const e = view.edges.find((e) => e.from === `n${i}` && e.to === `n${n.id}`)!;
        expect(e.fused, `${g.nodes[i]!.name} → ${n.name}`).toBe(same ? kernelOf.get(n.name) : undefined);
        // Gradient edges are written reversed (dir=back) for the layout; find either way round.
        const line = dot.split("\n").find((l) => l.includes(`"n${i}" -> "n${n.id}"`) || l.includes(`"n${n.id}" -> "n${i}"`))!;
        expect(line.includes("penwidth=2.6"), line).toBe(same);
        if (same) fused++;
      }
    }
    expect(fused).toBeGreaterThan(0);
    expect(dot).toContain(`kernel ${kernelOf.get("stem.relu1")}</b> · `);
  });

  it("draws each gradient beside its forward node's blocks, the labels and losses at the top level", () => {
    const gradConv = byName.get("grad.body.conv1.conv_grad_input") ?? [...byName.values()].find((n) => n.name.startsWith("grad.body.conv1."))!;
    expect(gradConv.backward).toBe(true);
    expect(gradConv.block).toEqual(["body"]);
    expect(gradConv.shown).toBe("∇conv1");
    const inner = [...byName.values()].find((n) => n.name.startsWith("grad.body.conv_bn1.conv1."))!;
    expect(inner.block).toEqual(["body", "conv_bn1"]);
    // The forward copies keep their blocks and are not backward.
    expect(byName.get("body.conv1")!.backward).toBe(false);
    expect(byName.get("label")!.role).toBe("label");
    expect(byName.get("target")!.role).toBe("label");
    expect(byName.get("loss.logits")!.role).toBe("loss");
    expect(byName.get("loss")!.detail).toBe("logits + 0.5·box");
    // Both heads stay visible as outputs.
    expect(view.nodes.filter((n) => n.role === "output").map((n) => n.name).sort()).toEqual(["box", "logits"]);
    const dot = toDot(view);
    expect(dot).toContain("label=<<b>∇ body</b>>");
    expect(dot).toContain("label=<<b>∇ conv_bn1</b>>");
  });

  it("folds backward blocks apart from forward ones", () => {
    const folded = foldView(view, 0);
    const keys = folded.nodes.map((n) => n.key);
    expect(keys).toContain("block:body");
    expect(keys).toContain("block:grad:body");
    const bwd = folded.nodes.find((n) => n.key === "block:grad:body")!;
    const members = view.nodes.filter((n) => n.backward && n.block[0] === "body");
    expect(bwd.members).toBe(members.length);
    expect(bwd.macs).toBe(members.reduce((a, n) => a + n.macs, 0));
  });
});
