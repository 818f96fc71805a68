// The CLI on hostile input, run from source in child processes: every bad
// file must end in exit 1 with a diagnostic on stderr, never a stack trace,
// a hang or unbounded memory. Each process start costs about a second, so
// the bad files share one `dlc check` run and all runs start together.

import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
/** Wall-clock limit per run; a hang fails the test instead of stalling it.
 *  The batch of bad files takes about 10 s alone (the 2,000,000-statement
 *  step limit is most of it); the margin is for a loaded two-core CI runner. */
const LIMIT_MS = 30_000;
/** Heap limit per run: a runaway allocation dies instead of swapping. */
const HEAP_MB = 512;

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

function dlc(args: string[]): Promise<Run> {
  const t0 = Date.now();
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [`--max-old-space-size=${HEAP_MB}`, "--import", "tsx", "compiler/cli/run.ts", ...args], {
      cwd: root,
      env: { ...process.env, NO_COLOR: "1", DLC_DEBUG: "" },
      stdio: ["ignore", "pipe", "pipe"],
      timeout: LIMIT_MS,
      killSignal: "SIGKILL",
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (s: string) => (stdout += s));
    child.stderr.setEncoding("utf8").on("data", (s: string) => (stderr += s));
    child.on("error", fail);
    child.on("close", (code, signal) => done({ code, signal, stdout, stderr, ms: Date.now() - t0 }));
  });
}

function expectNoCrash(r: Run): void {
  expect(r.signal, r.stderr).toBeNull();
  expect(r.ms).toBeLessThan(LIMIT_MS);
  expect(r.stderr).not.toContain("    at ");
  expect(r.stderr).not.toContain("internal error");
  expect(r.stderr).not.toMatch(/heap out of memory|RangeError|TypeError/);
}

const VALID = `network valid {
  input image: [3, 32, 32]
  x = image |> conv(8, k=3, p=1) |> bn |> relu |> maxpool(k=2)
  output logits = x |> gap |> dense(10)
}
`;

/** File name → contents of each hostile input. */
function badFiles(): Record<string, string | Uint8Array> {
  const net = (body: string) => `network n {\n  input i: [3, 8, 8]\n${body}\n}\n`;
  const line = "# padding line to make a large source file, ten megabytes in all\n";
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
  };
}

let dir: string;
let bad: string[];
let runs: Record<"bad" | "check" | "json" | "jsonInput" | "badInput", Run>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "dlc-bad-input-"));
  bad = [];
  for (const [name, contents] of Object.entries(badFiles())) {
    writeFileSync(join(dir, name), contents);
    bad.push(join(dir, name));
  }
  const valid = join(dir, "valid.net");
  writeFileSync(valid, VALID);
  const [b, check, json, jsonInput, badInput] = await Promise.all([
    dlc(["check", ...bad]),
    dlc(["check", valid]),
    dlc(["summary", valid, "--json"]),
    dlc(["summary", valid, "--json", "--input", "image=3,64,64"]),
    dlc(["summary", valid, "--input", "image=3,0,a"]),
  ]);
  runs = { bad: b!, check: check!, json: json!, jsonInput: jsonInput!, badInput: badInput! };
}, 4 * LIMIT_MS);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("dlc check on hostile input", () => {
  it("exits 1 without a stack trace, in time and within the heap limit", () => {
    expectNoCrash(runs.bad);
    expect(runs.bad.code, runs.bad.stderr).toBe(1);
    expect(runs.bad.stderr).not.toContain("ok:");
  });

  // Each file's diagnostic names it, by its path in the headline or the location.
  it.each(Object.keys(badFiles()))("reports %s", (name) => {
    const chunks = runs.bad.stderr.split(/\n(?=error: |warning: )/);
    const mine = chunks.filter((c) => c.includes(join(dir, name)));
    expect(mine.length, runs.bad.stderr.slice(0, 4000)).toBeGreaterThan(0);
    expect(mine.some((c) => c.startsWith("error: "))).toBe(true);
    expect(mine.some((c) => /= expected: /.test(c))).toBe(true);
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
});

describe("dlc on a valid file", () => {
  it("check exits 0", () => {
    expectNoCrash(runs.check);
    expect(runs.check.code, runs.check.stderr).toBe(0);
    expect(runs.check.stderr).toContain("ok: valid.net");
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
