import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { limitFor } from "../helpers/time_limits.js";

// examples/use-in-typescript as a user runs it. dlc is built here, from the
// sources as they are, into a private folder laid out as its package: the
// repository's dist/ may be stale (built before the last edit) and other
// test runs may be reading it, so it is not used.
//
// 1. The example from that folder: the built `dlc compile`, then a program
//    importing the generated module through "dlc/runtime" (resolved by the
//    package's exports).
// 2. The example's app/ as a user's own project: the package packed with
//    `npm pack` (so its "files" and "bin" are what is tested), installed
//    from the tarball, `dlc compile` by the installed command, `tsc` with
//    strict and skipLibCheck off over the app and every declaration it
//    reaches (the generated .d.ts, dlc's, @webgpu/types), then the emitted
//    program run with node.

const root = resolve(".");
const work = mkdtempSync(join(tmpdir(), "dlc-example-"));
const pkg = join(work, "package");
afterAll(() => rmSync(work, { recursive: true, force: true }));

const version = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string }).version;
const tsc = join(root, "node_modules/typescript/bin/tsc");

/** dlc as `npm ci` makes it (tsc -p tsconfig.build.json), in `pkg`, with what the package ships. */
function buildPackage(): void {
  const build = spawnSync(process.execPath, [tsc, "-p", join(root, "tsconfig.build.json"), "--outDir", join(pkg, "dist")], { encoding: "utf8", timeout: limitFor(7) });
  expect(build.status, `${build.stdout}${build.stderr}`).toBe(0);
  for (const f of ["package.json", "README.md", "LICENSE", "bin/dlc.js"]) cpSync(join(root, f), join(pkg, f));
  // Copies, not links: npm pack does not follow a linked folder.
  for (const dir of ["stdlib", "docs"]) cpSync(join(root, dir), join(pkg, dir), { recursive: true });
  symlinkSync(join(root, "node_modules"), join(pkg, "node_modules"));
  const example = join(pkg, "examples/use-in-typescript");
  mkdirSync(example, { recursive: true });
  for (const f of ["classifier.net", "main.ts"]) copyFileSync(join(root, "examples/use-in-typescript", f), join(example, f));
}

beforeAll(buildPackage, limitFor(7));

const failure = (r: SpawnSyncReturns<string>) => `exit ${r.status}${r.signal ? ` (${r.signal})` : ""}\n${r.stdout}${r.stderr}`;

describe("examples/use-in-typescript", () => {
  it("compiles with a fresh build, trains 60 steps on WebGPU and classifies the held-out batch", { timeout: limitFor(3) + limitFor(10) + 30_000 }, () => {
    const run = (args: string[], idleSeconds: number) => spawnSync(process.execPath, args, { cwd: pkg, encoding: "utf8", timeout: limitFor(idleSeconds) });
    const c = run(["bin/dlc.js", "compile", "examples/use-in-typescript/classifier.net", "-o", "examples/use-in-typescript/build", "--batch", "8"], 3);
    expect(c.status, c.stderr).toBe(0);
    // The generated module imports the runtime by the package's name: this build's.
    expect(readFileSync(join(pkg, "examples/use-in-typescript/build/classifier.js"), "utf8")).toMatch(/from "dlc\/runtime"/);
    const r = run(["--import", "tsx", "examples/use-in-typescript/main.ts"], 10);
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout.trim().split("\n").pop()!) as { firstLoss: number; lastLoss: number; accuracy: number };
    expect(out.lastLoss).toBeLessThan(out.firstLoss / 4);
    expect(out.accuracy).toBeGreaterThanOrEqual(0.75);
  });

  it("app/: the packed package installs, its dlc compiles, strict tsc (skipLibCheck off) passes and the program runs", { timeout: 4 * limitFor(5) }, () => {
    // npm run by `npm test` passes its own settings down as npm_* variables
    // (its prefix among them); the npm commands here must see the app's.
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.toLowerCase().startsWith("npm_")));
    const sh = (cmd: string, args: string[], cwd: string, idleSeconds: number) => spawnSync(cmd, args, { cwd, env, encoding: "utf8", timeout: limitFor(idleSeconds) });

    const packed = sh("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", work], pkg, 3);
    expect(packed.status, failure(packed)).toBe(0);
    const [info] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
    const files = new Set(info!.files.map((f) => f.path));
    for (const f of ["LICENSE", "README.md", "bin/dlc.js", "docs/language.md", "docs/typescript.md", "docs/checkpoints.md", "stdlib/models/resnet50.net", "dist/runtime/index.d.ts"]) expect(files, f).toContain(f);
    expect([...files].filter((f) => /^(tests|examples|compiler|runtime|node_modules)\//.test(f))).toEqual([]);
    // TypeScript 5 (this repository's, below) gets @webgpu/types through the
    // "types@<6" file, whose directive must survive tsc's emit; TypeScript ≥ 6
    // has WebGPU in its DOM library and gets index.d.ts, which must not
    // reference @webgpu/types (every GPU type would be declared twice).
    const webgpuTypes = /^\/\/\/ <reference types="@webgpu\/types"/m;
    expect(readFileSync(join(pkg, "dist/runtime/webgpu_types.d.ts"), "utf8")).toMatch(webgpuTypes);
    expect(readFileSync(join(pkg, "dist/runtime/index.d.ts"), "utf8")).not.toMatch(webgpuTypes);

    const app = join(work, "app");
    const src = join(root, "examples/use-in-typescript/app");
    // The app's own files only: a local run may have left node_modules/, model/ or dist/ there.
    for (const f of ["package.json", "tsconfig.json", "quadrant.net", "src", "public/index.html"]) cpSync(join(src, f), join(app, f), { recursive: true });
    const install = sh("npm", ["install", join(work, info!.filename), "--prefer-offline", "--no-audit", "--no-fund"], app, 5);
    expect(install.status, failure(install)).toBe(0);

    const dlc = join(app, "node_modules/.bin/dlc");
    const v = sh(dlc, ["--version"], app, 1);
    expect(v.status, failure(v)).toBe(0);
    expect(v.stdout.trim()).toBe(version);
    const c = sh(dlc, ["compile", "quadrant.net", "-o", "model"], app, 2);
    expect(c.status, failure(c)).toBe(0);

    // The app's tsconfig says strict and skipLibCheck false; the flags make sure of it.
    const t = sh(process.execPath, [tsc, "-p", ".", "--strict", "--skipLibCheck", "false"], app, 4);
    expect(t.status, failure(t)).toBe(0);
    expect(t.stdout + t.stderr).toBe("");

    const r = sh(process.execPath, ["dist/main.js"], app, 3);
    expect(r.status, failure(r)).toBe(0);
    const out = JSON.parse(r.stdout.trim().split("\n").pop()!) as { firstLoss: number; lastLoss: number; predicted: number[]; labels: number[] };
    expect(out.lastLoss).toBeLessThan(out.firstLoss / 10);
    expect(out.predicted).toEqual(out.labels);
  });
});
