// Every command's output reaches a pipe whole. A pipe holds 64 KiB; beyond
// that Node queues the rest, and the CLI used to exit before the queue
// drained (`dlc summary resnet152.net --json | wc -c` gave 65,536 of
// 212,815 bytes). Here the reader stops reading until the child has filled
// the pipe and stands at its exit, then reads the rest; the bytes must equal
// the same command's output written straight to a file.

import { spawn, spawnSync } from "node:child_process";
import { open } from "node:fs/promises";
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { dlcArgv, root } from "../../helpers/cli.js";

const work = mkdtempSync(join(tmpdir(), "dlc-pipe-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const cli = (args: string[]) => [process.execPath, dlcArgv(args)] as const;

/**
 * The command's stdout through a real pipe (a FIFO: 64 KiB, as a shell's
 * `|`; Node's own child pipes are socket pairs that hold far more) that is
 * not read until the child has had time to fill it and reach its exit,
 * then read to the end.
 */
async function throughSlowPipe(args: string[], fifo: string): Promise<{ code: number | null; out: Buffer; stderr: string }> {
  const [node, argv] = cli(args);
  expect(spawnSync("mkfifo", [fifo]).status).toBe(0);
  // Opening one end blocks until the other is open: the reader's open runs
  // in the thread pool while this thread opens the writer's end.
  const reading = open(fifo, "r");
  const wfd = openSync(fifo, "w");
  const reader = await reading;
  const child = spawn(node, argv, { cwd: root, env: { ...process.env, NO_COLOR: "1" }, stdio: ["ignore", wfd, "pipe"] });
  closeSync(wfd);
  let stderr = "";
  child.stderr!.setEncoding("utf8").on("data", (s: string) => (stderr += s));
  const exited = new Promise<number | null>((done, fail) => {
    child.on("error", fail);
    child.on("exit", (c) => done(c));
  });
  await new Promise((r) => setTimeout(r, 1500));
  // To the end: EOF comes when the child's end closes, at its exit.
  const out = await reader.readFile();
  await reader.close();
  return { code: await exited, out, stderr };
}

/** The command's stdout written by the child straight into a file. */
function toFile(args: string[], path: string): Promise<{ code: number | null; out: Buffer }> {
  const [node, argv] = cli(args);
  const fd = openSync(path, "w");
  return new Promise((done, fail) => {
    const child = spawn(node, argv, { cwd: root, env: { ...process.env, NO_COLOR: "1" }, stdio: ["ignore", fd, "ignore"] });
    child.on("error", fail);
    child.on("close", (code) => {
      closeSync(fd);
      done({ code, out: readFileSync(path) });
    });
  });
}

const NET = "stdlib/models/resnet152.net";
// ResNet-152's table is just under 64 KiB; 3,000 layers make one of about 250 KB.
const DEEP = join(work, "deep.net");
writeFileSync(DEEP, "network deep {\n  input x: [8, 4, 4]\n  h = x\n  repeat 3000 { h = h |> conv(8, k=1) }\n  output y = h\n}\n");

describe("output on a slowly read pipe", () => {
  const commands: [string, string[]][] = [
    ["summary --json on resnet152", ["summary", NET, "--json"]],
    ["summary (table) on a 3,000-layer net", ["summary", DEEP]],
    ["ir on resnet152", ["ir", NET]],
  ];
  for (const [name, args] of commands) {
    it(`${name}: the same bytes as written to a file`, async () => {
      const stem = join(work, name.replace(/\W+/g, "_"));
      const [piped, file] = await Promise.all([throughSlowPipe(args, `${stem}.fifo`), toFile(args, `${stem}.out`)]);
      expect(file.code).toBe(0);
      expect(piped.code, piped.stderr).toBe(0);
      // Large enough to overflow a pipe twice over, so the test can fail.
      expect(file.out.length).toBeGreaterThan(2 * 65536);
      expect(piped.out.length).toBe(file.out.length);
      expect(piped.out.equals(file.out)).toBe(true);
    });
  }
});
