import { readFileSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkFile, type CompileResult } from "../../compiler/pipeline.js";
import { pagePlugin } from "../../playground/build.js";
import { SOURCE_NAME } from "../../playground/src/check.js";
import { EXAMPLE } from "../../playground/src/example.js";

// The compiler as the page runs it: playground/src/check.ts bundled with
// the page's versions of node:fs, node:path and node:url (the standard
// library embedded, the working folder "/"), run here in Node and held
// against checkFile on the real file system: the same diagnostics (message,
// span, expected, notes), the same graph and the same costs, for the
// example, for standard-library networks that import std/ files, and for
// broken texts, including the hint that reads the standard library's
// folder. Paths in messages differ only by where the folders are: the page
// has stdlib/ at /stdlib and the edited file in "/", Node has them here.

const dir = resolve("tmp", `playground-compiler-${process.pid}`);
let pageCheck: (text: string) => CompileResult;

beforeAll(async () => {
  const out = join(dir, "check.mjs");
  await build({ entryPoints: [resolve("playground/src/check.ts")], bundle: true, format: "esm", platform: "node", target: "es2022", outfile: out, plugins: [pagePlugin], logLevel: "silent" });
  ({ checkText: pageCheck } = (await import(pathToFileURL(out).href)) as { checkText: typeof pageCheck });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const STDLIB = resolve("stdlib");

/** What must agree, with the folders written the same way. */
function essence(r: CompileResult) {
  const here = (s: string) => s.split(STDLIB).join("/stdlib").split(`${process.cwd()}/`).join("/");
  return {
    diagnostics: r.diagnostics.map((d) => ({ severity: d.severity, message: here(d.message), file: d.span ? here(d.span.source.path) : undefined, start: d.span?.start, end: d.span?.end, expected: d.expected && here(d.expected), notes: d.notes?.map(here) })),
    nodes: r.graph?.nodes.map((n) => `${n.name} ${n.op} [${n.shape.join(",")}]`),
    totals: r.analysis?.totals,
    training: r.training?.graph.nodes.length,
  };
}

const nodeCheck = (text: string) => checkFile(SOURCE_NAME, { text, train: "auto" });

describe("the page's compiler", () => {
  it("checks the example and standard-library networks (with their std/ imports) as dlc check does", () => {
    const models = ["resnet18", "googlenet", "mobilenet_v3_small", "unet", "multitask_localization"];
    for (const text of [EXAMPLE, ...models.map((m) => readFileSync(join(STDLIB, "models", `${m}.net`), "utf8"))]) {
      const want = essence(nodeCheck(text));
      expect(want.nodes?.length).toBeGreaterThan(5);
      expect(essence(pageCheck(text))).toEqual(want);
    }
  });

  it("reports the same problems at the same spans", () => {
    const broken = [
      `${EXAMPLE}oops`,
      EXAMPLE.replace("maxpool(k=2)\n            |>", "maxpol(k=2)\n            |>"),
      EXAMPLE.replace("dense(classes)", "dense(classes, bias=maybe)"),
      EXAMPLE.replace("input image: [1, 16, 16]", "input image: [1, 16]"),
      EXAMPLE.replace("optimizer adam(lr = 0.01)", "optimizer adamm(lr = 0.01)"),
      // A block of the standard library used without its import: the hint reads stdlib/'s files.
      `network n {\n  input x: [64, 8, 8]\n  output y = x |> bottleneck(16)\n}\n`,
      `import "std/nothing_here"\n${EXAMPLE}`,
      `import "sibling"\n${EXAMPLE}`,
    ];
    for (const text of broken) {
      const want = essence(nodeCheck(text));
      expect(want.diagnostics.filter((d) => d.severity === "error").length, text).toBeGreaterThan(0);
      expect(essence(pageCheck(text)), text).toEqual(want);
    }
  });
});
