// Builds the playground (playground/src/) into a static folder with esbuild,
// or serves it while you edit:
//
//   npm run build:playground             → playground/dist/
//   npm run playground [-- --port N]     → http://127.0.0.1:8080/, rebuilt on change
//
// The page runs the compiler itself (checkFile, the training program, the
// graph view), so three of Node's modules are replaced by small page
// versions (src/shims/): node:fs by a read-only file system holding the
// standard library, node:path by POSIX paths under "/", node:url by URL
// parsing. The standard library's files are embedded as the module
// "dlc:stdlib". Graphviz (for the graph pane) is split into its own chunk,
// loaded when the first picture is drawn.

import { readdirSync, readFileSync, rmSync, mkdirSync, copyFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "..");
export const DEFAULT_OUT = join(here, "dist");

const SHIMS: Readonly<Record<string, string>> = {
  "node:fs": join(here, "src/shims/fs.ts"),
  "node:path": join(here, "src/shims/path.ts"),
  "node:url": join(here, "src/shims/url.ts"),
};

/** Every .net file under stdlib/, by path relative to it. */
function stdlibFiles(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(".net")) out[relative(dir, p)] = readFileSync(p, "utf8");
    }
  };
  walk(dir);
  return out;
}

/** Maps Node's modules to the page's versions and makes "dlc:stdlib"; exported for the tests, which bundle the page's compiler for Node with it. */
export const pagePlugin: esbuild.Plugin = {
  name: "dlc-playground",
  setup(b) {
    b.onResolve({ filter: /^node:/ }, (args) => {
      const shim = SHIMS[args.path];
      if (shim) return { path: shim };
      // The runtime loads Node's other modules (os, Dawn) dynamically on its Node path only, which the page never takes.
      if (args.kind === "dynamic-import") return { path: args.path, external: true };
      return { errors: [{ text: `${args.path} (imported by ${relative(root, args.importer)}) has no page version in playground/src/shims/` }] };
    });
    b.onResolve({ filter: /^dlc:stdlib$/ }, () => ({ path: "stdlib", namespace: "dlc-stdlib" }));
    b.onLoad({ filter: /.*/, namespace: "dlc-stdlib" }, () => {
      const dir = join(root, "stdlib");
      return { contents: `export default ${JSON.stringify(stdlibFiles(dir))};`, loader: "js", watchDirs: [dir, join(dir, "models")] };
    });
  },
};

export interface BuildOptions {
  /** Where the static folder goes; default playground/dist. */
  readonly outdir?: string;
  readonly minify?: boolean;
}

function options(outdir: string, minify: boolean): esbuild.BuildOptions {
  return {
    entryPoints: [join(here, "src/main.ts")],
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    outdir,
    minify,
    sourcemap: !minify,
    plugins: [pagePlugin],
    logLevel: "warning",
  };
}

/** Writes the static folder: index.html, main.js (+ chunks), main.css. */
export async function buildPlayground(opts: BuildOptions = {}): Promise<string> {
  const outdir = resolve(opts.outdir ?? DEFAULT_OUT);
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  await esbuild.build(options(outdir, opts.minify ?? true));
  copyFileSync(join(here, "src/index.html"), join(outdir, "index.html"));
  return outdir;
}

async function serve(port: number): Promise<void> {
  const outdir = DEFAULT_OUT;
  await buildPlayground({ outdir, minify: false });
  const ctx = await esbuild.context(options(outdir, false));
  await ctx.watch();
  const { hosts, port: got } = await ctx.serve({ servedir: outdir, port, host: "127.0.0.1" });
  process.stdout.write(`dlc playground: http://${hosts[0] ?? "127.0.0.1"}:${got}/ (rebuilt when playground/src/ or the compiler changes; Ctrl-C stops)\n`);
}

function main(argv: readonly string[]): Promise<void> {
  if (argv.includes("--serve")) {
    const at = argv.indexOf("--port");
    const port = at >= 0 ? Number(argv[at + 1]) : 8080;
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      process.stderr.write(`playground: --port needs a port number 0-65535, got '${argv[at + 1] ?? ""}'\n`);
      process.exit(1);
    }
    return serve(port);
  }
  return buildPlayground().then((out) => void process.stdout.write(`dlc playground built in ${relative(process.cwd(), out) || "."}/ (serve the folder with any static server)\n`));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((e: unknown) => {
    process.stderr.write(`playground: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
}
