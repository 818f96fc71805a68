// Compile-speed benchmark (not a test): parse + elaborate + every analysis
// pass on stdlib networks in-process after warm-up; the whole compile to a
// module (training graph, backward, fusion, memory plan, the WGSL of every
// kernel of the inference, training-forward and training-step programs, the
// TS and JSON files) in-process; and `dlc summary` as a whole command.
// Then start-up: whole commands of the built CLI (`dlc --help`, `check` and
// `summary` on LeNet-5, `summary` on ResNet-152) against a bare `node -e 0`
// in the same run, so that the difference is dlc's own. Prints Markdown
// tables for BENCHMARKS.md.
//
//   npm run build && npm run bench:compile
//   npm run build && npm run bench:compile -- --startup    # start-up only

import { spawnSync } from "node:child_process";
import { cpus } from "node:os";
import { readFileSync, statSync } from "node:fs";
import { compile } from "../compiler/index.js";
import { checkFile } from "../compiler/pipeline.js";

const models = ["resnet18", "resnet50", "resnet152", "densenet121", "googlenet"];
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function inProcess(path: string): { ms: number; nodes: number } {
  let nodes = 0;
  for (let i = 0; i < 5; i++) checkFile(path);
  const times: number[] = [];
  for (let i = 0; i < 30; i++) {
    const t0 = performance.now();
    const r = checkFile(path);
    times.push(performance.now() - t0);
    if (!r.graph) throw new Error(`${path} does not compile`);
    nodes = r.graph.nodes.length;
  }
  return { ms: median(times), nodes };
}

/** parse → WGSL + TS with backward: `compile(source)` in training mode at batch 32. */
function toModule(path: string): number {
  const source = readFileSync(path, "utf8");
  for (let i = 0; i < 2; i++) compile(source, { path, batch: 32 });
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    const m = compile(source, { path, batch: 32 });
    times.push(performance.now() - t0);
    if (!m.files) throw new Error(`${path} does not compile to a module`);
  }
  return median(times);
}

function wholeCommand(path: string): number {
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, ["bin/dlc.js", "summary", path], { encoding: "utf8" });
    times.push(performance.now() - t0);
    if (r.status !== 0) throw new Error(`dlc summary ${path} failed: ${r.stderr}`);
  }
  return median(times);
}

/** Median wall time of `runs` runs of a whole process; it must exit 0. */
function processMs(args: string[], runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, args, { encoding: "utf8" });
    times.push(performance.now() - t0);
    if (r.status !== 0) throw new Error(`node ${args.join(" ")} failed: ${r.stderr}`);
  }
  return median(times);
}

function startup(): void {
  // A stale build would measure old code.
  if (statSync("dist/host/cli/main.js").mtimeMs < statSync("host/cli/main.ts").mtimeMs) console.log("warning: dist/ is older than the source; run `npm run build` first");
  const runs = 9;
  const bare = processMs(["-e", "0"], runs);
  const rows: [string, string[]][] = [
    ["`dlc --help`", ["bin/dlc.js", "--help"]],
    ["`dlc check` lenet5", ["bin/dlc.js", "check", "stdlib/models/lenet5.net"]],
    ["`dlc summary` lenet5", ["bin/dlc.js", "summary", "stdlib/models/lenet5.net"]],
    ["`dlc summary` resnet152", ["bin/dlc.js", "summary", "stdlib/models/resnet152.net"]],
  ];
  console.log(`\nStart-up, whole commands of the built CLI (median of ${runs}):`);
  console.log("| command | wall time | minus bare `node -e 0` |");
  console.log("|---|---:|---:|");
  console.log(`| \`node -e 0\` | ${bare.toFixed(0)} ms | |`);
  for (const [name, args] of rows) {
    const ms = processMs(args, runs);
    console.log(`| ${name} | ${ms.toFixed(0)} ms | ${(ms - bare).toFixed(0)} ms |`);
  }
}

console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? "unknown CPU"}, Node ${process.version}`);
if (!process.argv.includes("--startup")) {
  console.log("| network | nodes | parse → analysis, in-process (median of 30) | parse → WGSL + TS with backward, in-process (median of 5) | `dlc summary` whole command (median of 5) |");
  console.log("|---|---:|---:|---:|---:|");
  for (const m of models) {
    const path = `stdlib/models/${m}.net`;
    const a = inProcess(path);
    const c = toModule(path);
    const b = wholeCommand(path);
    console.log(`| ${m} | ${a.nodes} | ${a.ms.toFixed(1)} ms | ${c.toFixed(0)} ms | ${b.toFixed(0)} ms |`);
  }
}
startup();
