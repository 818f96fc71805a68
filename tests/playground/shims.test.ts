import * as real from "node:fs";
import { posix } from "node:path";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import * as page from "../../playground/src/shims/path.js";
import { virtualFs } from "../../playground/src/shims/virtual_fs.js";
import { fileURLToPath } from "../../playground/src/shims/url.js";

// The page's versions of node:path and node:fs (playground/src/shims/),
// held against Node's own: path.posix with the working folder "/", and
// the real file system over the real stdlib/ folder.

const PATHS = ["", ".", "/", "//", "a", "a/", "/a/b/../c", "a/./b//c/", "../a", "/../a", "a/../..", "std/blocks.net", "/stdlib/models/resnet18.net", "x/y/z/", "..", "a/b/../../.."];

describe("the page's node:path", () => {
  it("normalizes, joins, splits and compares paths as path.posix does", () => {
    for (const p of PATHS) {
      expect(page.normalize(p), `normalize(${JSON.stringify(p)})`).toBe(posix.normalize(p));
      expect(page.isAbsolute(p)).toBe(posix.isAbsolute(p));
      expect(page.dirname(p), `dirname(${JSON.stringify(p)})`).toBe(posix.dirname(p));
      expect(page.basename(p), `basename(${JSON.stringify(p)})`).toBe(posix.basename(p));
      expect(page.basename(p, ".net")).toBe(posix.basename(p, ".net"));
      expect(page.extname(p), `extname(${JSON.stringify(p)})`).toBe(posix.extname(p));
      for (const q of ["b", "/b", "../b", "", "b/c/"]) {
        expect(page.join(p, q), `join(${JSON.stringify(p)}, ${JSON.stringify(q)})`).toBe(posix.join(p, q));
        // The page's working folder is "/".
        expect(page.resolve(p, q), `resolve(${JSON.stringify(p)}, ${JSON.stringify(q)})`).toBe(posix.resolve("/", p, q));
        expect(page.relative(p, q), `relative(${JSON.stringify(p)}, ${JSON.stringify(q)})`).toBe(posix.relative(posix.resolve("/", p), posix.resolve("/", q)));
      }
    }
    expect(page.sep).toBe(posix.sep);
  });
});

/** Every file under dir, relative to it. */
function walk(dir: string): string[] {
  return real.readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((f) => real.statSync(join(dir, f)).isFile());
}

const codeOf = (f: () => unknown): string | undefined => {
  try {
    f();
    return undefined;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code;
  }
};

describe("the page's node:fs", () => {
  const stdlib = resolve("stdlib");
  const files = walk(stdlib);
  const vfs = virtualFs(Object.fromEntries(files.map((f) => [`/stdlib/${f}`, real.readFileSync(join(stdlib, f), "utf8")])));
  const v = (p: string) => `/stdlib${p}`;
  const r = (p: string) => `${stdlib}${p}`;

  it("reads, lists and stats the standard library as the real file system does", () => {
    expect(files.length).toBeGreaterThan(20);
    for (const f of files) {
      expect(vfs.readFileSync(v(`/${f}`))).toEqual(new Uint8Array(real.readFileSync(r(`/${f}`))));
      expect(vfs.statSync(v(`/${f}`)).size).toBe(real.statSync(r(`/${f}`)).size);
      expect(vfs.statSync(v(`/${f}`)).isFile()).toBe(true);
      // The descriptor path the compiler reads sources through.
      const fd = vfs.openSync(v(`/${f}`));
      const size = vfs.fstatSync(fd).size;
      const buf = new Uint8Array(size);
      let done = 0;
      while (done < size) done += vfs.readSync(fd, buf, done, Math.min(100, size - done), done);
      vfs.closeSync(fd);
      expect(new TextDecoder().decode(buf)).toBe(real.readFileSync(r(`/${f}`), "utf8"));
    }
    for (const d of ["", "/models", "/"]) {
      expect(vfs.readdirSync(v(d)), `readdir ${d}`).toEqual(real.readdirSync(r(d)).filter((n) => n.endsWith(".net") || real.statSync(join(r(d), n)).isDirectory()).sort());
      expect(vfs.statSync(v(d)).isDirectory()).toBe(true);
    }
    // No links in the page: a path is its own real path.
    expect(vfs.realpathSync.native(v("/models/"))).toBe("/stdlib/models");
  });

  it("fails with the real file system's error codes", () => {
    const cases: [string, (fs: typeof real | ReturnType<typeof virtualFs>, p: (s: string) => string) => unknown][] = [
      ["missing file", (fs, p) => fs.readFileSync(p("/nope.net"))],
      ["folder read as a file", (fs, p) => fs.readFileSync(p("/models"))],
      ["file listed as a folder", (fs, p) => fs.readdirSync(p("/blocks.net"))],
      ["missing folder", (fs, p) => fs.readdirSync(p("/nope"))],
      ["stat of a missing path", (fs, p) => fs.statSync(p("/nope/x.net"))],
      ["realpath of a missing path", (fs, p) => fs.realpathSync(p("/nope.net"))],
    ];
    for (const [what, f] of cases) {
      const want = codeOf(() => f(real, r));
      expect(want, what).toBeDefined();
      expect(codeOf(() => f(vfs, v)), what).toBe(want);
    }
    expect(vfs.existsSync(v("/blocks.net"))).toBe(true);
    expect(vfs.existsSync(v("/nope.net"))).toBe(false);
    expect(codeOf(() => vfs.writeFileSync(v("/x.net")))).toBe("EROFS");
  });
});

describe("the page's node:url", () => {
  it("gives a URL's path as fileURLToPath does for file URLs", async () => {
    const { fileURLToPath: node } = await import("node:url");
    for (const u of ["file:///work/main/x.js", "file:///a%20b/c.js"]) expect(fileURLToPath(u)).toBe(node(u));
    expect(fileURLToPath("http://127.0.0.1:8080/main.js")).toBe("/main.js");
  });
});
