// Start-up loads only what a command needs. Not a timing test (speed is
// measured in `npm run bench:compile`): it bounds the work instead, by
// recording every module a command loads and checking that `dlc --help`
// loads neither the parser nor the compiler, and that `dlc check` and
// `dlc summary` load no WebGPU, code generation, tuning or training.

import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { root } from "../../helpers/cli.js";

const work = mkdtempSync(join(tmpdir(), "dlc-startup-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

// A module hook that appends the URL of every module loaded to a file, from
// the hooks thread itself (synchronously, so that none is lost at exit).
const HOOKS = join(work, "hooks.mjs");
writeFileSync(
  HOOKS,
  `import { appendFileSync } from "node:fs";
let log;
export function initialize(data) { log = data.log; }
export async function load(url, context, next) {
  appendFileSync(log, url + "\\n");
  return next(url, context);
}
`,
);
const REGISTER = join(work, "register.mjs");
writeFileSync(REGISTER, `import { register } from "node:module";\nregister(${JSON.stringify(pathToFileURL(HOOKS).href)}, { data: { log: process.env.DLC_MODULE_LOG } });\n`);

/** The modules a command loads, as paths relative to the repository (node_modules/PKG/… for packages). */
function modulesOf(name: string, args: string[]): Promise<string[]> {
  const log = join(work, `${name}.log`);
  writeFileSync(log, "");
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ["--import", "tsx", "--import", pathToFileURL(REGISTER).href, "host/cli/run.ts", ...args], {
      cwd: root,
      env: { ...process.env, NO_COLOR: "1", DLC_MODULE_LOG: log },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (s: string) => (stderr += s));
    child.on("error", fail);
    child.on("close", (code) => {
      if (code !== 0) return fail(new Error(`dlc ${args.join(" ")} exited ${code}: ${stderr}`));
      const prefix = pathToFileURL(root).href + "/";
      done(readFileSync(log, "utf8").split("\n").filter((u) => u.startsWith(prefix)).map((u) => u.slice(prefix.length).replace(/\?.*$/, "")));
    });
  });
}

/** What only training, compiling, tuning or a device need. */
const HEAVY = [/^node_modules\/webgpu\//, /^runtime\/webgpu\//, /^host\/training\//, /^compiler\/codegen\//, /^ops\/templates\//, /^ops\/\w+\/kernel\.ts$/, /^host\/tune\//, /^host\/cli\/(compile|tune|doctor|gradcheck|run_command|train_run|eval_run)\.ts$/];

describe("modules loaded at start-up", () => {
  const lenet = "stdlib/models/lenet5.net";

  it("dlc --help: the CLI's definitions only, no parser or compiler", async () => {
    const loaded = await modulesOf("help", ["--help"]);
    expect(loaded).toContain("host/cli/main.ts");
    const parserOrCompiler = loaded.filter((m) => /^(grammar\/|compiler\/(pipeline|passes|elaborate)\b|ops\/|node_modules\/(chevrotain|lodash-es)\/)/.test(m));
    expect(parserOrCompiler).toEqual([]);
    expect(loaded.filter((m) => HEAVY.some((h) => h.test(m)))).toEqual([]);
  });

  it("dlc check and dlc summary: the parser and the passes, nothing of WebGPU, codegen, tuning or training", async () => {
    const [check, summary] = await Promise.all([modulesOf("check", ["check", lenet]), modulesOf("summary", ["summary", lenet])]);
    for (const loaded of [check, summary]) {
      expect(loaded).toContain("compiler/pipeline.ts");
      expect(loaded.filter((m) => HEAVY.some((h) => h.test(m)))).toEqual([]);
    }
  });
});
