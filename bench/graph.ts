// `dlc graph` speed (a benchmark, not a test; the target is a ResNet-152
// picture in under 2 s). Two measures:
//
// - the whole command as a user runs it: the built CLI (`bin/dlc.js`'s
//   dist/, or the folder given with --built) in a fresh process, writing
//   .svg, .html and .dot, beside a bare `node -e 0` for the start-up floor,
//   wall time and CPU time (/usr/bin/time), since on a shared machine
//   other processes stretch the wall time but hardly the CPU time;
// - the stages in one process: compile (parse, elaborate, analyse), the
//   view, DOT, and the Graphviz layout; the first layout in a process also
//   instantiates Graphviz's WebAssembly, so it is timed apart ("cold").
//
// Prints Markdown tables for BENCHMARKS.md.
//
//   npm run build && npx tsx bench/graph.ts [--built DIR] [--model resnet152] [--runs 5]

import { spawnSync } from "node:child_process";
import { cpus, loadavg, tmpdir } from "node:os";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { checkFile } from "../compiler/pipeline.js";
import { forwardView } from "../host/graph/view.js";
import { foldView } from "../host/graph/fold.js";
import { toDot } from "../host/graph/dot.js";
import { layoutSvg } from "../host/graph/layout.js";
import { toHtml } from "../host/graph/html.js";

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
};
const built = resolve(arg("--built", "dist"));
const model = arg("--model", "resnet152");
const runs = Number(arg("--runs", "5"));
const file = `stdlib/models/${model}.net`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (x: number) => `${Math.round(x)} ms`;

/** Wall and CPU time of a stage in this process. */
interface Took {
  readonly wall: number;
  readonly cpu: number;
}

function cpuNow(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

function time<T>(f: () => T): [T, Took] {
  const [w, c] = [performance.now(), cpuNow()];
  const r = f();
  return [r, { wall: performance.now() - w, cpu: cpuNow() - c }];
}

async function timeAsync<T>(f: () => Promise<T>): Promise<[T, Took]> {
  const [w, c] = [performance.now(), cpuNow()];
  const r = await f();
  return [r, { wall: performance.now() - w, cpu: cpuNow() - c }];
}

const medianTook = (xs: readonly Took[]): Took => ({ wall: median(xs.map((x) => x.wall)), cpu: median(xs.map((x) => x.cpu)) });
const cells = (t: Took) => `${ms(t.wall)} | ${ms(t.cpu)}`;

/**
 * Median wall time and median CPU time (user + system, all threads) of a
 * fresh process running `args`, measured by /usr/bin/time. On a shared
 * machine the CPU time says more than the wall time, which other
 * processes' load stretches.
 */
function wholeCommand(args: readonly string[]): { wall: number; cpu: number } {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const r = spawnSync("/usr/bin/time", ["-f", "TIME %e %U %S", process.execPath, ...args], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`node ${args.join(" ")} failed: ${r.stderr}`);
    const [e, u, s] = r.stderr.trim().split("\n").pop()!.replace("TIME ", "").split(" ").map(Number);
    wall.push(e! * 1000);
    cpu.push((u! + s!) * 1000);
  }
  return { wall: median(wall), cpu: median(cpu) };
}

async function stages(): Promise<void> {
  const [r, compileMs] = time(() => checkFile(file));
  if (!r.graph || !r.analysis) throw new Error(`${file} does not compile`);
  const [view, viewMs] = time(() => forwardView(r.graph!, r.analysis!));
  const [dot, dotMs] = time(() => toDot(view));
  const [svg, coldMs] = await timeAsync(() => layoutSvg(dot));
  const warm: Took[] = [];
  for (let i = 0; i < runs; i++) warm.push((await timeAsync(() => layoutSvg(dot)))[1]);
  const [, htmlMs] = time(() => toHtml(view, svg));
  const folded = foldView(view, 1);
  const foldedDot = toDot(folded);
  const foldedWarm: Took[] = [];
  for (let i = 0; i < runs; i++) foldedWarm.push((await timeAsync(() => layoutSvg(foldedDot)))[1]);
  console.log(`\nIn one process, ${model} (${r.graph.nodes.length} nodes, ${view.nodes.length} boxes, ${view.edges.length} edges; SVG ${(svg.length / 1024).toFixed(0)} KiB):\n`);
  console.log("| stage | wall | CPU |\n|---|---:|---:|");
  console.log(`| compile (parse, elaborate, analyse), first in the process | ${cells(compileMs)} |`);
  console.log(`| view | ${cells(viewMs)} |`);
  console.log(`| DOT text | ${cells(dotMs)} |`);
  console.log(`| layout, first in the process (instantiates Graphviz) | ${cells(coldMs)} |`);
  console.log(`| layout, again (median of ${runs}) | ${cells(medianTook(warm))} |`);
  console.log(`| layout at --depth 1 (${folded.nodes.length} boxes, median of ${runs}) | ${cells(medianTook(foldedWarm))} |`);
  console.log(`| HTML page | ${cells(htmlMs)} |`);
}

async function main(): Promise<void> {
  console.log(`dlc graph on ${model}: ${cpus().length} cores (${cpus()[0]?.model.trim() ?? "unknown CPU"}), Node ${process.version}, load average ${loadavg().map((x) => x.toFixed(1)).join(" ")} at the start`);
  const cli = join(built, "host/cli/run.js");
  if (existsSync(join(built, "host/cli/graph.js"))) {
    const out = mkdtempSync(join(tmpdir(), "dlc-bench-graph-"));
    try {
      console.log(`\nWhole command, built CLI (${cli}), median of ${runs} fresh processes:\n`);
      console.log("| command | wall | CPU (user + system) |\n|---|---:|---:|");
      console.log(`| node -e 0 (start-up floor) | ${cells(wholeCommand(["-e", "0"]))} |`);
      for (const [label, extra] of [
        [`dlc graph ${model}.net -o ${model}.svg`, ["-o", join(out, "a.svg")]],
        [`dlc graph ${model}.net -o ${model}.html`, ["-o", join(out, "a.html")]],
        [`dlc graph ${model}.net -o ${model}.dot`, ["-o", join(out, "a.dot")]],
        [`dlc graph ${model}.net --depth 1 -o ${model}.svg`, ["--depth", "1", "-o", join(out, "b.svg")]],
      ] as const) {
        console.log(`| ${label} | ${cells(wholeCommand([cli, "graph", file, ...extra]))} |`);
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  } else {
    console.log(`\n(no built CLI with \`dlc graph\` in ${built}: run \`npm run build\` for the whole-command times)`);
  }
  await stages();
  console.log(`\nload average ${loadavg().map((x) => x.toFixed(1)).join(" ")} at the end`);
}

await main();
