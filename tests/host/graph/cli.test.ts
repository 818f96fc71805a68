// `dlc graph` and `dlc summary --depth` as a user runs them: two child
// processes (the default output name needs its own working folder; the
// JSON summary is the whole command), the rest through `main` in this
// process, which saves a second of start-up per run. Checked: the files
// written, the folded summary's totals against sums of the unfolded rows,
// and bad input ending in a diagnostic and an exit code, with no file (or
// temporary file) left behind.

import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkFile } from "../../../compiler/pipeline.js";
import { foldedRows } from "../../../host/cli/summary_depth.js";
import { summaryText } from "../../../host/cli/report.js";
import { main } from "../../../host/cli/main.js";
import { dlc, root, type Run } from "../../helpers/cli.js";
import { limitFor } from "../../helpers/time_limits.js";

const FILE = resolve(root, "tests/host/graph/two_heads.net");

interface SummaryJson {
  nodes: { name: string; params: number; macs: number; flops: number; shape: number[] }[];
  totals: { params: number; macs: number; flops: number };
  folded: { depth: number; rows: { name: string; op: string; ops: number; params: number; macs: number; flops: number; activationBytes: number; shape: number[] }[] };
}

/** main(argv) in this process, stdout and stderr captured, process.exitCode left as it was found. */
async function inProcess(argv: string[]): Promise<Omit<Run, "signal">> {
  const out: string[] = [];
  const err: string[] = [];
  const [write, writeErr, exitCode] = [process.stdout.write, process.stderr.write, process.exitCode];
  process.stdout.write = ((s: string | Uint8Array) => (out.push(String(s)), true)) as typeof process.stdout.write;
  process.stderr.write = ((s: string | Uint8Array) => (err.push(String(s)), true)) as typeof process.stderr.write;
  try {
    const code = await main(argv);
    return { code, stdout: out.join(""), stderr: err.join("") };
  } finally {
    process.stdout.write = write;
    process.stderr.write = writeErr;
    process.exitCode = exitCode;
  }
}

type Outcome = Omit<Run, "signal">;
let dir: string;
let runs: Record<"json" | "svg" | "text" | "html" | "bad" | "png" | "nodir" | "depth" | "huge" | "hugeDot", Outcome>;

/** 800 residual blocks of 7 nodes: 5,604 boxes, more than dlc lays out. */
const HUGE = `block res(c) (x) {
  y = x |> conv(c, k=3, p=1, bias=false) |> bn |> relu |> conv(c, k=3, p=1, bias=false) |> bn
  return relu(x + y)
}
network huge {
  input image: [4, 4, 4]
  x = image
  repeat 800 {
    x = x |> res(4)
  }
  output y = x |> gap |> dense(2)
}
`;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "dlc-graph-"));
  writeFileSync(join(dir, "bad.net"), "network bad {\n  input x: [3, 8, 8]\n  output y = x |> conv(4, k=3) |> nosuchlayer\n}\n");
  const children = Promise.all([dlc(["summary", FILE, "--depth", "1", "--json"]), dlc(["graph", FILE], { cwd: dir, timeoutMs: limitFor(3) })]);
  // One at a time: they share this process's stdout and stderr.
  const text = await inProcess(["summary", FILE, "--depth", "0"]);
  const html = await inProcess(["graph", FILE, "--depth", "0", "-o", join(dir, "heads.html")]);
  const bad = await inProcess(["graph", join(dir, "bad.net"), "-o", join(dir, "bad.svg")]);
  const png = await inProcess(["graph", FILE, "-o", join(dir, "x.png")]);
  const nodir = await inProcess(["graph", FILE, "-o", join(dir, "missing", "x.svg")]);
  const depth = await inProcess(["graph", FILE, "--depth", "-1"]);
  writeFileSync(join(dir, "huge.net"), HUGE);
  const huge = await inProcess(["graph", join(dir, "huge.net"), "-o", join(dir, "huge.svg")]);
  const hugeDot = await inProcess(["graph", join(dir, "huge.net"), "-o", join(dir, "huge.dot")]);
  const [json, svg] = await children;
  runs = { json, svg, text, html, bad, png, nodir, depth, huge, hugeDot };
}, limitFor(4));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("dlc summary --depth", () => {
  it("gives each folded block the sums of its unfolded rows", () => {
    const r = runs.json;
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout) as SummaryJson;
    expect(s.folded.depth).toBe(1);
    expect(s.folded.rows.map((x) => x.name)).toEqual(["image", "stem.conv1", "stem.bn1", "stem.relu1", "body.conv_bn1", "body.conv1", "body.bn1", "body.add1", "body.relu1", "gap1", "cls", "reg", "sigmoid1"]);
    const block = s.folded.rows.find((x) => x.name === "body.conv_bn1")!;
    const inside = s.nodes.filter((n) => n.name.startsWith("body.conv_bn1."));
    expect(block.op).toBe("block");
    expect(block.ops).toBe(3);
    expect(block.params).toBe(inside.reduce((a, n) => a + n.params, 0));
    expect(block.macs).toBe(inside.reduce((a, n) => a + n.macs, 0));
    expect(block.flops).toBe(inside.reduce((a, n) => a + n.flops, 0));
    expect(block.activationBytes).toBe(inside.reduce((a, n) => a + 4 * n.shape.reduce((p, d) => p * d, 1), 0));
    expect(block.shape).toEqual(inside[inside.length - 1]!.shape);
    // Over all rows: the network's totals.
    for (const k of ["params", "macs", "flops"] as const) expect(s.folded.rows.reduce((a, x) => a + x[k], 0)).toBe(s.totals[k]);
  });

  it("prints the folded table with an activation column and the same totals", () => {
    expect(runs.text.code, runs.text.stderr).toBe(0);
    expect(runs.text.stdout).toMatch(/│ stem +│ block, 3 ops +│ \[8, 8, 8\] +│ +232 │ 13\.8 K │ +6\.00 KiB │ +3 \/2 │/);
    expect(runs.text.stdout).toMatch(/│ body +│ block, 7 ops +│/);
    expect(runs.text.stdout).not.toContain("stem.conv1");
    // Everything below the table is the summary's own, and the summary without --depth has no such column.
    const r = checkFile(FILE);
    const plain = summaryText(r.graph!, r.analysis!);
    const tail = (s: string) => s.slice(s.lastIndexOf("┘"));
    expect(tail(runs.text.stdout)).toBe(tail(plain));
    expect(plain).not.toContain("│ Activations");
  });

  it("folds stdlib networks so that every row is the sum of the nodes it stands for", () => {
    for (const [file, net] of [["stdlib/models/resnet18.net", undefined], ["stdlib/models/googlenet.net", "googlenet_aux"]] as const) {
      const r = checkFile(file, { network: net });
      const g = r.graph!;
      for (const depth of [0, 1, 2]) {
        const rows = foldedRows(g, r.analysis!, depth);
        let covered = 0;
        for (const row of rows) {
          const members = row.op === "block" ? g.nodes.filter((n) => n.name.startsWith(`${row.name}.`)) : g.nodes.filter((n) => n.name === row.name);
          expect(members.length, row.name).toBe(row.ops);
          expect(row.params).toBe(members.reduce((a, n) => a + r.analysis!.nodes[n.id]!.params, 0));
          expect(row.macs).toBe(members.reduce((a, n) => a + r.analysis!.nodes[n.id]!.macs, 0));
          covered += members.length;
          // A folded row's path is at most depth + 1 deep; an unfolded row's block path at most depth.
          expect(row.name.split(".").length).toBeLessThanOrEqual(depth + 1);
        }
        expect(covered).toBe(g.nodes.length);
        expect(rows.reduce((a, x) => a + x.params, 0)).toBe(r.analysis!.totals.params);
      }
      // resnet18 at depth 1: the stem's nodes, then each stage's two basic blocks.
      if (!net) expect(foldedRows(g, r.analysis!, 1).filter((x) => x.op === "block").map((x) => x.name)).toEqual(["basic_stage1.basic1", "basic_stage1.basic2", "basic_stage2.basic1", "basic_stage2.basic2", "basic_stage3.basic1", "basic_stage3.basic2", "basic_stage4.basic1", "basic_stage4.basic2"]);
    }
  });
});

describe("dlc graph", () => {
  it("writes NETWORK.svg in the current folder without -o", () => {
    expect(runs.svg.code, runs.svg.stderr).toBe(0);
    const svg = readFileSync(join(dir, "two_heads.svg"), "utf8");
    expect(svg).toContain("<svg");
    expect(svg).toContain("stem");
    expect(runs.svg.stderr).toMatch(/^wrote two_heads\.svg: two_heads, \d+ boxes\n$/);
  });

  it("writes the HTML page with -o and --depth", () => {
    expect(runs.html.code, runs.html.stderr).toBe(0);
    const html = readFileSync(join(dir, "heads.html"), "utf8");
    expect(html).toContain('id="block:body"');
    expect(html).toContain('"block:stem"');
  });

  it("refuses bad input with a diagnostic and an exit code, and leaves no file behind", () => {
    expect(runs.bad.code).toBe(1);
    expect(runs.bad.stderr).toContain("nosuchlayer");
    expect(runs.png.code).toBe(2);
    expect(runs.png.stderr).toContain("-o expects a file ending in .svg, .html or .dot");
    expect(runs.nodir.code).toBe(1);
    expect(runs.nodir.stderr).toMatch(/^error: cannot write '.*x\.svg': /m);
    expect(runs.depth.code).toBe(2);
    expect(runs.depth.stderr).toContain("--depth");
    for (const r of [runs.bad, runs.png, runs.nodir, runs.depth]) {
      expect(r.stderr).not.toContain("    at ");
      expect(r.stderr).not.toContain("internal error");
    }
    expect(existsSync(join(dir, "bad.svg"))).toBe(false);
    expect(existsSync(join(dir, "x.png"))).toBe(false);
    // Only the files the good runs wrote (and the inputs): no temporary file left by any run.
    expect(readdirSync(dir).sort()).toEqual(["bad.net", "heads.html", "huge.dot", "huge.net", "two_heads.svg"]);
  });

  it("refuses to lay out more boxes than it bounds, naming the depth that fits, and still writes the DOT text", () => {
    expect(runs.huge.code).toBe(1);
    expect(runs.huge.stderr).toBe("error: 5604 boxes are more than dlc lays out (at most 5000): fold blocks with --depth 0 (804 boxes), or write .dot and lay it out with a native Graphviz\n");
    expect(runs.hugeDot.code, runs.hugeDot.stderr).toBe(0);
    // Every IR node: the input, 800 × 7 in the blocks, gap and dense.
    expect(readFileSync(join(dir, "huge.dot"), "utf8").match(/^\s+"n\d+" \[/gm)).toHaveLength(1 + 800 * 7 + 2);
  });
});
