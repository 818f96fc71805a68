// `dlc train` as a user meets it, on the float64 reference backend with a
// tiny network and 12 samples written here (each run does a few hundred
// multiply-adds; the cost is the process start): a network without a
// training section trains with stated defaults, --loss/--optimizer
// override, options are validated before any work, --out problems are
// exit 1 with the path, a checkpoint in --out is never replaced silently,
// a second run on the same --out is refused by the lock, and registering
// the commands loads no training code.

import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkFile } from "../../../compiler/pipeline.js";
import { LOCK_NAME } from "../../../host/cli/run_lock.js";
import { loadCheckpoint } from "../../../runtime/checkpoint/checkpoint.js";
import { limitFor } from "../../helpers/time_limits.js";
import { dlc, expectClean, loadedBy, root, writeImportingMlp, writeMlpData, MLP, MLP_TRAINED, type Run } from "./train_cli_helpers.js";

const tmp = mkdtempSync(join(tmpdir(), "dlc-train-cli-"));
const net = join(tmp, "mlp.net");
const trained = join(tmp, "trained.net");
const data = join(tmp, "data");
beforeAll(() => {
  writeFileSync(net, MLP);
  writeFileSync(trained, MLP_TRAINED);
  writeMlpData(data);
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const ref = (file: string, ...more: string[]) => ["train", file, "--data", data, "--backend", "reference", ...more];
const graphOf = (file: string) => checkFile(file).graph!;
const epochs = (r: Run) => r.stdout.trim().split("\n").map((l) => JSON.parse(l) as { epoch: number; loss: number; lr: number });
const count = (text: string, part: string) => text.split(part).length - 1;

// Each test spawns a few CLI runs of ~1 s idle; the limit catches hangs only.
const LIMIT = limitFor(10);

describe("dlc train without a training section", () => {
  it("trains with the stated defaults, says so once, and saves the run", { timeout: LIMIT }, async () => {
    const out = join(tmp, "defaults");
    const r = await dlc(ref(net, "--epochs", "2", "--json", "--out", out));
    expect(r.code, r.stderr).toBe(0);
    expectClean(r);
    expect(count(r.stderr, "has no training section")).toBe(1);
    expect(r.stderr).toContain("training it with cross_entropy(logits, label) and sgd(lr = 0.1, momentum = 0.9)");
    expect(r.stderr).not.toContain("add one");
    expect(epochs(r).map((e) => e.epoch)).toEqual([1, 2]);
    const ckpt = loadCheckpoint(join(out, "last.safetensors"), graphOf(net));
    expect(ckpt.counters).toEqual({ epoch: 2, step: 2, seed: 0 });
    expect(ckpt.optimizerKind).toBe("sgd");
  });

  it("--optimizer and --lr choose another optimizer, and it is the one that runs", { timeout: LIMIT }, async () => {
    const out = join(tmp, "adam");
    const [sgd, adam] = await Promise.all([dlc(ref(net, "--epochs", "2", "--json")), dlc(ref(net, "--epochs", "2", "--json", "--optimizer", "adam", "--lr", "0.01", "--out", out))]);
    expect(sgd.code, sgd.stderr).toBe(0);
    expect(adam.code, adam.stderr).toBe(0);
    expect(adam.stderr).toContain("and adam(lr = 0.01)");
    expect(epochs(adam).map((e) => e.lr)).toEqual([0.01, 0.01]);
    // Same start (seed 0), different updates: the second epoch's loss differs.
    expect(epochs(adam)[0]!.loss).toBe(epochs(sgd)[0]!.loss);
    expect(epochs(adam)[1]!.loss).not.toBe(epochs(sgd)[1]!.loss);
    expect(loadCheckpoint(join(out, "last.safetensors"), graphOf(net)).optimizerKind).toBe("adam");
  });

  it("--optimizer replaces a training section's optimizer with a note; --loss on several heads and unknown names are usage errors", { timeout: LIMIT }, async () => {
    const two = join(tmp, "two.net");
    writeFileSync(two, "network two {\n  input x: [4]\n  h = x |> dense(8) |> relu\n  output logits = h |> dense(3)\n  output value = h |> dense(1)\n}\n");
    const [replaced, heads, loss, optimizer] = await Promise.all([
      dlc(ref(trained, "--epochs", "1", "--optimizer", "adam", "--json")),
      dlc(ref(two, "--loss", "mse")),
      dlc(ref(net, "--loss", "hinge")),
      dlc(ref(net, "--optimizer", "rmsprop")),
    ]);
    expect(replaced.code, replaced.stderr).toBe(0);
    expect(replaced.stderr).toContain("--optimizer adam replaces the training section's sgd(lr = 0.05, momentum = 0.9): adam(lr = 0.001)");
    expect(epochs(replaced)[0]!.lr).toBe(0.001);
    expect(heads.code).toBe(2);
    expect(heads.stderr).toContain("'two' has 2 outputs (logits, value)");
    expect(loss.code).toBe(2);
    expect(loss.stderr).toContain("unknown loss 'hinge' (expected one of cross_entropy, bce, mse, smooth_l1)");
    expect(optimizer.code).toBe(2);
    expect(optimizer.stderr).toContain("unknown optimizer 'rmsprop' (expected one of sgd, adam, adamw)");
    for (const r of [heads, loss, optimizer]) {
      expectClean(r);
      expect(r.stdout).toBe("");
    }
  });
});

describe("dlc train options are checked before any work", () => {
  it("refuses a seed the generators would wrap or the checkpoint would reject, and creates nothing", { timeout: LIMIT }, async () => {
    const out = join(tmp, "seeds");
    const [huge, wraps, top] = await Promise.all([
      dlc(ref(net, "--seed", "99999999999999999999", "--out", out)),
      dlc(ref(net, "--seed", "4294967296", "--out", out)),
      dlc(ref(net, "--seed", "4294967295", "--out", join(tmp, "top"))),
    ]);
    for (const r of [huge, wraps]) {
      expect(r.code, r.stderr).toBe(2);
      expectClean(r);
      expect(r.stderr).toContain("--seed expects a whole number from 0 to 4294967295");
      expect(r.stdout).toBe("");
    }
    expect(existsSync(out)).toBe(false);
    expect(top.code, top.stderr).toBe(0);
    expect(loadCheckpoint(join(tmp, "top", "last.safetensors"), graphOf(net)).counters?.seed).toBe(4294967295);
  });

  it("--out that is a file or cannot be made is exit 1 with the path and the reason", { timeout: LIMIT }, async () => {
    const file = join(tmp, "a-file");
    writeFileSync(file, "mine");
    const escaping = join(tmp, "a\x1b[2Jfile");
    writeFileSync(escaping, "mine");
    const [isFile, under, escaped] = await Promise.all([dlc(ref(net, "--out", file)), dlc(ref(net, "--out", join(file, "run"))), dlc(ref(net, "--out", escaping))]);
    expect(isFile.code, isFile.stderr).toBe(1);
    expect(isFile.stderr).toContain(`--out '${file}' is a file, not a folder`);
    expect(under.code, under.stderr).toBe(1);
    expect(under.stderr).toContain(join(file, "run"));
    expect(under.stderr).toContain("ENOTDIR");
    for (const r of [isFile, under]) {
      expectClean(r);
      expect(r.stdout).toBe(""); // refused before training
    }
    expect(readFileSync(file, "utf8")).toBe("mine");
    // A path with an ESC byte is shown escaped, never sent raw to the terminal.
    expect(escaped.code, escaped.stderr).toBe(1);
    expect(escaped.stderr).toContain("a\\x1b[2Jfile' is a file");
    expect(escaped.stderr).not.toContain("\x1b");
  });
});

describe("dlc train keeps the runs in --out", () => {
  it("refuses to replace a checkpoint unless --overwrite, naming --resume and --overwrite", { timeout: LIMIT }, async () => {
    const out = join(tmp, "keep");
    const first = await dlc(ref(net, "--epochs", "3", "--out", out));
    expect(first.code, first.stderr).toBe(0);
    const ckpt = join(out, "last.safetensors");
    const before = readFileSync(ckpt);

    const again = await dlc(ref(net, "--epochs", "1", "--out", out));
    expect(again.code, again.stderr).toBe(1);
    expectClean(again);
    expect(again.stderr).toContain(`'${ckpt}' already holds a checkpoint`);
    expect(again.stderr).toContain("--resume");
    expect(again.stderr).toContain("--overwrite");
    expect(again.stdout).toBe("");
    expect(readFileSync(ckpt).equals(before)).toBe(true);
    expect(existsSync(join(out, LOCK_NAME))).toBe(false); // the refused run released its lock

    const replaced = await dlc(ref(net, "--epochs", "1", "--out", out, "--overwrite"));
    expect(replaced.code, replaced.stderr).toBe(0);
    expect(loadCheckpoint(ckpt, graphOf(net)).counters?.epoch).toBe(1);
  });

  it("refuses a second run while a live run holds the lock, and leaves both its lock and the checkpoint alone", { timeout: LIMIT }, async () => {
    const out = join(tmp, "locked");
    mkdirSync(out);
    const ckpt = join(out, "last.safetensors");
    const first = await dlc(ref(net, "--out", out));
    expect(first.code, first.stderr).toBe(0);
    const before = readFileSync(ckpt);
    // A run in progress, as this process: it is alive for the whole test.
    const lock = join(out, LOCK_NAME);
    const held = JSON.stringify({ pid: process.pid, host: hostname(), started: "2026-01-01T00:00:00.000Z", token: "the-first-run" });
    writeFileSync(lock, held);
    const second = await dlc(ref(net, "--out", out, "--overwrite"));
    expect(second.code, second.stderr).toBe(1);
    expectClean(second);
    expect(second.stderr).toContain(`another dlc train is using the run folder '${out}': pid ${process.pid}`);
    expect(second.stderr).toContain(lock);
    expect(second.stdout).toBe("");
    expect(readFileSync(lock, "utf8")).toBe(held);
    expect(readFileSync(ckpt).equals(before)).toBe(true);
    rmSync(lock);
  });

  it("takes over the lock of a run that died (kill -9), with a note, and releases its own on success and on failure", { timeout: LIMIT }, async () => {
    const out = join(tmp, "stale");
    mkdirSync(out);
    const lock = join(out, LOCK_NAME);
    const gone = spawnSync(process.execPath, ["-e", ""]).pid; // has exited: its pid names no process
    writeFileSync(lock, JSON.stringify({ pid: gone, host: hostname(), started: "2026-01-01T00:00:00.000Z", token: "dead" }));
    const r = await dlc(ref(net, "--out", out));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`took over the stale lock '${lock}'`);
    expect(r.stderr).toContain(`pid ${gone}`);
    expect(existsSync(join(out, "last.safetensors"))).toBe(true);
    expect(existsSync(lock)).toBe(false);

    const failed = await dlc(["train", net, "--data", join(tmp, "no-such-data"), "--backend", "reference", "--out", out, "--overwrite"]);
    expect(failed.code, failed.stderr).toBe(1);
    expectClean(failed);
    expect(existsSync(lock)).toBe(false);
  });
});

describe("the run lock on the ways out", () => {
  it("is removed when the holder is stopped by SIGTERM or SIGINT, and the holder still dies of that signal", { timeout: LIMIT }, async () => {
    for (const signal of ["SIGTERM", "SIGINT"] as const) {
      const dir = join(tmp, `signal-${signal}`);
      mkdirSync(dir);
      const script = 'const { acquireRunLock } = await import(process.argv[1]); acquireRunLock(process.argv[2], () => {}); process.stdout.write("locked\\n"); setInterval(() => {}, 1000);';
      const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script, join(root, "host/cli/run_lock.ts"), dir], { cwd: root, stdio: ["ignore", "pipe", "inherit"], timeout: LIMIT, killSignal: "SIGKILL" });
      // Wait for the lock, not for a time.
      await new Promise<void>((locked) => child.stdout.setEncoding("utf8").on("data", (t: string) => t.includes("locked") && locked()));
      expect(existsSync(join(dir, LOCK_NAME))).toBe(true);
      const ended = new Promise<NodeJS.Signals | null>((done) => child.on("close", (_code, sig) => done(sig)));
      child.kill(signal);
      expect(await ended).toBe(signal);
      expect(existsSync(join(dir, LOCK_NAME))).toBe(false);
    }
  });
});

describe("dlc train --allow-import", () => {
  it("lets a network import from an allowed folder outside its own", { timeout: LIMIT }, async () => {
    const { lib, file } = writeImportingMlp(tmp);
    const [refused, allowed] = await Promise.all([dlc(ref(file)), dlc(ref(file, "--allow-import", lib))]);
    expect(refused.code, refused.stderr).toBe(1);
    expectClean(refused);
    expect(refused.stderr).toContain("--allow-import");
    expect(allowed.code, allowed.stderr).toBe(0);
  });
});

describe("registering train and eval loads no training code", () => {
  it("train.ts and eval.ts reach neither WebGPU, the loops, checkpoints nor the data loader through static imports", () => {
    const heavy = /^(webgpu|runtime\/webgpu\/|host\/(training|checkpoint|data)\/|compiler\/(codegen|pipeline\.ts))/;
    for (const entry of ["host/cli/train.ts", "host/cli/eval.ts"]) {
      const loaded = loadedBy(entry);
      expect(loaded).toContain(entry);
      expect([...loaded].filter((f) => heavy.test(f))).toEqual([]);
    }
    // The walk does follow imports: the runners do load them.
    expect(loadedBy("host/cli/train_run.ts")).toContain("host/training/gpu_loop.ts");
    expect(loadedBy("host/cli/eval_run.ts")).toContain("runtime/webgpu/device.ts");
  });
});
