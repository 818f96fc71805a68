// The limits on what one run reports (core/diagnostics/limit.ts):
// repeats dropped, at most a hundred of each severity, the rest counted in
// one closing line, and a stage's reason for stopping always shown.

import { describe, expect, it } from "vitest";
import { error, warning, type Diagnostic } from "../../core/diagnostics/diagnostic.js";
import { DiagnosticList, limitDiagnostics, MAX_SHOWN_PER_SEVERITY } from "../../core/diagnostics/limit.js";
import { makeSource } from "../../core/diagnostics/source.js";
import { checkFile } from "../../compiler/pipeline.js";

const src = makeSource("a.net", "network n {}\n");
const at = (start: number) => ({ source: src, start, end: start + 1 });

describe("DiagnosticList", () => {
  it("keeps one of each message at each span, in order of discovery", () => {
    const l = new DiagnosticList();
    for (let i = 0; i < 5; i++) l.add(error("same", at(0)));
    l.add(error("same", at(3)));
    l.add(warning("same", at(0)));
    l.add(error("other", at(0)));
    expect(l.result().map((d) => `${d.severity} ${d.message} ${d.span!.start}`)).toEqual(["error same 0", "error same 3", "warning same 0", "error other 0"]);
  });

  it("shows at most the cap of each severity and counts the rest in one closing line", () => {
    const ds: Diagnostic[] = [];
    for (let i = 0; i < 250_000; i++) ds.push(error(`e${i}`, at(i % 10)));
    for (let i = 0; i < 150; i++) ds.push(warning(`w${i}`));
    const out = limitDiagnostics(ds);
    expect(out).toHaveLength(2 * MAX_SHOWN_PER_SEVERITY + 1);
    expect(out.filter((d) => d.severity === "error")).toHaveLength(MAX_SHOWN_PER_SEVERITY + 1);
    const last = out.at(-1)!;
    expect(last.severity).toBe("error");
    expect(last.message).toBe(`and ${250_000 - MAX_SHOWN_PER_SEVERITY} more errors and ${150 - MAX_SHOWN_PER_SEVERITY} more warnings not shown`);
  });

  it("hidden warnings alone close with a warning, so a valid file stays valid", () => {
    const out = limitDiagnostics(Array.from({ length: 101 }, (_, i) => warning(`w${i}`)));
    expect(out.at(-1)!).toMatchObject({ severity: "warning", message: "and 1 more warning not shown" });
    expect(out.some((d) => d.severity === "error")).toBe(false);
  });

  it("limiting twice counts the hidden ones once", () => {
    const once = limitDiagnostics(Array.from({ length: 130 }, (_, i) => error(`e${i}`)));
    const twice = limitDiagnostics(once);
    expect(twice.map((d) => d.message)).toEqual(once.map((d) => d.message));
    expect(twice.at(-1)!.message).toBe("and 30 more errors not shown");
  });

  it("a reason for stopping is shown last, past the cap", () => {
    const ds: Diagnostic[] = Array.from({ length: 120 }, (_, i) => error(`e${i}`));
    ds.splice(50, 0, { ...error("stopped"), final: true });
    const out = limitDiagnostics(ds);
    expect(out.slice(-2).map((d) => d.message)).toEqual(["and 20 more errors not shown", "stopped"]);
    expect(new DiagnosticList().hasErrors).toBe(false);
  });
});

describe("the pipeline's diagnostics are limited", () => {
  it("125,000 distinct warnings (unused layers; more than push(...list) takes) come back as 100 and a count", () => {
    const text = "network n {\n  input i: [3, 4, 4]\n  repeat 125000 { y = i |> relu }\n  output o = i |> relu\n}\n";
    const r = checkFile("many.net", { text });
    expect(r.graph).toBeDefined();
    expect(r.diagnostics).toHaveLength(MAX_SHOWN_PER_SEVERITY + 1);
    expect(r.diagnostics[0]!.message).toBe("'relu1' (relu) does not reach any output");
    expect(r.diagnostics.at(-1)!.message).toBe(`and ${125_000 - MAX_SHOWN_PER_SEVERITY} more warnings not shown`);
  });
});
