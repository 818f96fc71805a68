// "dlc/reference": the float64 reference executor as the package exports
// it. The index is tested from source (tests run before any build), and the
// package's exports entry is checked to point at the file tsc builds from
// that index.

import { existsSync, readFileSync } from "node:fs";
import { dirname, join, posix, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { checkFile } from "../../compiler/index.js";
import * as reference from "../../reference/index.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

describe("dlc/reference", () => {
  it("runs a tiny graph: y = relu(W x + b), by hand", () => {
    const r = checkFile("tiny.net", { text: "network tiny {\n  input x: [2]\n  output y = x |> dense(2) |> relu\n}\n" });
    const graph = r.graph!;
    expect(graph).toBeDefined();
    const params = new Map([
      ["dense1.weight", reference.fromArray([2, 2], [1, -2, 0.5, 3])],
      ["dense1.bias", reference.fromArray([2], [0.25, -1])],
    ]);
    const feeds = new Map([["x", reference.fromArray([2, 2], [1, 1, -2, 4])]]);
    const { values } = reference.execute(graph, { feeds, params });
    const y = values[graph.outputs[0]!.node]!;
    expect(y.shape).toEqual([2, 2]);
    // [1·1 − 2·1 + 0.25, 0.5·1 + 3·1 − 1] = [−0.75 → 0, 2.5]; [−2 − 8 + 0.25 → 0, −1 + 12 − 1]
    expect([...y.data]).toEqual([0, 2.5, 0, 10]);
    expect(y.data).toBeInstanceOf(Float64Array);
  });

  it("initialises parameters and checks gradients through the same entry", () => {
    const text = "network g {\n  input x: [3]\n  output y = x |> dense(2)\n}\ntrain g {\n  loss mse(y, target: [2])\n  optimizer sgd(lr = 0.1)\n}\n";
    const r = checkFile("g.net", { text, train: true, inputGradients: true });
    const params = reference.initParams(r.graph!, 7);
    expect(params.get("dense1.weight")!.shape).toEqual([2, 3]);
    const result = reference.gradcheck(r.training!, { seed: 1, batch: 2 });
    expect(result.tensors.map((t) => t.name).sort()).toEqual(["dense1.bias", "dense1.weight", "x"]);
    for (const t of result.tensors) expect(t.worst).toBeLessThan(1e-6);
  });

  it("package.json exports ./reference as the file tsc builds from reference/index.ts", () => {
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { exports: Record<string, { types: string; default: string }> };
    const build = JSON.parse(readFileSync(join(root, "tsconfig.build.json"), "utf8")) as { compilerOptions: { outDir: string; rootDir: string }; include: string[] };
    const source = "reference/index.ts";
    expect(existsSync(join(root, source))).toBe(true);
    expect(build.include.some((dir) => source.startsWith(`${dir}/`))).toBe(true);
    // tsc maps rootDir/P.ts to outDir/P.js (and P.d.ts with declarations).
    const rel = relative(resolve(root, build.compilerOptions.rootDir), join(root, source)).split("\\").join("/");
    const built = posix.join(".", build.compilerOptions.outDir, rel.replace(/\.ts$/, ""));
    expect(pkg.exports["./reference"]).toEqual({ types: `./${built}.d.ts`, default: `./${built}.js` });
  });
});
