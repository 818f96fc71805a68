import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { limitFor } from "../helpers/time_limits.js";

// The example as a user runs it: the built `dlc compile`, then a TypeScript
// program importing the generated module through "dlc/runtime" (the built
// runtime, resolved by the package's exports). The package is built here,
// from the sources as they are, into a private folder laid out as an
// installed package: the repository's dist/ may be stale (built before the
// last edit) and other test runs may be reading it, so it is not used.

const root = resolve(".");
const pkg = mkdtempSync(join(tmpdir(), "dlc-example-"));
afterAll(() => rmSync(pkg, { recursive: true, force: true }));

/** dlc as `npm ci` makes it (tsc -p tsconfig.build.json), in `pkg`. */
function buildPackage(): void {
  const tsc = spawnSync(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", join(root, "tsconfig.build.json"), "--outDir", join(pkg, "dist")], { encoding: "utf8", timeout: limitFor(7) });
  expect(tsc.status, `${tsc.stdout}${tsc.stderr}`).toBe(0);
  copyFileSync(join(root, "package.json"), join(pkg, "package.json"));
  mkdirSync(join(pkg, "bin"));
  copyFileSync(join(root, "bin/dlc.js"), join(pkg, "bin/dlc.js"));
  for (const dir of ["node_modules", "stdlib"]) symlinkSync(join(root, dir), join(pkg, dir));
  const example = join(pkg, "examples/use-in-typescript");
  mkdirSync(example, { recursive: true });
  for (const f of ["classifier.net", "main.ts"]) copyFileSync(join(root, "examples/use-in-typescript", f), join(example, f));
}

describe("examples/use-in-typescript", () => {
  it("compiles with a fresh build, trains 60 steps on WebGPU and classifies the held-out batch", { timeout: limitFor(7) + limitFor(3) + limitFor(10) + 30_000 }, () => {
    buildPackage();
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
});
