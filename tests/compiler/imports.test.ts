// Imports are confined: std/ stays inside stdlib/, other imports inside the
// project root (the main file's folder), stdlib/ or folders allowed with
// allowImports (--allow-import), with symbolic links resolved first. A
// refused import names the import, where it resolves, the root and the
// flag, and never shows the refused file's text. Files outside are made
// in a temporary folder here.

import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stdlibDir } from "../../compiler/elaborate/modules.js";
import { checkFile, type CompileOptions } from "../../compiler/pipeline.js";

let base: string;
let project: string;
let outside: string;
/** A line only the secret file holds: it must never appear in a diagnostic. */
const SECRET = "network secret_first_line_do_not_show {";

const main = (imp: string) => `import "${imp}"\nnetwork main {\n  input i: [3, 8, 8]\n  output o = i |> twice\n}\n`;

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), "dlc-imports-"));
  project = join(base, "a", "b", "project");
  outside = join(base, "x");
  mkdirSync(join(project, "lib"), { recursive: true });
  mkdirSync(outside);
  writeFileSync(join(outside, "secret.net"), `${SECRET}\n  broken\n`);
  writeFileSync(join(outside, "shared.net"), "block twice() (x) {\n  return x |> relu |> relu\n}\n");
  writeFileSync(join(project, "lib", "common.net"), "block twice() (x) {\n  return x |> relu |> relu\n}\n");
  symlinkSync(join(outside, "secret.net"), join(project, "lib", "link.net"));
  symlinkSync(outside, join(project, "lib", "linked_folder"));
  symlinkSync(join(project, "lib", "common.net"), join(project, "lib", "inner_link.net"));
  symlinkSync("loop_b.net", join(project, "lib", "loop_a.net"));
  symlinkSync("loop_a.net", join(project, "lib", "loop_b.net"));
  mkdirSync(join(project, "lib", "folder.net"));
});

afterAll(() => {
  if (base) rmSync(base, { recursive: true, force: true });
});

function check(imp: string, opts: CompileOptions = {}) {
  const path = join(project, "main.net");
  writeFileSync(path, main(imp));
  const r = checkFile(path, opts);
  const errors = r.diagnostics.filter((d) => d.severity === "error");
  const text = r.diagnostics.map((d) => [d.message, d.expected ?? "", ...(d.notes ?? [])].join("\n")).join("\n");
  return { r, errors, text };
}

describe("imports that leave the project are refused", () => {
  const escapes = () => [
    ["an absolute path", join(outside, "secret")],
    ["a relative path up and out", "../../../x/secret"],
    ["std/ with .. out of stdlib", `std/${relative(stdlibDir(), join(outside, "secret"))}`],
  ];

  it.each([0, 1, 2])("escape %i: refused with the import, the resolved path, the root and the flag", (i) => {
    const [what, imp] = escapes()[i]!;
    const { errors, text } = check(imp!);
    expect(errors, what).toHaveLength(1);
    const m = errors[0]!.message;
    expect(m).toContain(`import "${imp}" resolves to '${join(outside, "secret.net")}'`);
    if (imp!.startsWith("std/")) {
      expect(m).toContain(`outside the standard library '${stdlibDir()}'`);
    } else {
      expect(m).toContain(`outside the project root '${project}'`);
      expect(text).toContain(`--allow-import ${outside}`);
    }
    expect(errors[0]!.span?.source.path).toBe(join(project, "main.net"));
    expect(text).not.toContain("secret_first_line");
  });

  it("a symbolic link inside the root to a file outside is refused", () => {
    const { errors, text } = check("lib/link");
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toContain(`resolves to '${join(outside, "secret.net")}'`);
    expect(errors[0]!.message).toContain(`outside the project root '${project}'`);
    expect(text).not.toContain("secret_first_line");
  });

  it("a symbolic link to a folder outside is refused too", () => {
    const { errors } = check("lib/linked_folder/shared");
    expect(errors.map((d) => d.message)).toEqual([expect.stringContaining(`resolves to '${join(outside, "shared.net")}'`)]);
  });

  it("an import path with control characters is refused", () => {
    const { errors } = check("lib/\\u001b[2Jcommon");
    expect(errors.map((d) => d.message)).toEqual([expect.stringContaining("a path may not contain control characters")]);
  });
});

describe("imports that stay inside are read", () => {
  it("a relative import inside the root, and a link that stays inside", () => {
    expect(check("lib/common").errors).toEqual([]);
    expect(check("lib/inner_link").errors).toEqual([]);
  });

  it("std/ imports and a relative import into stdlib/", () => {
    const r = check("std/blocks");
    // std/blocks declares no 'twice': the import itself is accepted.
    expect(r.errors.map((d) => d.message)).toEqual(["unknown name 'twice'"]);
  });

  it("a folder allowed with allowImports (--allow-import) may be read", () => {
    expect(check(join(outside, "shared"), { allowImports: [outside] }).errors).toEqual([]);
    expect(check("../../../x/shared", { allowImports: [outside] }).errors).toEqual([]);
    expect(check("lib/linked_folder/shared", { allowImports: [outside] }).errors).toEqual([]);
  });

  it("allowing one folder does not allow its neighbours", () => {
    const { errors } = check(join(outside, "shared"), { allowImports: [join(base, "a")] });
    expect(errors[0]!.message).toContain(`or the folders allowed ('${join(base, "a")}')`);
  });
});

describe("an import that cannot be read says why", () => {
  it.each([
    ["lib/missing", "no such file"],
    ["lib/loop_a", "a loop of symbolic links"],
    ["lib/folder", "it is a folder, not a .net source file"],
  ])("%s: %s", (imp, why) => {
    const { errors } = check(imp);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toContain(why);
    expect(errors[0]!.span?.source.path).toBe(join(project, "main.net"));
  });
});
