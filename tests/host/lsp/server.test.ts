// `dlc lsp` driven over its protocol as an editor drives it: framed JSON-RPC
// messages on stdin and stdout (lsp_client.ts). The diagnostics of a text
// are compared with what `dlc check` prints for the same text saved to a
// file; hovers, code lenses and completions with counts and facts worked
// out here by hand from the layers' definitions (conv: out·in·k² weights +
// out biases and out·H·W·in·k² MACs; dense: out·in + out and out·in; bn: 2C
// learned); definitions with lines found in the files by a search of
// their text.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lookupOp } from "../../../ops/registry.js";
import { dlc, root } from "../../helpers/cli.js";
import { LspClient, type Message } from "./lsp_client.js";

interface Position {
  line: number;
  character: number;
}
interface Range {
  start: Position;
  end: Position;
}
interface Diagnostic {
  range: Range;
  severity: number;
  message: string;
  relatedInformation?: { location: { uri: string; range: Range }; message: string }[];
}
interface Hover {
  contents: { kind: string; value: string };
  range: Range;
}
interface Location {
  uri: string;
  range: Range;
}
interface CompletionItem {
  label: string;
  detail?: string;
  documentation?: string | { value: string };
  insertText?: string;
}
interface CodeLens {
  range: Range;
  command: { title: string };
}

const dir = mkdtempSync(join(tmpdir(), "dlc-lsp-"));
const uriOf = (name: string) => pathToFileURL(join(dir, name)).href;

/** The position of the `nth` occurrence of `needle` in `text`, moved `delta` characters on. */
function pos(text: string, needle: string, nth = 0, delta = 0): Position {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`'${needle}' (${nth}) is not in the text`);
  }
  at += delta;
  const before = text.slice(0, at).split("\n");
  return { line: before.length - 1, character: before[before.length - 1]!.length };
}

// A network using a block of this file, one of the standard library, a
// layer with a misspelt attribute, and an input no output uses (a warning).
const broken = `import "std/resnet_blocks"
block twice(c) (x) {
  return x |> conv(c, k=1) |> relu |> conv(c, k=1)
}
network net1 {
  input image: [3, 32, 32]
  input extra: [8]
  x = image |> conv(16, kernal=3, p=1) |> relu
  y = x |> basic(16)
  output logits = y |> gap |> dense(10)
}
`;
const fixed = broken.replace("kernal", "kernel");
const unparsable = fixed.replace("dense(10)", "dense(10");

/** `dlc check`'s diagnostics for each file: severity, message, place and its "=" lines, from its stderr. */
function parseCheck(stderr: string): Map<string, { severity: string; message: string; line: number; col: number; rest: string[] }[]> {
  const byFile = new Map<string, { severity: string; message: string; line: number; col: number; rest: string[] }[]>();
  // Each diagnostic starts with its headline; one file's last and the next file's first are not always apart.
  for (const block of stderr.split(/^(?=(?:error|warning): )/m)) {
    const head = /^(error|warning): (.*)$/m.exec(block);
    const at = /-->\s+(.+):(\d+):(\d+)$/m.exec(block);
    if (!head || !at) continue;
    const rest = [...block.matchAll(/^\s*= (.*)$/gm)].map((m) => m[1]!);
    const list = byFile.get(at[1]!) ?? [];
    list.push({ severity: head[1]!, message: head[2]!, line: Number(at[2]), col: Number(at[3]), rest });
    byFile.set(at[1]!, list);
  }
  return byFile;
}

let client: LspClient;
let checked: ReturnType<typeof parseCheck>;

/** The diagnostics the server publishes for `uri` at `version` (waiting for them). */
async function diagnosticsOf(uri: string, version: number): Promise<Diagnostic[]> {
  const m = await client.waitFor((n: Message) => n.method === "textDocument/publishDiagnostics" && (n.params as { uri: string; version?: number }).uri === uri && (n.params as { version?: number }).version === version);
  return (m.params as { diagnostics: Diagnostic[] }).diagnostics;
}

function change(uri: string, version: number, text: string): void {
  client.notify("textDocument/didChange", { textDocument: { uri, version }, contentChanges: [{ text }] });
}

const hover = (uri: string, p: Position) => client.request<Hover | null>("textDocument/hover", { textDocument: { uri }, position: p });

beforeAll(async () => {
  for (const [name, text] of [["broken.net", broken], ["fixed.net", fixed], ["unparsable.net", unparsable]] as const) writeFileSync(join(dir, name), text);
  const run = await dlc(["check", join(dir, "broken.net"), join(dir, "fixed.net"), join(dir, "unparsable.net")]);
  expect(run.code).toBe(1);
  checked = parseCheck(run.stderr);
  client = new LspClient();
  const init = await client.request<{ capabilities: Record<string, unknown> }>("initialize", { processId: null, rootUri: pathToFileURL(dir).href, capabilities: {}, initializationOptions: { checkDelayMs: 20 } });
  expect(init.capabilities).toMatchObject({ hoverProvider: true, definitionProvider: true, codeLensProvider: {}, completionProvider: {} });
  client.notify("initialized", {});
});

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  if (!client) return;
  await client.request("shutdown", null);
  client.notify("exit", null);
  expect(await client.exited).toBe(0);
  expect(client.stderr).toBe("");
});

/** The server's diagnostics are `dlc check`'s for `file`: severity, message, place and the lines under it. */
function expectSameAsCheck(ds: Diagnostic[], file: string): void {
  const want = checked.get(join(dir, file)) ?? [];
  expect(want.length).toBeGreaterThan(0);
  expect(
    ds.map((d) => {
      const [message, ...rest] = d.message.split("\n");
      return { severity: d.severity === 1 ? "error" : "warning", message, line: d.range.start.line + 1, col: d.range.start.character + 1, rest };
    }),
  ).toEqual(want);
}

describe("dlc lsp", () => {
  const uri = uriOf("net1.net");

  it("publishes dlc check's diagnostics as the text changes: an error, its fix (a warning left), a syntax error", async () => {
    client.notify("textDocument/didOpen", { textDocument: { uri, languageId: "dlc", version: 1, text: broken } });
    const first = await diagnosticsOf(uri, 1);
    expectSameAsCheck(first, "broken.net");
    expect(first[0]!.message).toContain("did you mean 'kernel'?");
    // The span of the misspelt keyword argument, as dlc check underlines it.
    expect(first[0]!.range).toEqual({ start: pos(broken, "kernal=3"), end: pos(broken, "kernal=3", 0, "kernal=3".length) });

    change(uri, 2, fixed);
    const second = await diagnosticsOf(uri, 2);
    expectSameAsCheck(second, "fixed.net");
    expect(second).toMatchObject([{ severity: 2, message: expect.stringContaining("input 'extra' is not used") }]);

    change(uri, 3, unparsable);
    expectSameAsCheck(await diagnosticsOf(uri, 3), "unparsable.net");
    // A text that does not parse still answers: a layer's doc by its name alone.
    const h = await hover(uri, pos(unparsable, "relu", 1, 1));
    expect(h?.contents.value).toContain(lookupOp("relu")!.doc);

    change(uri, 4, fixed);
    expectSameAsCheck(await diagnosticsOf(uri, 4), "fixed.net");
  });

  it("hovers on a layer call with its shape, params and MACs, counted by hand", async () => {
    const h = await hover(uri, pos(fixed, "conv(16", 0, 1));
    const v = h!.contents.value;
    // conv 3 → 16, k = 3, p = 1 on 32×32: 16·3·3·3 + 16 weights and biases; 16·32·32 outputs of 3·3·3 MACs each.
    expect(v).toContain("`conv` node `conv1`");
    expect(v).toContain("[16, 32, 32]");
    expect(v).toContain(`params ${(16 * 3 * 3 * 3 + 16).toLocaleString("en-US")}`);
    expect(v).toContain(`MACs ${(16 * 32 * 32 * 3 * 3 * 3).toLocaleString("en-US")}`);
    expect(h!.range).toEqual({ start: pos(fixed, "conv(16"), end: pos(fixed, "conv(16", 0, "conv".length) });
  });

  it("hovers on a block call with the instance's totals, on variables, inputs and outputs", async () => {
    // std basic(16) on [16, 32, 32]: two 3×3 convs 16 → 16 without bias (16·16·9 each), two bn (2·16 each), no projection.
    const block = (await hover(uri, pos(fixed, "basic(16)", 0, 2)))!.contents.value;
    expect(block).toContain("block basic(c, stride = 1) (x)");
    expect(block).toContain("instance `basic1` → `[16, 32, 32]`");
    expect(block).toContain(`params ${(2 * (16 * 16 * 9) + 2 * (2 * 16)).toLocaleString("en-US")}`);
    expect(block).toContain(`MACs ${(2 * (16 * 32 * 32 * 16 * 9)).toLocaleString("en-US")}`);

    const y = (await hover(uri, pos(fixed, "y = x", 0, 0)))!.contents.value;
    expect(y).toContain("`relu` node `basic1.relu2` → `f32[16, 32, 32]`");
    const image = (await hover(uri, pos(fixed, "image:", 0, 1)))!.contents.value;
    expect(image).toContain("`input` node `image` → `f32[3, 32, 32]`");
    // dense 16 → 10 after gap: 16·10 + 10 params, 16·10 MACs.
    const logits = (await hover(uri, pos(fixed, "logits", 0, 1)))!.contents.value;
    expect(logits).toContain("`dense` node `dense1` → `f32[10]`");
    expect(logits).toContain(`params ${16 * 10 + 10} · MACs ${16 * 10} `);
  });

  it("hovers on an attribute keyword with its doc, on a declared block with its signature", async () => {
    const kernel = (await hover(uri, pos(fixed, "kernel=3")))!.contents.value;
    expect(kernel).toContain(lookupOp("conv")!.attrs.kernel!.doc);
    expect(kernel).toContain("alias `k`");
    const twice = (await hover(uri, pos(fixed, "twice")))!.contents.value;
    expect(twice).toContain("block twice(c) (x)");
  });

  it("shows each run of a place a loop runs twice", async () => {
    const loop = uriOf("loop.net");
    const text = "network loop {\n  input image: [3, 8, 8]\n  x = image\n  for c in [8, 16] {\n    x = x |> conv(c, k=1)\n  }\n  output y = x |> gap\n}\n";
    client.notify("textDocument/didOpen", { textDocument: { uri: loop, languageId: "dlc", version: 1, text } });
    expect(await diagnosticsOf(loop, 1)).toEqual([]);
    const v = (await hover(loop, pos(text, "conv")))!.contents.value;
    // 1×1 convs 3 → 8 then 8 → 16 on 8×8.
    expect(v).toContain(`\`conv\` node \`conv1\` → \`f32[8, 8, 8]\` · params ${3 * 8 + 8} · MACs ${(8 * 8 * 8 * 3).toLocaleString("en-US")} `);
    expect(v).toContain(`\`conv\` node \`conv2\` → \`f32[16, 8, 8]\` · params ${8 * 16 + 16} · MACs ${(16 * 8 * 8 * 8).toLocaleString("en-US")} `);
    expect(v).toContain("2 runs of this place");
    const c = (await hover(loop, pos(text, "conv(c", 0, 5)))!.contents.value;
    expect(c).toContain("`8`");
    expect(c).toContain("`16`");
    client.notify("textDocument/didClose", { textDocument: { uri: loop } });
  });

  it("goes to the definitions of blocks (here and in the standard library), variables and imports", async () => {
    const def = (p: Position) => client.request<Location | null>("textDocument/definition", { textDocument: { uri }, position: p });
    const std = join(root, "stdlib/resnet_blocks.net");
    const stdLine = readFileSync(std, "utf8").split("\n").findIndex((l) => /^block basic\b/.test(l));
    expect(await def(pos(fixed, "basic(16)", 0, 1))).toEqual({ uri: pathToFileURL(std).href, range: { start: { line: stdLine, character: 6 }, end: { line: stdLine, character: 11 } } });
    expect((await def(pos(fixed, '"std/resnet_blocks"', 0, 3)))!.uri).toBe(pathToFileURL(std).href);
    // `x` in `y = x |> …` is the x bound on the line before.
    expect((await def(pos(fixed, "y = x", 0, 4)))!.range.start).toEqual(pos(fixed, "x = image"));
    // `x` inside the block is the block's tensor input.
    expect((await def(pos(fixed, "return x", 0, 7)))!.range.start).toEqual(pos(fixed, "(x)", 0, 1));
  });

  it("completes layer names, blocks in scope and variables, and a layer's attributes inside its call", async () => {
    const complete = (text: string, p: Position) => {
      change(uri, 10, text);
      return client.request<CompletionItem[]>("textDocument/completion", { textDocument: { uri }, position: p });
    };
    const inCall = fixed.replace("dense(10)", "dense(10)\n  z = x |> conv(8, ");
    const attrs = await complete(inCall, pos(inCall, "conv(8, ", 0, "conv(8, ".length));
    const conv = lookupOp("conv")!;
    for (const name of ["kernel", "stride", "padding", "dilation", "groups", "bias"]) {
      const item = attrs.find((i) => i.label === name);
      expect(item, name).toBeDefined();
      expect(item!.insertText).toBe(`${name}=`);
      expect(JSON.stringify(item!.documentation)).toContain(JSON.stringify(conv.attrs[name]!.doc).slice(1, -1));
    }
    expect(attrs.find((i) => i.label === "k")!.detail).toBe("alias of kernel: pair");
    expect(attrs.find((i) => i.label === "stride")!.detail).toBe("stride: pair = 1");

    const anywhere = inCall.replace("conv(8, ", "");
    const names = (await complete(anywhere, pos(anywhere, "z = x |> ", 0, "z = x |> ".length))).map((i) => i.label);
    expect(names).toEqual(expect.arrayContaining(["conv", "conv2d", "relu", "dense", "basic", "bottleneck", "twice", "x", "image", "range"]));
    change(uri, 11, fixed);
    await diagnosticsOf(uri, 11);
  });

  it("puts a code lens over the network with its totals, counted by hand", async () => {
    const lenses = await client.request<CodeLens[]>("textDocument/codeLens", { textDocument: { uri } });
    expect(lenses.map((l) => l.range.start)).toEqual([pos(fixed, "net1")]);
    // conv1 (448) + basic (4,672) + dense (170); MACs 442,368 + 4,718,592 + 160 = 5,161,120.
    expect(lenses[0]!.command.title).toBe("params 5,290 · MACs 5.16 M · FLOPs 10.5 M · logits [10]");
  });

  it("checks an import from the editor's unsaved text, and again when it changes", async () => {
    const lib = uriOf("lib.net");
    const main = uriOf("uses_lib.net");
    client.notify("textDocument/didOpen", { textDocument: { uri: lib, languageId: "dlc", version: 1, text: "block wide(c) (x) { return x |> conv(c, k=1) }\n" } });
    const text = 'import "lib"\nnetwork uses_lib {\n  input image: [3, 8, 8]\n  output y = image |> wide(4) |> gap\n}\n';
    client.notify("textDocument/didOpen", { textDocument: { uri: main, languageId: "dlc", version: 1, text } });
    expect(await diagnosticsOf(main, 1)).toEqual([]);
    const from = client.notifications.length;
    change(lib, 2, "block narrow(c) (x) { return x |> conv(c, k=1) }\n");
    const again = await client.waitFor((n) => n.method === "textDocument/publishDiagnostics" && (n.params as { uri: string }).uri === main, from);
    expect((again.params as { diagnostics: Diagnostic[] }).diagnostics.map((d) => d.message.split("\n")[0])).toEqual(["unknown name 'wide'"]);
    client.notify("textDocument/didClose", { textDocument: { uri: main } });
    client.notify("textDocument/didClose", { textDocument: { uri: lib } });
  });

  it("shows an error inside a standard-library block at the call that led to it", async () => {
    const bad = fixed.replace("basic(16)", "basic(16, stride=0)");
    change(uri, 20, bad);
    const ds = await diagnosticsOf(uri, 20);
    expect(ds.length).toBeGreaterThan(0);
    for (const d of ds) {
      expect(d.range).toEqual({ start: pos(bad, "basic(16, stride=0)"), end: pos(bad, "basic(16, stride=0)", 0, "basic(16, stride=0)".length) });
      expect(d.relatedInformation![0]!.location.uri).toBe(pathToFileURL(join(root, "stdlib/resnet_blocks.net")).href);
    }
  });

  it("survives hostile text: control characters, deep nesting, a document it never saw", async () => {
    change(uri, 30, "\u0000\u001b[2J" + "(".repeat(5000) + " network");
    const ds = await diagnosticsOf(uri, 30);
    expect(ds.length).toBeGreaterThan(0);
    expect(await hover(uri, { line: 0, character: 3 })).toBeNull();
    expect(await hover(uriOf("never_opened.net"), { line: 0, character: 0 })).toBeNull();
    change(uri, 31, fixed);
    expectSameAsCheck(await diagnosticsOf(uri, 31), "fixed.net");
  });
});

describe("dlc lsp's debounce", () => {
  it("checks only the text the editor has once typing pauses, not every keystroke", async () => {
    // A pause longer than the test: only a request makes the server check, so which versions get checked is certain.
    const slow = new LspClient();
    try {
      await slow.request("initialize", { processId: null, rootUri: null, capabilities: {}, initializationOptions: { checkDelayMs: 600_000 } });
      slow.notify("initialized", {});
      const uri = uriOf("typing.net");
      slow.notify("textDocument/didOpen", { textDocument: { uri, languageId: "dlc", version: 1, text: "" } });
      const typed = "network typing { input a: [4] output b = a |> relu }\n";
      for (let v = 2; v <= typed.length + 1; v++) {
        slow.notify("textDocument/didChange", { textDocument: { uri, version: v }, contentChanges: [{ text: typed.slice(0, v - 1) }] });
      }
      await slow.request("textDocument/hover", { textDocument: { uri }, position: { line: 0, character: 0 } });
      const published = slow.notifications.filter((n) => n.method === "textDocument/publishDiagnostics").map((n) => (n.params as { version: number; diagnostics: unknown[] }));
      expect(published).toEqual([{ uri, version: typed.length + 1, diagnostics: [] }]);
      await slow.request("shutdown", null);
      slow.notify("exit", null);
      expect(await slow.exited).toBe(0);
    } finally {
      slow.kill();
    }
  });
});
