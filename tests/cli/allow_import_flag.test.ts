// --allow-import DIR reaches the compiler from every command that reads a
// .net file (the confinement itself is the module loader's, tested there):
// a project importing a block from a folder beside it is refused without
// the flag and accepted with it by check, summary, ir, gradcheck, compile
// and run.

import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const work = mkdtempSync(join(tmpdir(), "dlc-allow-import-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function dlc(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ["--import", "tsx", "compiler/cli/run.ts", ...args], { cwd: root, env: { ...process.env, NO_COLOR: "1" }, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (s: string) => (stderr += s));
    child.on("error", fail);
    child.on("close", (code) => done({ code, stderr }));
  });
}

/** A safetensors file of F32 zeros for the given tensors. */
function zerosCheckpoint(tensors: Record<string, number[]>): Buffer {
  const header: Record<string, unknown> = {};
  let at = 0;
  for (const [name, shape] of Object.entries(tensors)) {
    const bytes = shape.reduce((a, d) => a * d, 1) * 4;
    header[name] = { dtype: "F32", shape, data_offsets: [at, at + bytes] };
    at += bytes;
  }
  const json = Buffer.from(JSON.stringify(header));
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(json.length));
  return Buffer.concat([len, json, Buffer.alloc(at)]);
}

describe("--allow-import", () => {
  const lib = join(work, "lib");
  const proj = join(work, "proj");
  mkdirSync(lib);
  mkdirSync(proj);
  writeFileSync(join(lib, "blocks.net"), "block twice(c) (x) {\n  return x |> dense(c) |> dense(c)\n}\n");
  const net = join(proj, "main.net");
  writeFileSync(net, 'import "../lib/blocks"\nnetwork main {\n  input x: [3]\n  output y = x |> twice(2)\n}\n');
  writeFileSync(join(proj, "w.safetensors"), zerosCheckpoint({ "twice1.dense1.weight": [2, 3], "twice1.dense1.bias": [2], "twice1.dense2.weight": [2, 2], "twice1.dense2.bias": [2] }));
  // x.npy: one sample of three float32 zeros.
  const header = "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 3), }";
  const pre = Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, 0, 0]);
  const padded = header + " ".repeat(63 - ((10 + header.length) % 64)) + "\n";
  pre.writeUInt16LE(padded.length, 8);
  writeFileSync(join(proj, "x.npy"), Buffer.concat([pre, Buffer.from(padded, "latin1"), Buffer.alloc(12)]));

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
