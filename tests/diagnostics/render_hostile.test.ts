// Rendering diagnostics for hostile sources: a 200 KB line is shown as a
// window around the caret, cut with ellipses, carets still under the
// characters they mark; control characters from the source (ESC, BEL) are
// escaped in the message, the quoted line and the notes, while the colours
// the renderer adds itself still work; lines may end in a lone CR.

import { describe, expect, it } from "vitest";
import { error } from "../../core/diagnostics/diagnostic.js";
import { excerpt, MAX_LINE_COLUMNS, renderDiagnostic } from "../../core/diagnostics/render.js";
import { lineCol, lineText, makeSource } from "../../core/diagnostics/source.js";
import { checkFile } from "../../compiler/pipeline.js";

/** The source line and the caret line of a rendered diagnostic, without their gutters. */
function quotedLines(rendered: string): { line: string; carets: string } {
  const rows = rendered.split("\n").filter((l) => /^\s*\d* \| /.test(l));
  const strip = (l: string) => l.replace(/^\s*\d* \| /, "");
  return { line: strip(rows[0]!), carets: strip(rows[1]!) };
}

describe("a long source line", () => {
  const pad = "x".repeat(100_000);
  const text = `network n {\n  input i: [3, 8, 8]\n  output o = i |> relu # ${pad}\n  y = i |> rleu # ${pad}${pad}\n}\n`;

  it("is shown as a window around the caret, cut with ellipses, carets aligned", () => {
    const r = checkFile("long.net", { text });
    const d = r.diagnostics.find((x) => x.message === "unknown name 'rleu'")!;
    const out = renderDiagnostic(d);
    expect(out.length).toBeLessThan(1000);
    const { line, carets } = quotedLines(out);
    expect(line.length).toBeLessThanOrEqual(MAX_LINE_COLUMNS + 2);
    expect(line.endsWith("…")).toBe(true);
    const at = carets.indexOf("^");
    expect(carets.slice(at)).toBe("^^^^");
    expect(line.slice(at, at + 4)).toBe("rleu");
  });

  it("a caret far into the line keeps context before it and cuts both ends", () => {
    const src = makeSource("far.net", `${"a".repeat(150_000)}BAD${"b".repeat(150_000)}`);
    const out = renderDiagnostic(error("bad", { source: src, start: 150_000, end: 150_003 }));
    const { line, carets } = quotedLines(out);
    expect(line.startsWith("…a")).toBe(true);
    expect(line.endsWith("b…")).toBe(true);
    const at = carets.indexOf("^");
    expect(line.slice(at, at + 3)).toBe("BAD");
    expect(carets.trim()).toBe("^^^");
    // The location still counts in the whole line.
    expect(out).toContain("far.net:1:150001");
  });

  it("a span running past the window is underlined to the window's end", () => {
    const x = excerpt("z".repeat(1000), 10, 900);
    expect(x.caretAt).toBe(10);
    expect(x.caretWidth).toBe(MAX_LINE_COLUMNS - 10);
    expect(x.text).toBe(`${"z".repeat(MAX_LINE_COLUMNS)}…`);
  });

  it("a short line is shown whole", () => {
    expect(excerpt("  y = i |> rleu", 11, 15)).toEqual({ text: "  y = i |> rleu", caretAt: 11, caretWidth: 4 });
  });
});

describe("control characters from the source", () => {
  const ESC = "\u001b";
  const BEL = "\u0007";
  // A name cannot hold control characters, but a comment and a string can (with \u escapes).
  const text = `network n {\n  input i: [3, 8, 8]\n  output o = i |> conv("${"\\u001b"}[2J${"\\u0007"}") # ${ESC}]0;owned${BEL}\n}\n`;

  it("are escaped in the message, the quoted line and the notes", () => {
    const r = checkFile("esc.net", { text });
    expect(r.diagnostics.length).toBeGreaterThan(0);
    const note = { ...r.diagnostics[0]!, notes: [`note: ${ESC}[31mred${BEL}`] };
    for (const colour of [false, true]) {
      const out = [...r.diagnostics, note].map((d) => renderDiagnostic(d, { colour })).join("\n");
      // Whatever ESC remains starts one of the renderer's own SGR colour codes.
      expect(out.replace(/\u001b\[[0-9;]*m/g, "")).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
      expect(out).toContain("\\x1b]0;owned\\x07");
      expect(out).toContain("\\x1b[31mred\\x07");
      if (colour) expect(out).toMatch(/\u001b\[31m/);
    }
  });

  it("a tab is shown as spaces and the caret follows it", () => {
    const src = makeSource("tab.net", "\t\ty = rleu");
    const { line, carets } = quotedLines(renderDiagnostic(error("unknown", { source: src, start: 6, end: 10 })));
    expect(line).toBe("        y = rleu");
    expect(carets).toBe("            ^^^^");
  });
});

describe("lines that end in a lone CR", () => {
  const text = "# a comment\rnetwork n {\r  input i: [3, 8, 8]\r  output o = i |> rleu\r}\r";

  it("are lines: the comment ends at the CR and the location counts lines", () => {
    const r = checkFile("cr.net", { text });
    expect(r.diagnostics.map((d) => d.message)).toEqual(["unknown name 'rleu'"]);
    const d = r.diagnostics[0]!;
    expect(lineCol(d.span!.source, d.span!.start)).toEqual({ line: 4, col: 19 });
    expect(renderDiagnostic(d)).toContain("cr.net:4:19");
    expect(quotedLines(renderDiagnostic(d)).line).toBe("  output o = i |> rleu");
  });

  it("a valid file with CR line ends checks", () => {
    const r = checkFile("cr.net", { text: text.replace("rleu", "relu") });
    expect(r.diagnostics).toEqual([]);
    expect(r.graph!.nodes.map((n) => n.op)).toEqual(["input", "relu"]);
  });

  it("CRLF and LF count as one line break each", () => {
    const src = makeSource("mixed.net", "a\r\nb\nc\rd");
    expect([1, 2, 3, 4].map((l) => lineText(src, l))).toEqual(["a", "b", "c", "d"]);
    expect(lineCol(src, src.text.indexOf("d"))).toEqual({ line: 4, col: 1 });
  });
});
