// Golden files of what the user sees: every tests/diagnostics/cases/NAME.net
// is checked and its diagnostics, rendered without colour, are compared with
// NAME.expected; every tests/diagnostics/ir/NAME.net is elaborated and its
// printed IR is compared with NAME.ir. UPDATE_GOLDEN=1 rewrites the goldens
// instead (review the diff by eye before committing it).

import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { renderDiagnostics } from "../../core/diagnostics/render.js";
import { printGraph } from "../../core/ir/print.js";
import { checkFile } from "../../compiler/pipeline.js";

const here = dirname(fileURLToPath(import.meta.url));
const update = process.env.UPDATE_GOLDEN === "1";

function netFiles(dir: string): string[] {
  return readdirSync(dir).filter((f) => f.endsWith(".net")).sort();
}

function golden(path: string, actual: string): void {
  if (update || !existsSync(path)) {
    if (!update) throw new Error(`missing golden ${path}; run with UPDATE_GOLDEN=1 to create it`);
    writeFileSync(path, actual);
    return;
  }
  expect(actual).toBe(readFileSync(path, "utf8"));
}

/** Checks a case by its file name only, so that goldens do not depend on where the repository lies. */
function check(dir: string, file: string) {
  return checkFile(file, { text: readFileSync(join(dir, file), "utf8") });
}

describe("rendered diagnostics", () => {
  const dir = join(here, "cases");
  const files = netFiles(dir);

  it("has cases", () => expect(files.length).toBeGreaterThan(20));

  it.each(files)("%s", (file) => {
    const r = check(dir, file);
    expect(r.diagnostics.length).toBeGreaterThan(0);
    for (const d of r.diagnostics) {
      // Every case's diagnostics point at the source and say what was expected.
      expect(d.span, d.message).toBeDefined();
      expect(d.expected, d.message).toBeTruthy();
    }
    const text = renderDiagnostics(r.diagnostics, { colour: false });
    expect(text).toMatch(new RegExp(`--> ${file.replace(".", "\\.")}:\\d+:\\d+`));
    golden(join(dir, file.replace(/\.net$/, ".expected")), text + "\n");
  });

  it("names both nodes of a cycle", () => {
    const r = check(dir, "cycle.net");
    expect(r.diagnostics.map((d) => d.message)).toEqual([expect.stringMatching(/^cycle: (a → b → a|b → a → b)$/)]);
  });

  it("reports several syntax errors in one run", () => {
    const r = check(dir, "syntax_errors.net");
    const lines = r.diagnostics.map((d) => d.span && readFileSync(join(dir, "syntax_errors.net"), "utf8").slice(0, d.span.start).split("\n").length);
    expect(new Set(lines).size).toBeGreaterThanOrEqual(4);
  });

  it("puts the caret under the offending text", () => {
    // Spot checks against the source, independent of the goldens.
    const at = (file: string, i = 0) => {
      const d = check(dir, file).diagnostics[i]!;
      return d.span!.source.text.slice(d.span!.start, d.span!.end);
    };
    expect(at("unknown_name.net")).toBe("featurs");
    expect(at("unknown_attribute.net")).toBe("kernal=3");
    expect(at("bad_attribute_value.net")).toBe("s=0");
    expect(at("duplicate_as.net")).toBe("stem");
    expect(at("duplicate_output.net")).toBe("out");
    expect(at("duplicate_input.net")).toBe("image");
    expect(at("duplicate_block.net")).toBe("unit");
    expect(at("train_loss_output.net")).toBe("logit");
    expect(at("train_freeze.net")).toBe("stme");
    expect(at("train_negative_lr.net")).toBe("lr = -0.1");
    expect(at("lexical_errors.net", 1)).toBe("@");
    expect(at("attribute_synonym.net")).toBe("width=64");
    expect(at("attribute_synonym.net", 1)).toBe("kernel_size=3");
    expect(at("missing_import.net", 1)).toBe("bottleneck");
    expect(at("dense_on_map.net")).toBe("dense(10) as fc");
    expect(at("fn_unknown.net")).toBe("make_divisble");
    expect(at("fn_arguments.net", 0)).toBe("2");
    expect(at("fn_arguments.net", 1)).toBe("ratoi");
    expect(at("fn_duplicate.net", 0)).toBe("unit");
    expect(at("fn_tensor.net", 0)).toBe("image");
    expect(at("fn_layer.net", 0)).toBe("conv");
    expect(at("fn_recursion.net")).toBe("f(n)");
    expect(at("block_no_inputs.net")).toBe("squeeze");
  });

  it("stops a function that recurses without end with one error", () => {
    const r = check(dir, "fn_recursion.net");
    expect(r.diagnostics.map((d) => d.message)).toEqual([expect.stringMatching(/^function calls nest more than \d+ deep/)]);
  });

  it("keeps warnings for otherwise valid networks", () => {
    for (const file of ["unused_input.net", "unreachable.net", "dense_on_map.net"]) {
      const r = check(dir, file);
      expect(r.graph, file).toBeDefined();
      expect(r.diagnostics.every((d) => d.severity === "warning"), file).toBe(true);
    }
  });
});

describe("printed IR", () => {
  const dir = join(here, "ir");
  const files = netFiles(dir);

  it.each(files)("%s", (file) => {
    const r = check(dir, file);
    expect(renderDiagnostics(r.diagnostics)).toBe("");
    expect(r.graph).toBeDefined();
    golden(join(dir, file.replace(/\.net$/, ".ir")), printGraph(r.graph!));
  });
});
