// `dlc export --to pytorch` from the command line: a checkpoint comes along
// as NAME.safetensors (the network's tensors, not the optimizer's), and the
// exported file runs as a script on it; bad input (an unknown --to, ONNX's
// --batch, a missing file, a network that does not check, a checkpoint of
// another network, an output path that cannot be a folder) is a diagnostic and
// exit 1 with nothing written; the two files are written together or not
// at all.

import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checkFile } from "../../../../compiler/pipeline.js";
import { writeFilesTogether } from "../../../../host/export/pytorch/write_files.js";
import { FileWriteError } from "../../../../core/io/write_file_atomic.js";
import { loadCheckpoint, saveCheckpoint } from "../../../../runtime/checkpoint/checkpoint.js";
import { dlc, root } from "../../../helpers/cli.js";
import { limitFor } from "../../../helpers/time_limits.js";
import { randomParams } from "./cases.js";
import { runPython, TORCH_INSTALL, torchPython } from "./torch_python.js";

const LENET = join(root, "stdlib/models/lenet5.net");

describe("dlc export --to pytorch", () => {
  const dir = mkdtempSync(join(tmpdir(), "dlc-export-cli-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const at = (...p: string[]) => join(dir, ...p);

  it(
    "writes NAME.py and, with --weights, NAME.safetensors without the optimizer state; the file runs on them",
    async () => {
      const g = checkFile(LENET).graph!;
      const params = randomParams(g, 3).f32;
      const momentum = new Map([...g.params.values()].filter((p) => p.kind !== "buffer").map((p) => [`${p.name}/momentum_buffer`, new Float64Array(params.get(p.name)!.length).fill(0.5)]));
      saveCheckpoint(at("trained.safetensors"), g, params, { epoch: 2, step: 40, seed: 1, optimizer: momentum, optimizerKind: "sgd" });
      const r = await dlc(["export", LENET, "--to", "pytorch", "-o", at("out"), "--weights", at("trained.safetensors")], { timeoutMs: limitFor(5) });
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      expect(readdirSync(at("out")).sort()).toEqual(["lenet5.py", "lenet5.safetensors"]);
      // dlc reads the exported weights back as they were; the optimizer state is left behind.
      const back = loadCheckpoint(at("out", "lenet5.safetensors"), g);
      expect(back.optimizer.size).toBe(0);
      for (const [name, v] of params) expect(back.params.get(name), name).toEqual(v);
      // The file's own smoke run loads them (strictly, by name) and runs a batch.
      const py = await runPython([at("out", "lenet5.py"), at("out", "lenet5.safetensors")], { timeoutMs: limitFor(5) });
      expect(py.stderr).toBe("");
      expect(py.stdout).toBe("logits (2, 10)\nparameters: 60850\n");
    },
    limitFor(10),
  );

  const bad: { what: string; args: (out: string) => string[]; message: RegExp; setup?: () => void }[] = [
    { what: "an unknown --to", args: (out) => ["export", LENET, "--to", "caffe", "-o", out], message: /error: --to 'caffe' is not a format dlc exports to; expected one of: .*pytorch/ },
    { what: "a batch size (ONNX's option)", args: (out) => ["export", LENET, "--to", "pytorch", "-o", out, "--batch", "4"], message: /error: --batch applies to --to onnx; a PyTorch module takes any batch size/ },
    { what: "a missing file", args: (out) => ["export", at("nope.net"), "--to", "pytorch", "-o", out], message: /nope\.net/ },
    {
      what: "a network that does not check",
      setup: () => writeFileSync(at("broken.net"), "network broken {\n  input x: [3, 8, 8]\n  output y = x |> conv(4, kernal=3)\n}\n"),
      args: (out) => ["export", at("broken.net"), "--to", "pytorch", "-o", out],
      message: /error: conv 'conv1': conv has no attribute 'kernal'/,
    },
    {
      what: "a checkpoint of another network",
      setup: () => {
        const other = checkFile(join(root, "stdlib/models/multitask_localization.net")).graph!;
        saveCheckpoint(at("other.safetensors"), other, randomParams(other, 1).f32, { epoch: 0, step: 0, seed: 0 });
      },
      args: (out) => ["export", LENET, "--to", "pytorch", "-o", out, "--weights", at("other.safetensors")],
      message: /error: .*other\.safetensors: checkpoint does not fit network 'lenet5' \(nothing loaded\)/,
    },
  ];
  // Independent runs of the CLI: at once, as each mostly waits for its process.
  for (const b of bad) {
    it.concurrent(`refuses ${b.what} with a diagnostic, exit 1, nothing written`, async ({ expect }) => {
      b.setup?.();
      const out = at(`out-${b.what.replace(/\W+/g, "_")}`);
      const r = await dlc(b.args(out), { timeoutMs: limitFor(5) });
      expect(r.stderr).toMatch(b.message);
      expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
      expect(r.code).toBe(1);
      expect(existsSync(out)).toBe(false);
    });
  }

  it("refuses an output path that cannot be a folder, exit 1, nothing written", async () => {
    writeFileSync(at("a-file"), "x");
    const cases = [
      [at("a-file", "sub"), /cannot use '.*a-file\/sub' as the output folder: it, or a folder above it, is a file/],
      [at("a-file"), /cannot use '.*a-file' as the output folder: it, or a folder above it, is a file/],
      ["/proc/dlc-export-test", /cannot create the output folder '\/proc\/dlc-export-test': /],
    ] as const;
    const runs = await Promise.all(cases.map(([out]) => dlc(["export", LENET, "--to", "pytorch", "-o", out], { timeoutMs: limitFor(5) })));
    cases.forEach(([out, why], i) => {
      expect(runs[i]!.stderr, out).toMatch(why);
      expect(runs[i]!.code, out).toBe(1);
    });
    expect(readdirSync(dir).filter((f) => f.startsWith("lenet5"))).toEqual([]);
    expect(existsSync("/proc/dlc-export-test")).toBe(false);
  });

  it("needs python3 with torch, and says how to install it when there is none (the tests fail, never skip)", () => {
    writeFileSync(at("no_torch.sh"), '#!/bin/sh\n# python3 without its site packages: no torch\nexec python3 -S "$@"\n', { mode: 0o755 });
    for (const candidates of [[at("missing", "python3")], [at("no_torch.sh")]]) {
      expect(() => torchPython(candidates)).toThrow(`install it with ${TORCH_INSTALL}`);
    }
    expect(torchPython()).toMatch(/python3$/);
  });

  it("writes its files together: when one cannot be written, none is left", () => {
    mkdirSync(at("together"));
    const files = [
      { path: at("together", "net.py"), bytes: new TextEncoder().encode("print(1)\n") },
      { path: at("together", "missing-folder", "net.safetensors"), bytes: new Uint8Array(8) },
    ];
    expect(() => writeFilesTogether(files)).toThrow(FileWriteError);
    expect(readdirSync(at("together"))).toEqual([]);
    writeFilesTogether(files.slice(0, 1));
    expect(readdirSync(at("together"))).toEqual(["net.py"]);
  });
});
