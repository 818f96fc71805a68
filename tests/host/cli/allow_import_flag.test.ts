// --allow-import DIR reaches the compiler from every command that reads a
// .net file (the confinement itself is the module loader's, tested there):
// a project importing a block from a folder beside it is refused without
// the flag and accepted with it by check, summary, ir, gradcheck, compile
// and run.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { dlc } from "../../helpers/cli.js";
import { npyBytes, safetensorsBytes } from "../../helpers/files.js";

const work = mkdtempSync(join(tmpdir(), "dlc-allow-import-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** F32 zeros of the given shape, as a safetensors entry. */
const zeros = (shape: number[]) => ({ shape, values: new Array<number>(shape.reduce((a, d) => a * d, 1)).fill(0) });

describe("--allow-import", () => {
  const lib = join(work, "lib");
  const proj = join(work, "proj");
  mkdirSync(lib);
  mkdirSync(proj);
  writeFileSync(join(lib, "blocks.net"), "block twice(c) (x) {\n  return x |> dense(c) |> dense(c)\n}\n");
  const net = join(proj, "main.net");
  writeFileSync(net, 'import "../lib/blocks"\nnetwork main {\n  input x: [3]\n  output y = x |> twice(2)\n}\n');
  writeFileSync(join(proj, "w.safetensors"), safetensorsBytes({ "twice1.dense1.weight": zeros([2, 3]), "twice1.dense1.bias": zeros([2]), "twice1.dense2.weight": zeros([2, 2]), "twice1.dense2.bias": zeros([2]) }));
  // x.npy: one sample of three float32 zeros.
  writeFileSync(join(proj, "x.npy"), npyBytes([1, 3], [0, 0, 0]));

  const commands: [string, string[]][] = [
    ["check", ["check", net]],
    ["summary", ["summary", net]],
    ["ir", ["ir", net]],
    ["gradcheck", ["gradcheck", net]],
    ["compile", ["compile", net, "-o", join(work, "out"), "--infer"]],
    ["run", ["run", net, "--weights", join(proj, "w.safetensors"), "--input", `x=${join(proj, "x.npy")}`, "-o", join(work, "run-out"), "--backend", "reference"]],
  ];

  it("each command refuses the import without the flag and accepts it with", async () => {
    const runs = await Promise.all(commands.flatMap(([, args]) => [dlc(args), dlc([...args, "--allow-import", lib])]));
    commands.forEach(([name], i) => {
      const [refused, allowed] = [runs[2 * i]!, runs[2 * i + 1]!];
      expect(refused.code, `${name} without the flag: ${refused.stderr}`).toBe(1);
      expect(refused.stderr, name).toMatch(/outside the project/);
      expect(allowed.code, `${name} with the flag: ${allowed.stderr}`).toBe(0);
    });
  });
});
