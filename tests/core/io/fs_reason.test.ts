// The one table of file-system reasons every command's messages use.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fsCode, fsReason } from "../../../core/io/fs_reason.js";
import { makeFolder } from "../../../core/io/make_folder.js";

const errno = (code: string) => Object.assign(new Error(`${code}: boom`), { code });

describe("fsReason", () => {
  it("says a known code in words, with the code", () => {
    expect(fsReason(errno("EROFS"))).toBe("the file system is read-only (EROFS)");
    expect(fsReason(errno("ENOSPC"))).toBe("no space left on the device (ENOSPC)");
  });
  it("gives an unknown code as it is, and an error without one by its message", () => {
    expect(fsReason(errno("EWEIRD"))).toBe("EWEIRD");
    expect(fsReason(new Error("plain"))).toBe("plain");
    expect(fsCode(new Error("plain"))).toBeUndefined();
  });
  it("explains a real failure: a folder under a file", () => {
    const dir = mkdtempSync(join(tmpdir(), "dlc-fs-reason-"));
    try {
      writeFileSync(join(dir, "file"), "");
      let caught: unknown;
      try {
        makeFolder(join(dir, "file", "sub", "deeper"));
      } catch (e) {
        caught = e;
      }
      expect(fsReason(caught)).toBe("a part of the path is not a folder (ENOTDIR)");
      makeFolder(join(dir, "a", "b", "c"));
      makeFolder(join(dir, "a", "b", "c")); // an existing folder is fine
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
