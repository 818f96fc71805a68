import { describe, expect, it } from "vitest";
import { checkFile } from "../../compiler/pipeline.js";
import { shapesAgree } from "../../compiler/passes/infer_shapes.js";
import { verifyGraph } from "../../compiler/passes/verify.js";

function training(text: string, path = "net.net") {
  const r = checkFile(path, { text, train: true });
  const errors = r.diagnostics.filter((d) => d.severity === "error");
  if (errors.length) throw new Error(errors.map((d) => d.message).join("\n"));
  return { fwd: r.graph!, t: r.training! };
}

describe("the training graph", () => {
  const text = `
network n {
  input x: [4, 8, 8]
  enc = conv(4, k=3, p=1)
  a = x |> enc |> bn |> relu
  b = a |> enc |> relu |> dropout(0.5)
  s = a + b
  output cls = s |> gap |> dense(3)
  output box = s |> flatten |> dense(4)
}
train n {
  loss cross_entropy(cls, label)
  loss smooth_l1(box, target: [4], weight = 0.5)
  optimizer sgd(lr = 0.1)
}`;
  const { fwd, t } = training(text);
  const g = t.graph;
  const byName = new Map(g.nodes.map((n) => [n.name, n]));

  it("is a valid graph whose shapes re-derive", () => {
    expect(verifyGraph(g)).toEqual([]);
    expect(shapesAgree(g)).toEqual([]);
  });
  it("runs BN on batch statistics and keeps dropout's mask as a value", () => {
    expect(byName.get("bn1")!.attrs.training).toBe(true);
    expect(g.nodes.some((n) => n.op === "dropout")).toBe(false);
    expect(byName.get("dropout1.mask")!.op).toBe("dropout_mask");
    expect(byName.get("dropout1")!.op).toBe("mul");
  });
  it("adds a label input per loss and weights the losses", () => {
    expect([...t.labels.keys()]).toEqual(["label", "target"]);
    expect(g.nodes[t.loss]!.attrs.weights).toEqual([1, 0.5]);
    expect(t.losses.map((l) => g.nodes[l.node]!.op)).toEqual(["cross_entropy", "smooth_l1"]);
  });
  it("sums the gradients of a value read twice and of a weight used twice", () => {
    // 'a' feeds both the second conv and the residual add.
    expect(byName.get("grad.relu1.sum")!.op).toBe("add");
    expect(byName.get("grad.enc.weight.sum")!.op).toBe("add");
    expect([...t.gradients.keys()].filter((p) => p.startsWith("enc"))).toEqual(["enc.weight", "enc.bias"]);
  });
  it("gives every trainable parameter one gradient of its own shape, and no buffer a gradient", () => {
    for (const [name, p] of fwd.params) {
      if (p.kind === "buffer") expect(t.gradients.has(name)).toBe(false);
      else expect(g.nodes[t.gradients.get(name)!]!.shape, name).toEqual(p.shape);
    }
  });
});

describe("pruning", () => {
  it("computes nothing for a frozen trunk that no trainable parameter needs", () => {
    const r = checkFile("examples/two_heads.net", { train: true });
    const t = r.training!;
    const trunk = t.graph.nodes.filter((n) => n.name.startsWith("grad.backbone."));
    expect(trunk).toEqual([]);
    expect([...t.gradients.keys()].some((p) => p.startsWith("backbone."))).toBe(false);
    expect(t.gradients.size).toBe(6);
  });
  it("says so when the loss depends on no trainable parameter", () => {
    const r = checkFile("f.net", {
      text: `network f { input x: [4]\n output y = x |> dense(2) as d }\ntrain f { loss mse(y, t)\n optimizer sgd(lr = 0.1)\n freeze d }`,
      train: true,
    });
    expect(r.diagnostics.map((d) => d.message)).toContain("the loss of 'f' does not depend on any trainable parameter");
  });
});

describe("stop_gradient", () => {
  it("passes values through and stops gradients: the branch before it does not train through it", () => {
    const text = `
network s {
  input x: [6]
  h = x |> dense(6) as enc |> relu
  output y = (h |> stop_gradient) |> dense(2) as head
  output z = h |> dense(2) as aux
}
train s { loss mse(y, t)\n optimizer sgd(lr = 0.1) }`;
    const r = checkFile("s.net", { text, train: true });
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    // Only the head trains: the encoder's sole path to the loss is stopped.
    expect([...r.training!.gradients.keys()].sort()).toEqual(["head.bias", "head.weight"]);
    expect(r.training!.graph.nodes.some((n) => n.name.startsWith("grad.enc"))).toBe(false);
  });
});
