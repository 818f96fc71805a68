import { describe, expect, it } from "vitest";
import { checkFile } from "../../compiler/pipeline.js";

function compile(text: string, opts: Parameters<typeof checkFile>[1] = {}) {
  const r = checkFile("net.net", { ...opts, text });
  const errors = r.diagnostics.filter((d) => d.severity === "error");
  if (errors.length) throw new Error(errors.map((d) => d.message).join("\n"));
  return { graph: r.graph!, a: r.analysis!, diagnostics: r.diagnostics };
}

describe("parameter and MAC totals", () => {
  it("counts an MLP by hand: 784·512 + 512 + 512·10 + 10", () => {
    const { a } = compile(`network mlp { input x: [784]\n output y = x |> dense(512) |> relu |> dense(10) }`);
    expect(a.totals.params).toBe(407_050);
    expect(a.totals.macs).toBe(784 * 512 + 512 * 10);
    // FLOPs: 2·MACs + 512 + 10 bias adds + 512 relu comparisons.
    expect(a.totals.flops).toBe(2 * (784 * 512 + 512 * 10) + 512 + 10 + 512);
  });

  it("counts a weight shared by two applications once", () => {
    const { a, graph } = compile(`
network tied {
  input x: [8]
  f = dense(8)
  output y = x |> f |> relu |> f
}`);
    expect(graph.nodes.filter((n) => n.op === "dense").length).toBe(2);
    expect(a.totals.params).toBe(8 * 8 + 8);
    expect(a.totals.macs).toBe(2 * 64);
  });

  it("shares a whole block's weights when the block value is bound to a name", () => {
    const { a } = compile(`
block unit(c) (x) { return x |> conv(c, k=3, p=1) |> bn |> relu }
network tied {
  input x: [4, 8, 8]
  u = unit(4)
  output y = x |> u |> u
}`);
    expect(a.totals.params).toBe(4 * 4 * 9 + 4 + 2 * 4);
  });

  it("excludes BN running statistics from parameters and reports them as buffers", () => {
    const { a } = compile(`network b { input x: [16, 4, 4]\n output y = x |> bn }`);
    expect(a.totals.params).toBe(32);
    expect(a.totals.buffers).toBe(32);
  });

  it("freezes the parameters of a named block in the training section", () => {
    const { a } = compile(`
network m {
  input x: [3, 8, 8]
  t = x |> conv(4, k=3) as trunk
  output y = t |> gap |> dense(2) as head
}
train m {
  loss cross_entropy(y, label)
  optimizer sgd(lr = 0.1)
  freeze trunk
}`);
    expect(a.totals.params).toBe(4 * 27 + 4 + 4 * 2 + 2);
    expect(a.totals.trainableParams).toBe(4 * 2 + 2);
  });
});

describe("memory", () => {
  it("peaks where two branches and their sum are live together", () => {
    // x (64 B) → a = relu(x), b = relu(x), c = a + b: after b, x dies; at c, a + b + c = 192 B.
    const { a } = compile(`network m { input x: [16]\n p = x |> relu\n q = x |> relu\n output c = p + q }`);
    expect(a.memory.activationBytes).toBe(192);
    expect(a.memory.activationSumBytes).toBe(4 * 64);
  });
  it("adds weights, gradients and Adam's two moments to the training estimate", () => {
    const { a } = compile(`
network m { input x: [10]\n output y = x |> dense(10) }
train m { loss mse(y, t)\n optimizer adam()\n batch = 4 }`);
    const params = (100 + 10) * 4;
    const acts = 2 * 40;
    expect(a.memory.trainingBytes).toBe(4 * (acts + 40) + params * 4);
  });
});

describe("elaboration", () => {
  it("resolves a forward reference and reports a cycle with its nodes", () => {
    expect(compile(`network f { input x: [4]\n output y = h |> relu\n h = x |> relu }`).graph.nodes.length).toBe(3);
    const r = checkFile("c.net", { text: `network f {\n input x: [4]\n a = b |> relu\n b = a |> relu\n output y = a\n}` });
    expect(r.diagnostics.map((d) => d.message)).toContain("cycle: a → b → a");
  });
  it("overrides an input shape and re-derives every shape", () => {
    const { graph } = compile(`network f { input image: [3, 32, 32]\n output y = image |> conv(8, k=3, s=2, p=1) }`, { inputs: new Map([["image", [3, 64, 64]]]) });
    expect(graph.nodes[1]!.shape).toEqual([8, 32, 32]);
  });
  it("unrolls repeat and for, and takes only the chosen branch", () => {
    const { graph } = compile(`
block maybe(k) (x) {
  if k > 1 { y = x |> conv(x.channels, k=k, p=k // 2) } else { y = x |> relu }
  return y
}
network f {
  input x: [2, 8, 8]
  repeat 3 { x = x |> relu }
  for k in [1, 3, 5] { x = x |> maybe(k) }
  output y = x
}`);
    expect(graph.nodes.map((n) => n.op)).toEqual(["input", "relu", "relu", "relu", "relu", "conv", "conv"]);
    expect(graph.nodes[6]!.attrs.kernel).toEqual([5, 5]);
  });
  it("recurses through a block until its condition stops it", () => {
    const { graph } = compile(`
block tower(n) (x) { return n == 0 ? x : x |> relu |> tower(n - 1) }
network f { input x: [4]\n output y = x |> tower(4) }`);
    expect(graph.nodes.filter((n) => n.op === "relu").length).toBe(4);
    expect(graph.nodes.at(-1)!.name).toBe("tower1.tower1.tower1.tower1.relu1");
  });
  it("warns about an unused input and a node that reaches no output", () => {
    const { diagnostics } = compile(`network f { input x: [4]\n input unused: [4]\n dead = x |> relu\n output y = x |> tanh }`);
    expect(diagnostics.map((d) => `${d.severity}: ${d.message}`)).toEqual([
      "warning: input 'unused' is not used by any output",
      "warning: 'relu1' (relu) does not reach any output",
    ]);
  });
});
