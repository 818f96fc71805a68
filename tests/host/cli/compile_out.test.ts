// `dlc compile -o DIR` writes its folder whole or not at all, never over
// files it did not write. The writer (compile_output.ts) is tested in
// process on real folders, with one file-system call made to fail where
// the failure cannot be produced here for real (a full disk, a read-only
// mount); the CLI is tested in child processes on special files.

import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { MARKER, nodeOutputFs, OutputError, writeOutputFolder, type OutputFs } from "../../../host/cli/compile_output.js";
import { dlc as runDlc } from "../../helpers/cli.js";
import { limitFor } from "../../helpers/time_limits.js";

const work = mkdtempSync(join(tmpdir(), "dlc-compile-out-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Every file under `dir`, relative, sorted. */
function tree(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const e of readdirSync(join(dir, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(r);
      else out.push(r);
    }
  };
  walk("");
  return out.sort();
}

const INFO = { network: "net", source: "net.net" };
const V1 = new Map([
  ["net.js", "v1 js"],
  ["kernels/train/000_a.wgsl", "v1 a"],
  ["kernels/train/001_b.wgsl", "v1 b"],
]);
const V2 = new Map([
  ["net.js", "v2 js"],
  ["kernels/infer/000_a.wgsl", "v2 a"],
]);

describe("writeOutputFolder on real folders", () => {
  let base: string;
  beforeEach(() => {
    base = mkdtempSync(join(work, "w-"));
  });
  const leftovers = () => readdirSync(base).filter((n) => n.includes(".dlc-"));

  it("creates a new folder, parents included, with a marker listing the files", () => {
    const out = join(base, "a", "b", "out");
    writeOutputFolder(out, V1, INFO);
    expect(tree(out)).toEqual([MARKER, "kernels/train/000_a.wgsl", "kernels/train/001_b.wgsl", "net.js"]);
    expect(readFileSync(join(out, "net.js"), "utf8")).toBe("v1 js");
    expect(JSON.parse(readFileSync(join(out, MARKER), "utf8")).files).toEqual([...V1.keys()].sort());
  });

  it("fills an empty folder", () => {
    const out = join(base, "out");
    mkdirSync(out);
    writeOutputFolder(out, V1, INFO);
    expect(tree(out)).toContain("net.js");
    expect(leftovers()).toEqual([]);
  });

  it("replaces an earlier output: its stale files go, the files the user added stay", () => {
    const out = join(base, "out");
    writeOutputFolder(out, V1, INFO);
    writeFileSync(join(out, "README.md"), "mine");
    writeFileSync(join(out, "kernels", "train", "notes.txt"), "mine too");
    mkdirSync(join(out, "assets"));
    writeFileSync(join(out, "assets", "x.bin"), "mine as well");
    writeOutputFolder(out, V2, INFO);
    expect(tree(out)).toEqual([MARKER, "README.md", "assets/x.bin", "kernels/infer/000_a.wgsl", "kernels/train/notes.txt", "net.js"]);
    expect(readFileSync(join(out, "net.js"), "utf8")).toBe("v2 js");
    expect(readFileSync(join(out, "kernels", "train", "notes.txt"), "utf8")).toBe("mine too");
    expect(leftovers()).toEqual([]);
  });

  it("refuses a non-empty folder dlc did not write, and a user file in the way, changing nothing", () => {
    const foreign = join(base, "foreign");
    mkdirSync(foreign);
    writeFileSync(join(foreign, "net.js"), "the user's own");
    expect(() => writeOutputFolder(foreign, V1, INFO)).toThrow(/refusing to write into .*foreign.*has no \.dlc-output\.json.*new or empty folder/);
    expect(tree(foreign)).toEqual(["net.js"]);

    const out = join(base, "out");
    writeOutputFolder(out, V1, INFO);
    mkdirSync(join(out, "kernels", "infer"));
    writeFileSync(join(out, "kernels", "infer", "000_a.wgsl"), "the user's own kernel");
    expect(() => writeOutputFolder(out, V2, INFO)).toThrow(/'kernels\/infer' there was not written by dlc and the new output needs that name/);
    expect(readFileSync(join(out, "kernels", "infer", "000_a.wgsl"), "utf8")).toBe("the user's own kernel");
    expect(readFileSync(join(out, "net.js"), "utf8")).toBe("v1 js");
    expect(leftovers()).toEqual([]);
  });

  it("refuses a marker that is not dlc's", () => {
    const out = join(base, "out");
    mkdirSync(out);
    writeFileSync(join(out, MARKER), "{ not json");
    writeFileSync(join(out, "x"), "");
    expect(() => writeOutputFolder(out, V1, INFO)).toThrow(/not valid JSON/);
    expect(tree(out)).toEqual([MARKER, "x"]);
  });

  it("refuses an existing file as the folder", () => {
    const file = join(base, "file");
    writeFileSync(file, "keep me");
    expect(() => writeOutputFolder(file, V1, INFO)).toThrow(/exists and is not a folder/);
    expect(readFileSync(file, "utf8")).toBe("keep me");
    expect(() => writeOutputFolder(join(file, "sub"), V1, INFO)).toThrow(/a part of the path is not a folder/);
    expect(leftovers()).toEqual([]);
  });

  // Failures that need a full or read-only disk: one call of `op` (the
  // one after `after` successful ones) fails as the kernel would make it.
  const failing = (op: keyof OutputFs, code: string, after = 0): OutputFs => {
    let calls = 0;
    const fail = () => {
      if (calls++ === after) throw Object.assign(new Error(`${code}: injected`), { code });
    };
    return { ...nodeOutputFs, [op]: (...a: [string, string]) => (fail(), (nodeOutputFs[op] as (...x: [string, string]) => unknown)(...a)) };
  };

  it("a full disk halfway through a new output: exit-1 error with the path and reason, nothing left", () => {
    const out = join(base, "out");
    let err: unknown;
    try {
      writeOutputFolder(out, V1, INFO, failing("writeFile", "ENOSPC", 2));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(OutputError);
    expect(String(err)).toMatch(/cannot write '.*out\/kernels\/train\/001_b\.wgsl': no space left on the device/);
    expect(existsSync(out)).toBe(false);
    expect(leftovers()).toEqual([]);
  });

  it("a full disk while replacing an earlier output leaves the earlier one whole", () => {
    const out = join(base, "out");
    writeOutputFolder(out, V1, INFO);
    writeFileSync(join(out, "mine.txt"), "mine");
    const before = tree(out);
    expect(() => writeOutputFolder(out, V2, INFO, failing("writeFile", "ENOSPC", 1))).toThrow(OutputError);
    expect(tree(out)).toEqual(before);
    expect(readFileSync(join(out, "net.js"), "utf8")).toBe("v1 js");
    expect(leftovers()).toEqual([]);
  });

  it("a read-only file system: the folder cannot be created", () => {
    const out = join(base, "ro", "out");
    expect(() => writeOutputFolder(out, V1, INFO, failing("mkdir", "EROFS"))).toThrow(/cannot create the folder .*: the file system is read-only/);
    expect(existsSync(out)).toBe(false);
    expect(leftovers()).toEqual([]);
  });

  it("a failed swap (the last rename) puts the earlier output and the user's files back", () => {
    const out = join(base, "out");
    writeOutputFolder(out, V1, INFO);
    writeFileSync(join(out, "mine.txt"), "mine");
    const before = tree(out);
    // Renames: mine.txt into the new folder (1), the old folder aside (2), the new one into place (3, fails).
    expect(() => writeOutputFolder(out, V2, INFO, failing("rename", "EACCES", 2))).toThrow(/cannot replace .*permission denied/);
    expect(tree(out)).toEqual(before);
    expect(readFileSync(join(out, "mine.txt"), "utf8")).toBe("mine");
    expect(leftovers()).toEqual([]);
  });
});

// ------------------------------------------------------------ the command

// One compile of a tiny network is ~1 s idle; the limit catches a hang only.
const dlc = (args: string[]) => runDlc(["compile", ...args], { timeoutMs: limitFor(2) });

const NET = `network tiny {
  input x: [3]
  output y = x |> dense(2)
}
train tiny {
  loss mse(y, target: [2])
  optimizer sgd(lr = 0.1)
  batch = 8
}
`;

describe("dlc compile on special files and folders", () => {
  const dir = join(work, "cli");
  mkdirSync(dir);
  const net = join(dir, "tiny.net");
  writeFileSync(net, NET);

  it("refuses what it cannot read or write with exit 1 and a clear message, and writes nothing", async () => {
    writeFileSync(join(dir, "a-file"), "keep");
    expect(spawnSync("mkfifo", [join(dir, "fifo.net")]).status).toBe(0);
    symlinkSync("/dev/zero", join(dir, "zero.net"));
    const cases: [string[], RegExp][] = [
      [[net, "-o", join(dir, "a-file")], /a-file' exists and is not a folder/],
      [[join(dir, "fifo.net"), "-o", join(dir, "o1")], /fifo\.net': not a regular file/],
      [[join(dir, "zero.net"), "-o", join(dir, "o2")], /zero\.net': not a regular file/],
      [[dir, "-o", join(dir, "o3")], /it is a folder, not a \.net source file/],
      [[join(dir, "missing.net"), "-o", join(dir, "o4")], /missing\.net': no such file/],
    ];
    const runs = await Promise.all(cases.map(([a]) => dlc(a)));
    runs.forEach((r, i) => {
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toMatch(cases[i]![1]);
      expect(r.stderr).not.toMatch(/internal error|    at /);
    });
    expect(readFileSync(join(dir, "a-file"), "utf8")).toBe("keep");
    expect(readdirSync(dir).filter((n) => /^o\d$|\.dlc-/.test(n))).toEqual([]);
  });

  it("compiles at the training section's batch unless --batch says otherwise", async () => {
    const a = await dlc([net, "-o", join(dir, "out"), "--infer"]);
    expect(a.code, a.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, "out", "tiny.json"), "utf8")).batch).toBe(8);
    const b = await dlc([net, "-o", join(dir, "out"), "--infer", "--batch", "3"]);
    expect(b.code, b.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, "out", "tiny.json"), "utf8")).batch).toBe(3);
  });
});
