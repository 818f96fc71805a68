// npm ci's prepare step says when WebGPU cannot run here, and how to fix it.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { root as repoRoot } from "../helpers/cli.js";

const made: string[] = [];
/** A fake root holding the given files. */
function rootWith(files: string[]): string {
  const root = mkdtempSync(join(tmpdir(), "dlc-webgpu-note-"));
  made.push(root);
  for (const f of files) {
    mkdirSync(dirname(join(root, f)), { recursive: true });
    writeFileSync(join(root, f), "");
  }
  return root;
}

function note(root: string): string {
  const r = spawnSync(process.execPath, ["--import", "tsx", join(repoRoot, "scripts/webgpu_note.ts"), "--root", root], { encoding: "utf8", cwd: repoRoot });
  // A note never fails npm ci, and never writes to stdout.
  expect(r.status).toBe(0);
  expect(r.stdout).toBe("");
  return r.stderr;
}

afterAll(() => {
  for (const r of made) rmSync(r, { recursive: true, force: true });
});

describe("the prepare step's WebGPU note (Linux paths)", () => {
  const LOADER = "/usr/lib/x86_64-linux-gnu/libvulkan.so.1";
  const ICD = "/usr/lib/chromium/vk_swiftshader_icd.json";
  it("names what is missing and the command, without a GPU or SwiftShader", () => {
    const text = note(rootWith([LOADER]));
    expect(text).toContain("WebGPU cannot run on this machine yet: a GPU or SwiftShader (Debian's chromium package) missing");
    expect(text).toContain("scripts/install-test-deps.sh");
  });
  it("names the Vulkan loader when it is missing", () => {
    expect(note(rootWith([ICD]))).toContain("the Vulkan loader (libvulkan1)");
  });
  it("says nothing where SwiftShader or a GPU and the loader are there", () => {
    expect(note(rootWith([LOADER, ICD]))).toBe("");
    expect(note(rootWith([LOADER, "/dev/dri/renderD128"]))).toBe("");
  });
});
