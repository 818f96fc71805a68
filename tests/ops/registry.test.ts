// The op registry (ops/registry.ts: definitions; ops/implementations.ts:
// definitions with their kernel and reference modules): every op folder is
// registered in both halves, the halves list the same ops, every entry has
// every facet, names and aliases are unique, and every op but `input`
// lowers to a kernel that renders.

import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { renderWgsl } from "../../core/kernel/index.js";
import { lowerGraph } from "../../compiler/codegen/lower.js";
import { colsDataGradients } from "../../compiler/passes/cols_grad.js";
import { splitWeightGradients } from "../../compiler/passes/split_k.js";
import { LOSSES } from "../../compiler/elaborate/train.js";
import type { OpDef } from "../../ops/contract.js";
import type { OpEntry, RegistryEntry } from "../../ops/entry.js";
import { entries, kernelModules, referenceOf } from "../../ops/implementations.js";
import { allOps, backwardOps, buildRegistry, forwardOps, lookupOp, missingInDefinition } from "../../ops/registry.js";
import { crossEntropy } from "../../ops/cross_entropy/op.js";
import { relu } from "../../ops/relu/op.js";
import * as reluKernel from "../../ops/relu/kernel.js";
import { root } from "../helpers/cli.js";
import { compileTraining } from "../reference/gradcheck/helpers.js";

const opsDir = join(root, "ops");
const folders = readdirSync(opsDir).filter((f) => f !== "templates" && f !== "shared" && statSync(join(opsDir, f)).isDirectory()).sort();

/** What a registry entry lacks at run time (the type requires all of it; this catches casts and `any`). */
function missingInEntry(e: RegistryEntry): string[] {
  const missing = missingInDefinition(e.def);
  if (e.kind === "input") return e.def.name === "input" ? missing : [...missing, "kernel and reference (only input may have none)"];
  if (typeof e.kernel?.lower !== "function") missing.push("kernel.lower");
  if (typeof e.reference?.kernel !== "function") missing.push("reference.kernel");
  if (e.def.runningState && typeof e.reference?.runningStats !== "function") missing.push("reference.runningStats (the op keeps running state)");
  if (e.def.runningState && typeof e.kernel?.runningUpdate !== "function") missing.push("kernel.runningUpdate (the op keeps running state)");
  if (e.def.derivative && typeof e.kernel?.derivative !== "function") missing.push("kernel.derivative (the op declares a derivative)");
  if (e.def.derivative && e.reference && typeof e.reference.derivative !== "function") missing.push("reference.derivative (the op declares a derivative)");
  return missing;
}

describe("the op registry", () => {
  it("has one entry per folder under ops/ (templates/ and shared/ aside), named as its folder, in both halves", async () => {
    expect(folders.length).toBeGreaterThan(60);
    for (const f of folders) {
      const mod = (await import(join(opsDir, f, "index.ts"))) as { entry: RegistryEntry };
      expect(mod.entry.def.name, `ops/${f}/index.ts`).toBe(f);
      expect(entries, `ops/${f} is listed in ops/implementations.ts`).toContain(mod.entry);
      expect(allOps, `ops/${f} is listed in ops/registry.ts`).toContain(mod.entry.def);
    }
    expect(entries.map((e) => e.def.name).sort()).toEqual(folders);
  });

  it("lists the same definitions in ops/registry.ts and ops/implementations.ts, in one order", () => {
    expect(entries.map((e) => e.def)).toEqual(allOps);
    expect(entries.every((e, i) => e.def === allOps[i])).toBe(true);
    expect([...forwardOps, ...backwardOps].map((o) => o.name).sort()).toEqual(allOps.map((o) => o.name).sort());
  });

  it("gives every op every facet; input alone has no kernel", () => {
    for (const e of entries) expect([e.def.name, missingInEntry(e)]).toEqual([e.def.name, []]);
    expect(entries.filter((e) => e.kind === "input").map((e) => e.def.name)).toEqual(["input"]);
    expect(Object.keys(kernelModules).sort()).toEqual(allOps.map((o) => o.name).filter((n) => n !== "input").sort());
  });

  it("rejects an incomplete entry, naming what is missing", () => {
    const noGrad: OpDef = { ...relu, grad: undefined };
    expect(missingInDefinition(noGrad)).toEqual(["gradient rule"]);
    expect(() => buildRegistry([noGrad])).toThrow("internal: op 'relu' is incomplete: missing gradient rule");
    expect(missingInDefinition({ ...relu, batched: "sometimes" as OpDef["batched"] })).toEqual(['batched ("always", "never" or "if-any-input")']);
    expect(missingInDefinition({ ...relu, attrs: { alpha: { type: "float", doc: "" } } })).toEqual(["doc of attribute 'alpha'"]);
    expect(missingInDefinition({ ...crossEntropy, lossGradient: undefined })).toEqual(['role "loss" and a lossGradient (it is a loss users name)']);
    const noReference = { kind: "op", def: relu, kernel: reluKernel } as unknown as OpEntry;
    expect(missingInEntry(noReference)).toEqual(["reference.kernel"]);
    // The type demands every facet: leaving one out does not compile.
    // @ts-expect-error: `reference` is missing
    const incomplete: OpEntry = { kind: "op", def: relu, kernel: reluKernel };
    expect(incomplete.def).toBe(relu);
  });

  it("has unique names and aliases, and rejects a clash", () => {
    const names = allOps.flatMap((o) => [o.name, ...(o.aliases ?? [])]);
    expect(new Set(names).size).toBe(names.length);
    for (const n of names) expect(lookupOp(n), n).toBeDefined();
    expect(() => buildRegistry([relu, { ...relu, name: "relu2", aliases: ["relu"] }])).toThrow("internal: op name 'relu' is registered twice");
  });

  it("pairs every loss of the language with a registered gradient op", () => {
    for (const l of LOSSES) {
      const grad = lookupOp(l.name)?.lossGradient;
      expect([l.name, grad !== undefined && lookupOp(grad)?.role === "loss"]).toEqual([l.name, true]);
    }
    expect(() => buildRegistry([{ ...crossEntropy, lossGradient: "nope" }])).toThrow("names gradient op 'nope'");
  });

  it("finds activations' float64 derivatives through the reference lookup", () => {
    for (const name of ["relu", "leaky_relu", "elu", "sigmoid", "tanh"]) expect(typeof referenceOf(name)?.derivative, name).toBe("function");
  });
});

// Small training networks that together use every op; the column and
// split-K rewrites are forced where they would not trigger on their own.
const NETS = [
  `input image: [4, 8, 8]
input v: [6]
input ids: i32[5]
c = image |> conv(4, k=3, p=1) |> bn |> relu
t = c |> conv_transpose(4, k=2, s=2) |> maxpool(k=2) |> upsample(2) |> avgpool(k=2) |> lrn(size=3)
s = concat(t, c) |> slice(0, 8) |> shuffle(2) |> permute([0, 2, 1]) |> transpose(1, 2) |> scale |> prelu |> leaky_relu(alpha=0.1) |> elu(alpha=0.5)
w = s |> pad([1, 0, 1, 0]) |> pad([0, 2, 0, 1], mode="reflect") |> pad([1, 0, 2, 0], mode="replicate") |> conv(4, k=5, s=2, p=2) |> dropout(0.3) |> adaptive_avgpool([2, 2])
g = matmul(image |> layernorm, image, transpose_b=true) |> layernorm(eps=1e-6, affine=false) |> gap |> dense(4) |> sigmoid
m = (c * g) |> gmp |> tanh |> softplus |> silu |> mish |> relu6 |> hardsigmoid |> hardswish |> gelu(approximate="tanh")
m = -(m - (m |> tanh)) * 0.5 + 3
m = m + param([4], init="normal", std=0.02)
h = (add(w |> flatten, (v |> dense(16)) |> stop_gradient) |> reshape(shape=[4, 4]) |> softmax) |> flatten
p = image |> mean(axis=1, keepdim=true) |> select(0, -1) |> mean(-1)
output y = add(h |> dense(3), m |> dense(3), p |> dense(3))
emb = ids |> embedding(10, 4) |> flatten |> dense(2)
output b = add(h |> dense(2), emb)`,
];
const LOSS_LINES = "loss cross_entropy(y, label)\nloss mse(b, t)\nloss bce(b, tb)\nloss smooth_l1(b, ts)";

describe("every op lowers", () => {
  it("every op but input has a kernel that lowers and renders in a training graph", () => {
    const lowered = new Set<string>();
    // Large enough that the weight gradients' reductions are long enough to split.
    const batch = 64;
    for (const body of NETS) {
      const { result, training } = compileTraining(`network x {\n${body}\n}\ntrain x {\n${LOSS_LINES}\noptimizer sgd(lr = 0.1)\n}\n`);
      // Data gradients in column form where they waste taps (the stride-2 5 × 5 conv), weight gradients split in two.
      const cols = colsDataGradients(training, batch);
      const split = splitWeightGradients(cols, batch, () => 2);
      // The forward graph too: dropout is an op of inference only (x · mask in training).
      for (const g of [result.graph!, training.graph, cols.graph, split.graph]) {
        const plan = lowerGraph(g, batch);
        g.nodes.forEach((n, i) => {
          const k = plan.kernels[i];
          if (n.op === "input") return expect(k).toBeUndefined();
          expect(renderWgsl(k!), n.name).toContain("fn main");
          lowered.add(n.op);
        });
      }
    }
    const want = allOps.map((o) => o.name).filter((n) => n !== "input");
    expect(want.filter((n) => !lowered.has(n))).toEqual([]);
  });
});
