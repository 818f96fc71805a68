import { copyFileSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, resolve } from "node:path";
import puppeteer, { type Browser, type Page } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { limitFor } from "../helpers/time_limits.js";
import { checkFile } from "../../compiler/pipeline.js";
import { buildPlayground } from "../../playground/build.js";
import { EXAMPLE } from "../../playground/src/example.js";
import { SOURCE_NAME } from "../../playground/src/check.js";
import type { PlaygroundHooks } from "../../playground/src/hooks.js";

// The playground as a person uses it: built as `npm run build:playground`
// builds it, served from a static server, opened in headless Chromium with
// WebGPU on SwiftShader (Debian's chromium package, as tests/browser/ runs
// it, with the same flags), driven with puppeteer-core: the page loads
// without a console error, a typed error shows the compiler's diagnostic
// and a fix clears it, and Train trains the example network with its loss
// falling on the chart. A second page without navigator.gpu says so when
// Train is pressed. The screenshot lands in tmp/playground.png.

const dir = resolve("tmp", `playground-test-${process.pid}`);
const SCREENSHOT = resolve("tmp", "playground.png");
const STEPS = 20;
/** The flags tests/browser/ gives Chromium: WebGPU on SwiftShader, nothing fetched from outside. */
const CHROMIUM_FLAGS = [
  "--no-sandbox", "--enable-unsafe-webgpu", "--use-webgpu-adapter=swiftshader",
  "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
];
const TYPES: Readonly<Record<string, string>> = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".map": "application/json" };

let server: Server | undefined;
let browser: Browser | undefined;
let base = "";

beforeAll(async () => {
  const out = await buildPlayground({ outdir: join(dir, "site") });
  server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    const file = path === "/" ? "index.html" : path.slice(1);
    try {
      if (file.includes("..")) throw new Error("outside the site");
      const body = readFileSync(join(out, file));
      res.setHeader("content-type", TYPES[extname(file)] ?? "application/octet-stream");
      res.end(body);
    } catch {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise<void>((ok) => server!.listen(0, "127.0.0.1", ok));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  browser = await puppeteer.launch({ executablePath: "/usr/bin/chromium", headless: true, args: CHROMIUM_FLAGS, userDataDir: join(dir, "profile") });
}, limitFor(6));

afterAll(async () => {
  await browser?.close();
  server?.close();
  rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
});

/** A fresh page whose console errors and uncaught exceptions are collected. */
async function open(before?: (p: Page) => Promise<void>): Promise<{ page: Page; errors: string[] }> {
  const page = await browser!.newPage();
  await page.setViewport({ width: 1440, height: 900 });
  // Waits end with the test's own limit (a hang, not slowness, fails: tests/helpers/time_limits.ts).
  page.setDefaultTimeout(0);
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(`console: ${m.text()}`);
  });
  page.on("pageerror", (e) => errors.push(`uncaught: ${e instanceof Error ? e.message : String(e)}`));
  page.on("requestfailed", (r) => errors.push(`request failed: ${r.url()}`));
  await before?.(page);
  await page.goto(base);
  // The first check has run once the hooks report checked text.
  await page.waitForFunction(() => (window.playground?.checkedText() ?? "") !== "");
  return { page, errors };
}

/** The editor's lint diagnostics once the check of `text` has run. */
async function diagnosticsOf(page: Page, text: string): Promise<{ from: number; to: number; severity: string; message: string }[]> {
  // The linter sets its marks in a microtask right after the check, before any poll can run.
  await page.waitForFunction((t) => window.playground?.checkedText() === t && window.playground.view.state.doc.toString() === t, {}, text);
  return page.evaluate(() => window.playground!.diagnostics());
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe("the playground in Chromium", () => {
  it("checks as you type, trains the example on WebGPU with a falling loss, and stops", { timeout: limitFor(20) }, async () => {
    const { page, errors } = await open();
    expect(await page.evaluate(() => window.playground!.view.state.doc.toString())).toBe(EXAMPLE);
    expect(await page.$eval("#problems", (e) => e.textContent)).toContain("No problems");
    // The summary and the graph show the example network.
    expect(await page.$eval("#summary", (e) => e.textContent)).toContain("network shapes");
    await page.waitForSelector("#graph svg");
    expect(await page.$eval("#graph svg", (e) => e.textContent)).toContain("conv1");

    // Type an error at the end of the text: the compiler's own message, at its span.
    await page.evaluate(() => {
      const v = window.playground!.view;
      v.focus();
      v.dispatch({ selection: { anchor: v.state.doc.length } });
    });
    await page.keyboard.type("oops");
    const broken = `${EXAMPLE}oops`;
    const want = checkFile(SOURCE_NAME, { text: broken, train: "auto" }).diagnostics;
    expect(want.length).toBeGreaterThan(0);
    await page.waitForFunction(() => window.playground!.diagnostics().length > 0);
    const got = await diagnosticsOf(page, broken);
    expect(got).toEqual(want.map((d) => ({ from: d.span!.start, to: d.span!.end, severity: d.severity, message: d.message })));
    expect(await page.$eval("#problems .message", (e) => e.textContent)).toBe(want[0]!.message);
    expect(await page.$$eval(".cm-lintRange-error", (els) => els.length)).toBeGreaterThan(0);

    // Fix it: the diagnostic clears.
    for (let i = 0; i < 4; i++) await page.keyboard.press("Backspace");
    await page.waitForFunction(() => window.playground!.diagnostics().length === 0);
    expect(await diagnosticsOf(page, EXAMPLE)).toEqual([]);
    await page.waitForFunction(() => document.querySelector("#problems")?.textContent?.includes("No problems") === true);

    // Train, watch the chart fill, stop.
    await page.click("#train");
    await page.waitForFunction((n) => window.playground!.series().loss.length >= n || window.playground!.training().end !== undefined, {}, STEPS);
    await page.click("#stop");
    await page.waitForFunction(() => window.playground!.training().state === "idle");
    const end = await page.evaluate(() => window.playground!.training().end);
    expect(end).toMatchObject({ kind: "stopped" });
    const series = await page.evaluate(() => window.playground!.series());
    expect(series.loss.length).toBeGreaterThanOrEqual(STEPS);
    expect(series.steps.slice(0, STEPS)).toEqual(Array.from({ length: STEPS }, (_, i) => i + 1));
    expect(series.loss.every((l) => Number.isFinite(l) && l > 0)).toBe(true);
    const loss = series.loss.slice(0, STEPS);
    expect(mean(loss.slice(-5))).toBeLessThan(mean(loss.slice(0, 5)));
    const status = await page.$eval("#status", (e) => e.textContent ?? "");
    expect(status).toMatch(/ms\/step/);
    expect(status).toMatch(/stopped after \d+ steps/);
    expect(await page.$eval("#train", (b) => (b as HTMLButtonElement).disabled)).toBe(false);

    mkdirSync(dir, { recursive: true });
    await page.screenshot({ path: join(dir, "playground.png") });
    copyFileSync(join(dir, "playground.png"), SCREENSHOT);

    // A network the built-in data cannot train: Train says what it needs.
    await page.evaluate(() => {
      const v = window.playground!.view;
      const at = v.state.doc.toString().indexOf("classes = 4");
      v.dispatch({ changes: { from: at, to: at + "classes = 4".length, insert: "classes = 3" } });
    });
    await page.click("#train");
    await page.waitForFunction(() => window.playground!.training().end?.kind === "failed" && window.playground!.training().state === "idle");
    expect(await page.$eval("#train-note", (e) => e.textContent)).toMatch(/at least 4 classes; label 'label' is cross_entropy on 'logits' with 3 classes/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("says so in the page when the browser has no WebGPU, without an exception", async () => {
    const { page, errors } = await open(async (p) => {
      await p.evaluateOnNewDocument(() => Object.defineProperty(Navigator.prototype, "gpu", { get: () => undefined, configurable: true }));
    });
    await page.click("#train");
    await page.waitForFunction(() => window.playground!.training().state === "idle" && !(document.querySelector("#train-note") as HTMLElement).hidden);
    expect(await page.$eval("#train-note", (e) => e.textContent)).toMatch(/no WebGPU \(navigator\.gpu is missing\)/);
    expect(await page.$eval("#status", (e) => e.textContent)).toBe("not trained");
    // The rest of the page goes on working.
    expect(await page.$eval("#summary", (e) => e.textContent)).toContain("network shapes");
    expect(await page.evaluate(() => window.playground!.series().loss.length)).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });
});
