import { describe, expect, it } from "vitest";
import { checkFile } from "../../compiler/pipeline.js";
import { makeSource } from "../../core/diagnostics/source.js";
import { SOURCE_NAME } from "../../playground/src/check.js";
import { detailLines, toLintDiagnostics } from "../../playground/src/lint.js";
import { EXAMPLE } from "../../playground/src/example.js";

// The compiler's diagnostics as the editor's lint marks: the message and
// severity unchanged, at the span's offsets in the edited text; what `dlc
// check` prints below the caret (expected, help) under the message; a
// problem located in another file placed at the start, naming where it is.

describe("lint marks from diagnostics", () => {
  it("keep the message, severity and span of the compiler's diagnostics", () => {
    const text = EXAMPLE.replace("|> maxpool(k=2)\n            |> conv(16", "|> maxpol(k=2)\n            |> conv(16");
    const ds = checkFile(SOURCE_NAME, { text, train: "auto" }).diagnostics;
    expect(ds.length).toBeGreaterThan(0);
    const marks = toLintDiagnostics(ds, text.length);
    expect(marks.map((m) => ({ from: m.from, to: m.to, severity: m.severity, message: m.message }))).toEqual(ds.map((d) => ({ from: d.span!.start, to: d.span!.end, severity: d.severity, message: d.message })));
    expect(text.slice(marks[0]!.from, marks[0]!.to)).toBe("maxpol");
    expect(detailLines(ds[0]!)).toEqual(["expected: a variable, block, layer or function defined before this point", "help: did you mean 'maxpool'?"]);
  });

  it("place a problem without a span in the text at the start, saying where it is", () => {
    const other = makeSource("/stdlib/blocks.net", "block b(x) {\n  return x |> nope\n}\n");
    const d = { severity: "error" as const, message: "unknown name 'nope'", span: { source: other, start: 27, end: 31 } };
    const [mark] = toLintDiagnostics([d, { severity: "warning", message: "whole file" }], 10);
    expect(mark).toMatchObject({ from: 0, to: 0, message: "unknown name 'nope'", severity: "error" });
    expect(detailLines(d)).toEqual(["in std/blocks.net:2:15"]);
    // A span past the end of a shorter text (a stale check) is kept inside it.
    const mine = makeSource(SOURCE_NAME, "x".repeat(40));
    expect(toLintDiagnostics([{ severity: "error", message: "m", span: { source: mine, start: 30, end: 35 } }], 20)[0]).toMatchObject({ from: 20, to: 20 });
  });
});
