import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join, resolve } from "node:path";
import { build } from "esbuild";
import { afterAll, describe, expect, it } from "vitest";
import { limitFor } from "../helpers/time_limits.js";
import { compile } from "../../compiler/index.js";
import { checkFile } from "../../compiler/pipeline.js";
import { execute } from "../../reference/executor.js";
import { initParams } from "../../compiler/passes/init_rules.js";
import { Rng } from "../../core/tensor/rng.js";
import { fromArray } from "../../core/tensor/tensor.js";

// A compiled module in a real browser: headless Chromium with WebGPU on
// SwiftShader (Debian's chromium package, which scripts/install-test-deps.sh
// installs and the test set-up checks for), the module
// and dlc's runtime bundled for the browser, navigator.gpu for the device.
// The page posts its results back; they must match the reference executor.

const source = `
network small(classes = 3) {
  input image: [2, 6, 6]
  x = image |> conv(4, k=3, p=1, bias=false) |> bn |> relu |> maxpool(k=2)
  output logits = x |> flatten |> dense(classes)
}
train small { loss cross_entropy(logits, label)\n optimizer sgd(lr = 0.1, momentum = 0.9)\n seed = 2 }`;
const BATCH = 2;
const dir = resolve("tmp", `browser-test-${process.pid}`);
let server: Server | undefined;
let browser: ChildProcess | undefined;

afterAll(async () => {
  if (browser?.pid !== undefined && browser.exitCode === null) {
    const exited = new Promise((ok) => browser!.once("exit", ok));
    // SIGTERM lets Chromium end its renderer and GPU processes; the group gets it too.
    process.kill(-browser.pid, "SIGTERM");
    await exited;
  }
  server?.close();
  rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
});

describe("a compiled module in Chromium", () => {
  it("creates itself on navigator.gpu, runs forward like the reference and trains", { timeout: limitFor(8) }, async () => {
    const r = compile(source, { path: "small.net", batch: BATCH });
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    for (const [rel, text] of r.files!) {
      mkdirSync(join(dir, rel, ".."), { recursive: true });
      writeFileSync(join(dir, rel), text);
    }
    const rng = new Rng(4);
    const image = Array.from({ length: BATCH * 72 }, () => Math.fround(rng.normal()));
    writeFileSync(
      join(dir, "entry.ts"),
      `import { Small } from "./small.js";
const report = (body: unknown) => fetch("/result", { method: "POST", body: JSON.stringify(body) });
try {
  const net = await Small.create();
  const image = Float32Array.from(${JSON.stringify(image)});
  const { logits } = await net.eval().forward({ image });
  const losses = [];
  for (let s = 0; s < 3; s++) losses.push((await net.trainStep({ image, label: Int32Array.from([0, 2]) })).loss);
  await report({ logits: Array.from(logits), losses, adapter: navigator.gpu ? "navigator.gpu" : "none" });
} catch (e) {
  await report({ error: String(e) });
}
`,
    );
    await build({
      entryPoints: [join(dir, "entry.ts")],
      bundle: true,
      format: "esm",
      platform: "browser",
      target: "es2022",
      outfile: join(dir, "bundle.js"),
      alias: { "dlc/runtime": resolve("runtime/index.ts") },
      // Node-only paths (checkpoint files, Dawn) are loaded dynamically and never run in the page.
      external: ["node:*", "webgpu"],
      logLevel: "silent",
    });
    writeFileSync(join(dir, "index.html"), `<!doctype html><script type="module" src="bundle.js"></script>`);

    const result = new Promise<Record<string, unknown>>((done) => {
      server = createServer((req, res) => {
        if (req.method === "POST") {
          let body = "";
          req.on("data", (c) => (body += c));
          req.on("end", () => {
            res.end("ok");
            done(JSON.parse(body) as Record<string, unknown>);
          });
          return;
        }
        const file = req.url === "/" ? "index.html" : req.url!.slice(1);
        try {
          res.setHeader("content-type", file.endsWith(".js") ? "text/javascript" : "text/html");
          res.end(readFileSync(join(dir, file)));
        } catch {
          res.statusCode = 404;
          res.end();
        }
      });
      server.listen(0, "127.0.0.1");
    });
    await new Promise((ok) => server!.once("listening", ok));
    const port = (server!.address() as AddressInfo).port;
    browser = spawn("/usr/bin/chromium", [
      "--headless=new", "--no-sandbox", "--enable-unsafe-webgpu", "--use-webgpu-adapter=swiftshader",
      "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
      `--user-data-dir=${join(dir, "profile")}`, `http://127.0.0.1:${port}/`,
    ], { stdio: "ignore", detached: true });
    // A page that never reports fails before the test's own limit, saying so.
    const pageLimit = limitFor(8) - 10_000;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<Record<string, unknown>>((_, no) => (timer = setTimeout(() => no(new Error(`the page did not report within ${pageLimit / 1000} s`)), pageLimit)));
    const got = await Promise.race([result, late]).finally(() => clearTimeout(timer));
    expect(got.error).toBeUndefined();
    expect(got.adapter).toBe("navigator.gpu");

    const g = checkFile("small.net", { text: source }).graph!;
    const ref = execute(g, { feeds: new Map([["image", fromArray([BATCH, 2, 6, 6], image, "f32")]]), params: initParams(g, 2, "f32"), precision: "f32" });
    const want = ref.values[g.outputs[0]!.node]!.data;
    const logits = got.logits as number[];
    const scale = Math.max(...Array.from(want, Math.abs));
    expect(Math.max(...logits.map((v, i) => Math.abs(v - want[i]!))) / scale).toBeLessThan(1e-4);
    const losses = got.losses as number[];
    expect(losses[2]!).toBeLessThan(losses[0]!);
  });
});
