// Every forward op of the registry has an ONNX form (ops/<name>/onnx.ts,
// listed in ops/onnx_exports.ts): a layer without one could not be exported,
// and this names it. Each onnx.ts file is listed, and only forward ops are.

import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { onnxExports } from "../../../../ops/onnx_exports.js";
import { forwardOps } from "../../../../ops/registry.js";
import { root } from "../../../helpers/cli.js";

describe("ONNX export coverage", () => {
  it("every forward op has an ONNX export", () => {
    const missing = forwardOps.map((o) => o.name).filter((n) => !onnxExports.has(n));
    expect(missing.map((n) => `${n}: no ops/${n}/onnx.ts in ops/onnx_exports.ts`)).toEqual([]);
  });

  it("lists each ops/<name>/onnx.ts, and only forward ops", () => {
    const files = readdirSync(join(root, "ops")).filter((d) => existsSync(join(root, "ops", d, "onnx.ts")));
    expect([...onnxExports.keys()].sort()).toEqual(files.sort());
    const forward = new Set(forwardOps.map((o) => o.name));
    expect([...onnxExports.keys()].filter((n) => !forward.has(n))).toEqual([]);
  });
});
