// The CLI on hostile input, run from source in child processes: every bad
// file must end in exit 1 with a diagnostic on stderr, never a stack trace,
// a hang or unbounded memory. Each process start costs about a second, so
// the bad files share one `dlc check` run and all runs start together.

import { execFileSync, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_NODES } from "../../../compiler/elaborate/builder.js";
import { dlc as runDlc, root, type Run } from "../../helpers/cli.js";
import { limitFor } from "../../helpers/time_limits.js";

/**
 * Heap limit per run: a runaway allocation dies instead of swapping. This,
 * the compiler's own budgets (nodes, statements, failures) and the bound on
 * stderr below are what keep a run's work bounded; no test here measures
 * time. A hang is caught by the hook's limit (tests/helpers/time_limits.ts).
 */
const HEAP_MB = 512;
/** Most stderr one bad file may produce: a screenful of errors, never megabytes. */
const MAX_STDERR_PER_FILE = 40_000;

/** Runs still going, ended in afterAll if a hang outlived its test. */
const children = new Set<ChildProcess>();

function dlc(args: string[]): Promise<Run> {
  return runDlc(args, {
    heapMb: HEAP_MB,
    onSpawn: (child) => {
      children.add(child);
      child.on("close", () => children.delete(child));
    },
  });
}

function expectNoCrash(r: Run): void {
  expect(r.signal, r.stderr.slice(0, 4000)).toBeNull();
  expect(r.stderr).not.toContain("    at ");
  expect(r.stderr).not.toContain("internal error");
  expect(r.stderr).not.toMatch(/heap out of memory|RangeError|TypeError/);
  // No byte of a hostile file reaches the terminal raw (ESC, BEL, …).
  expect(r.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
}

const VALID = `network valid {
  input image: [3, 32, 32]
  x = image |> conv(8, k=3, p=1) |> bn |> relu |> maxpool(k=2)
  output logits = x |> gap |> dense(10)
}
`;

const net = (body: string) => `network n {\n  input i: [3, 8, 8]\n${body}\n}\n`;

/** A block that calls itself twice on its input down to depth 0: 2^(d+1) - 1 calls, about 3 · 2^d nodes. */
const fan = (depth: number) => `block fan(d) (x) {
  if d == 0 { return x |> relu }
  a = x |> fan(d - 1)
  b = x |> fan(d - 1)
  return a + b
}
${net(`  output o = i |> fan(${depth})`)}`;

/** A file outside the project folder: an import that reaches it must be refused, and its text never shown. */
const SECRET = "network secret_first_line_do_not_show {\n";

/** File name → contents of each hostile input; names under project/ import from outside it. */
function badFiles(): Record<string, string | Uint8Array> {
  const line = "# padding line to make a large source file, ten megabytes in all\n";
  const imports = (path: string) => `import "${path}"\n${net("  output o = i |> relu")}`;
  return {
    "empty.net": "",
    "not_utf8.net": Uint8Array.from([0x6e, 0x65, 0x74, 0x77, 0x6f, 0x72, 0x6b, 0x20, 0xff, 0xfe, 0xc3, 0x28, 0x0a]),
    "ten_mb.net": VALID + line.repeat(Math.ceil((10 * 1024 * 1024) / line.length)),
    "nested_parens.net": net(`  output o = ${"(".repeat(10_000)}i${")".repeat(10_000)}`),
    "nested_unary.net": net(`  k = ${"-".repeat(100_000)}3\n  output o = i`),
    "cycle.net": net("  a = b |> relu\n  b = a |> relu\n  output o = a + i"),
    "duplicate_names.net": net("  x = i |> relu as r\n  y = x |> relu as r\n  output o = y\n  output o = x"),
    "huge_channels.net": net("  output o = i |> conv(1000000000000, k=3)"),
    "negative_kernel.net": net("  output o = i |> conv(8, k=-3)"),
    "huge_repeat.net": net("  x = i\n  repeat 100000000 { x = x |> relu }\n  output o = x"),
    "nested_repeat.net": net("  x = i\n  repeat 3000 { repeat 3000 { x = x |> relu } }\n  output o = x"),
    "self_call.net": `block forever(c) (x) {\n  return x |> forever(c)\n}\n${net("  output o = i |> forever(1)")}`,
    // Depth 17 needs more nodes than the budget: it printed the same error 31,069 times (8 MB).
    "fan_out.net": fan(17),
    // 150,000 distinct errors, more than push(...list) takes as arguments.
    "many_errors.net": net("  for k in range(150000) { y = i |> conv(-1 - k) }\n  output o = i |> relu"),
    "long_line.net": net(`  output o = i |> rleu # ${"x".repeat(200_000)}`),
    "control_chars.net": net("  output o = i |> rleu # \u001b]0;owned\u0007\u001b[2J"),
    "project/import_absolute.net": "", // filled in beforeAll: it names the temporary folder
    "project/import_up.net": imports("../secret"),
    "project/import_std_up.net": "", // filled in beforeAll: it names the stdlib folder's distance to the secret
    "project/import_link.net": imports("link_to_secret"),
  };
}

/** Special files as the .net file: made in beforeAll, not written. */
const SPECIAL = ["fifo.net", "dev_zero.net", "loop.net", "folder.net"] as const;

let dir: string;
let bad: string[];
let hasFifo: boolean;
let runs: Record<"bad" | "check" | "json" | "jsonInput" | "badInput" | "allowImport" | "summaryFifo" | "summaryZero" | "summaryChain", Run>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "dlc-bad-input-"));
  mkdirSync(join(dir, "project"));
  writeFileSync(join(dir, "secret.net"), SECRET);
  symlinkSync(join(dir, "secret.net"), join(dir, "project", "link_to_secret.net"));
  // What --allow-import may then read: a block beside the secret, used by a file in the project.
  writeFileSync(join(dir, "shared.net"), "block twice() (x) {\n  return x |> relu |> relu\n}\n");
  writeFileSync(join(dir, "project", "uses_shared.net"), `import "../shared"\n${net("  output o = i |> twice")}`);
  const files = badFiles();
  const imports = (path: string) => `import "${path}"\n${net("  output o = i |> relu")}`;
  files["project/import_absolute.net"] = imports(join(dir, "secret"));
  const stdlib = join(root, "stdlib");
  files["project/import_std_up.net"] = imports(`std/${"../".repeat(stdlib.split("/").length)}${join(dir, "secret").slice(1)}`);
  bad = [];
  for (const [name, contents] of Object.entries(files)) {
    writeFileSync(join(dir, name), contents);
    bad.push(join(dir, name));
  }
  try {
    execFileSync("mkfifo", [join(dir, "fifo.net")]);
    hasFifo = true;
  } catch {
    hasFifo = false; // no mkfifo here (Windows): the other special files still run
  }
  symlinkSync("/dev/zero", join(dir, "dev_zero.net"));
  symlinkSync("loop.net", join(dir, "loop.net"));
  mkdirSync(join(dir, "folder.net"));
  for (const name of SPECIAL) if (name !== "fifo.net" || hasFifo) bad.push(join(dir, name));

  const valid = join(dir, "valid.net");
  writeFileSync(valid, VALID);
  // Valid though large: a chain of 130,000 layers (under the node budget) and a fan-out just under it.
  writeFileSync(join(dir, "chain.net"), net("  h = i\n  repeat 130000 { h = h |> relu }\n  output o = h"));
  writeFileSync(join(dir, "cr_only.net"), `# lines end in a lone CR\r${net("  output o = i |> relu").replaceAll("\n", "\r")}`);
  const [b, check, json, jsonInput, badInput, allowImport, summaryFifo, summaryZero, summaryChain] = await Promise.all([
    dlc(["check", ...bad]),
    dlc(["check", valid, join(dir, "chain.net"), join(dir, "cr_only.net")]),
    dlc(["summary", valid, "--json"]),
    dlc(["summary", valid, "--json", "--input", "image=3,64,64"]),
    dlc(["summary", valid, "--input", "image=3,0,a"]),
    dlc(["check", "--allow-import", dir, join(dir, "project", "uses_shared.net")]),
    hasFifo ? dlc(["summary", join(dir, "fifo.net")]) : Promise.resolve({ code: 1, signal: null, stdout: "", stderr: "not a regular file (skipped: no mkfifo)" }),
    dlc(["summary", join(dir, "dev_zero.net")]),
    dlc(["summary", join(dir, "chain.net")]),
  ]);
  runs = { bad: b!, check: check!, json: json!, jsonInput: jsonInput!, badInput: badInput!, allowImport: allowImport!, summaryFifo: summaryFifo!, summaryZero: summaryZero!, summaryChain: summaryChain! };
}, limitFor(20));

afterAll(() => {
  for (const c of children) c.kill("SIGKILL");
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The diagnostics that name one file, by its path in the headline or the location. */
function chunksOf(stderr: string, path: string): string[] {
  return stderr.split(/\n(?=error: |warning: )/).filter((c) => c.includes(path));
}

describe("dlc check on hostile input", () => {
  it("exits 1 without a stack trace, within the heap limit, with bounded output", () => {
    expectNoCrash(runs.bad);
    expect(runs.bad.code, runs.bad.stderr.slice(0, 4000)).toBe(1);
    expect(runs.bad.stderr).not.toContain("ok:");
    expect(runs.bad.stderr.length).toBeLessThan(MAX_STDERR_PER_FILE * bad.length);
  });

  // Each file's diagnostic names it, by its path in the headline or the location.
  it.each([...Object.keys(badFiles()), ...SPECIAL])("reports %s", (name) => {
    if (name === "fifo.net" && !hasFifo) return;
    const mine = chunksOf(runs.bad.stderr, join(dir, name));
    expect(mine.length, runs.bad.stderr.slice(0, 4000)).toBeGreaterThan(0);
    expect(mine.some((c) => c.startsWith("error: "))).toBe(true);
    expect(mine.some((c) => /= expected: /.test(c))).toBe(true);
    expect(mine.join("\n").length).toBeLessThan(MAX_STDERR_PER_FILE);
  });

  it("says why, for the inputs that are refused before parsing", () => {
    const e = runs.bad.stderr;
    expect(e).toContain("the file declares nothing");
    expect(e).toMatch(/not_utf8\.net: the file is not valid UTF-8 \(bad byte 0xff at offset 8\)/);
    expect(e).toMatch(/ten_mb\.net: file is 10\.\d MiB/);
    expect(e).toContain("brackets nest more than");
    expect(e).toMatch(/cycle: (a → b → a|b → a → b)/);
    expect(e).toContain("duplicate name 'r'");
    expect(e).toContain("'out' = 1000000000000 is too large");
    expect(e).toContain("'kernel' must be at least 1, got -3");
    expect(e).toContain("blocks nest more than");
  });

  it("special files get their own reason, not 'no such file'", () => {
    const says = (name: string) => chunksOf(runs.bad.stderr, join(dir, name)).join("\n");
    if (hasFifo) expect(says("fifo.net")).toContain("not a regular file");
    expect(says("dev_zero.net")).toContain("not a regular file");
    expect(says("loop.net")).toContain("a loop of symbolic links");
    expect(says("folder.net")).toContain("it is a folder");
  });

  it("a fan-out recursion past the node budget gives one error", () => {
    const mine = chunksOf(runs.bad.stderr, join(dir, "fan_out.net"));
    expect(mine).toHaveLength(1);
    expect(mine[0]).toContain(`the network has more than ${MAX_NODES} nodes`);
  });

  it("150,000 errors are cut to a hundred and a count", () => {
    const mine = chunksOf(runs.bad.stderr, join(dir, "many_errors.net"));
    expect(mine.filter((c) => c.includes("'out' must be at least 1"))).toHaveLength(100);
    expect(runs.bad.stderr).toMatch(/error: and \d+ more errors not shown/);
    expect(runs.bad.stderr).toContain("error: elaboration stopped after 1000 errors");
  });

  it("a 200 KB line is quoted as a window around the caret", () => {
    const mine = chunksOf(runs.bad.stderr, join(dir, "long_line.net")).join("\n");
    expect(mine).toContain("unknown name 'rleu'");
    expect(mine).toContain("|> rleu # xxx");
    expect(mine).toContain("…");
    expect(mine.length).toBeLessThan(1000);
  });

  it("control characters from the source are shown escaped", () => {
    const mine = chunksOf(runs.bad.stderr, join(dir, "control_chars.net")).join("\n");
    expect(mine).toContain("# \\x1b]0;owned\\x07\\x1b[2J");
  });

  it("imports that leave the project are refused, naming the import, the resolved path, the root and the flag", () => {
    const secret = join(dir, "secret.net");
    const project = join(dir, "project");
    for (const name of ["import_absolute", "import_up", "import_link"]) {
      const mine = chunksOf(runs.bad.stderr, join(project, `${name}.net`)).join("\n");
      expect(mine, name).toContain(`resolves to '${secret}'`);
      expect(mine, name).toContain(`outside the project root '${project}'`);
      expect(mine, name).toContain(`--allow-import ${dir}`);
    }
    const std = chunksOf(runs.bad.stderr, join(project, "import_std_up.net")).join("\n");
    expect(std).toContain(`resolves to '${secret}', outside the standard library`);
    expect(runs.bad.stderr).not.toContain("secret_first_line");
  });

  it("--allow-import lets an import read that folder", () => {
    expectNoCrash(runs.allowImport);
    expect(runs.allowImport.code, runs.allowImport.stderr).toBe(0);
    expect(runs.allowImport.stderr).toContain("ok: uses_shared.net");
  });

  it("summary refuses a FIFO and a link to /dev/zero as the .net file", () => {
    for (const r of [runs.summaryFifo, runs.summaryZero]) {
      expectNoCrash(r);
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toContain("not a regular file");
      expect(r.stdout).toBe("");
    }
  });
});

describe("dlc on a valid file", () => {
  it("check exits 0, on a 130,000-layer chain and a file with lone-CR line ends too", () => {
    expectNoCrash(runs.check);
    expect(runs.check.code, runs.check.stderr).toBe(0);
    expect(runs.check.stderr).toMatch(/ok: valid\.net, chain\.net, cr_only\.net/);
  });

  it("summary draws the 130,000-layer chain's table whole (cli-table3's head option overflowed the stack)", () => {
    expectNoCrash(runs.summaryChain);
    expect(runs.summaryChain.code, runs.summaryChain.stderr).toBe(0);
    const rows = runs.summaryChain.stdout.split("\n").filter((l) => l.startsWith("│ "));
    // The header, the input and 130,000 relus.
    expect(rows.length).toBe(130_002);
    expect(rows.at(-1)).toMatch(/^│ \S+ +│ relu /);
  });

  it("summary --json prints the contract's fields", () => {
    expectNoCrash(runs.json);
    expect(runs.json.code, runs.json.stderr).toBe(0);
    const j = JSON.parse(runs.json.stdout);
    expect(j).toEqual(expect.objectContaining({ network: "valid", inputs: expect.any(Array), outputs: expect.any(Array), nodes: expect.any(Array), totals: expect.any(Object) }));
    expect(j.inputs[0]).toEqual(expect.objectContaining({ name: "image", shape: [3, 32, 32] }));
    expect(j.outputs[0]).toEqual(expect.objectContaining({ name: "logits", shape: [10] }));
    expect(j.nodes.length).toBeGreaterThanOrEqual(7);
    for (const n of j.nodes) {
      for (const k of ["name", "op", "shape", "params", "macs", "flops", "receptiveField"]) expect(n, `${n.name}.${k}`).toHaveProperty(k);
      expect(Array.isArray(n.shape)).toBe(true);
    }
    for (const k of ["params", "trainableParams", "macs", "flops", "activationBytes", "trainingBytes"]) {
      expect(typeof j.totals[k], k).toBe("number");
      expect(j.totals[k], k).toBeGreaterThan(0);
    }
    // conv 3→8 k3 with bias, bn 8 (weight, bias), dense 8→10 with bias.
    expect(j.totals.params).toBe(8 * 27 + 8 + 16 + 80 + 10);
  });

  it("--input changes the shapes", () => {
    expectNoCrash(runs.jsonInput);
    expect(runs.jsonInput.code, runs.jsonInput.stderr).toBe(0);
    const small = JSON.parse(runs.json.stdout);
    const big = JSON.parse(runs.jsonInput.stdout);
    expect(big.inputs[0].shape).toEqual([3, 64, 64]);
    const conv = (j: { nodes: { op: string; shape: number[] }[] }) => j.nodes.find((n) => n.op === "conv")!.shape;
    expect(conv(small)).toEqual([8, 32, 32]);
    expect(conv(big)).toEqual([8, 64, 64]);
    expect(big.totals.params).toBe(small.totals.params);
    expect(big.totals.macs).toBe(4 * small.nodes.find((n: { op: string }) => n.op === "conv").macs + small.nodes.find((n: { op: string }) => n.op === "dense").macs);
  });

  it("a bad --input is a usage error: exit 2 with a message", () => {
    expectNoCrash(runs.badInput);
    expect(runs.badInput.code).toBe(2);
    expect(runs.badInput.stderr).toContain("--input");
    expect(runs.badInput.stderr).toContain("not a shape");
    expect(runs.badInput.stdout).toBe("");
  });
});
