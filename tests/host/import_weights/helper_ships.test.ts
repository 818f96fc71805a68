// The Python helper that reads .pt files ships with the package and is found
// from the built code: `npm pack` lists it (package.json "files"), and
// torchHelperPath finds it from dist/host/interop/import_weights/, where
// the compiled module lives and tsc copies no .py file.

import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { root } from "../../helpers/cli.js";
import { limitFor } from "../../helpers/time_limits.js";
import { torchHelperPath } from "../../../host/interop/import_weights/torch_source.js";

const HELPER = "host/interop/import_weights/torch_state_dict.py";

describe("the PyTorch helper ships", () => {
  it("is in the package npm packs", () => {
    const out = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
    const [pack] = JSON.parse(out) as { files: { path: string }[] }[];
    expect(pack!.files.map((f) => f.path)).toContain(HELPER);
  }, limitFor(8));

  it("is found from the source folder and from dist/", () => {
    expect(torchHelperPath()).toBe(join(root, HELPER));
    const built = pathToFileURL(join(root, "dist/host/interop/import_weights/torch_source.js")).href;
    const found = torchHelperPath(built);
    expect(existsSync(found)).toBe(true);
    expect(found.endsWith(HELPER)).toBe(true);
  });
});
