// Compute pipelines for generated kernels: made once per distinct kernel
// and device, with progress, because making them is most of the time a
// program takes to start (about 0.15 s of CPU per kernel on SwiftShader,
// where the driver JIT-compiles every shader; bench/create.ts).
//
// - A cache per device, keyed by the kernel's WGSL with its comments
//   removed: kernels differ in their comments alone (the node they were
//   lowered from) far more often than in their code (ResNet-18's training
//   step: 194 kernels, 103 distinct codes), and Dawn does not notice:
//   each new shader module is compiled again. A pipeline made with
//   layout "auto" depends on nothing but its code, so one pipeline serves
//   every kernel with that code (each binds its own buffers).
// - Two ways to make them (PipelineMode): "concurrent" issues every
//   createComputePipelineAsync at once and awaits them together, so a
//   driver with worker threads compiles them in parallel; "sequential"
//   makes them one at a time with createComputePipeline, yielding to the
//   event loop between them. Dawn's Node binding polls the device in a
//   setImmediate loop while any async call is pending, which costs a core
//   for as long as compilation lasts: on a 2-core machine that is half the
//   CPU (bench/create.ts). Hence the default (defaultPipelineMode).
// - Order and errors: the result lists one pipeline per kernel in the
//   kernels' order, whatever order they finished in; a kernel that does not
//   compile fails the call with a PipelineError naming it.

/** What a pipeline is made from: a generated kernel (entry point `main`). */
export interface KernelSource {
  readonly label: string;
  readonly code: string;
}

export type PipelineMode = "concurrent" | "sequential";

export interface PipelineOptions {
  /** Called with 0 first, then after each new pipeline, up to `total`, the number of distinct kernels not already cached. Not called when there is nothing to make. */
  readonly onProgress?: (done: number, total: number) => void;
  /** Default: defaultPipelineMode(). */
  readonly mode?: PipelineMode;
  /** Reuse pipelines of identical kernels made on this device before (default true); false makes every kernel anew, as before the cache (for benchmarks). */
  readonly cache?: boolean;
}

export class PipelineError extends Error {}

let nodeCores: number | undefined;

/** Records the machine's core count (Node: device acquisition calls this; browsers leave it unknown). */
export function noteCores(n: number): void {
  if (Number.isInteger(n) && n > 0) nodeCores = n;
}

/**
 * "sequential" where the core count is known and at most 2 (the binding's
 * polling takes one of them), "concurrent" elsewhere: in browsers, and
 * where cores are left for the driver's compiler threads.
 */
export function defaultPipelineMode(): PipelineMode {
  return nodeCores !== undefined && nodeCores <= 2 ? "sequential" : "concurrent";
}

/** Comments carry names, not meaning: WGSL has no strings, so `//` always starts one. Block comments are not emitted by the code generators. */
export function pipelineKey(code: string): string {
  return code.replace(/\/\/[^\n]*/g, "").replace(/[ \t]+\n/g, "\n");
}

// Newest last (Map keeps insertion order); bounded so that a long process
// (the autotuner, a test run on one device) does not keep every candidate
// it ever compiled. A runner holds its own pipelines, so eviction only
// means a later identical kernel is compiled again.
const CACHE_LIMIT = 1024;
const caches = new WeakMap<GPUDevice, Map<string, Promise<GPUComputePipeline>>>();

function cacheOf(device: GPUDevice): Map<string, Promise<GPUComputePipeline>> {
  let c = caches.get(device);
  if (!c) caches.set(device, (c = new Map()));
  return c;
}

/** How many pipelines the device's cache holds (tests, benchmarks). */
export function cachedPipelines(device: GPUDevice): number {
  return caches.get(device)?.size ?? 0;
}

function failure(k: KernelSource, e: unknown): PipelineError {
  const message = e instanceof Error ? e.message : String(e);
  return new PipelineError(`internal: kernel '${k.label}' does not compile on this device: ${message}`);
}

/** A shader's own errors are caught by a scope (else Dawn prints them as uncaptured); the pipeline's promise rejects for them too. */
async function makeAsync(device: GPUDevice, k: KernelSource): Promise<GPUComputePipeline> {
  device.pushErrorScope("validation");
  const module = device.createShaderModule({ label: k.label, code: k.code });
  const scope = device.popErrorScope();
  // Settled together, so that neither rejection is ever left without a handler.
  const [err, made] = await Promise.all([
    scope,
    device.createComputePipelineAsync({ label: k.label, layout: "auto", compute: { module, entryPoint: "main" } }).then(
      (pipeline) => ({ pipeline }),
      (e: unknown) => ({ error: e }),
    ),
  ]);
  if (err) throw failure(k, err);
  if ("error" in made) throw failure(k, made.error);
  return made.pipeline;
}

/** createComputePipeline reports a bad kernel through the error scope, not by throwing; the scope's await also lets the event loop run (a progress line, a signal). */
async function makeSync(device: GPUDevice, k: KernelSource): Promise<GPUComputePipeline> {
  device.pushErrorScope("validation");
  const module = device.createShaderModule({ label: k.label, code: k.code });
  const pipeline = device.createComputePipeline({ label: k.label, layout: "auto", compute: { module, entryPoint: "main" } });
  const err = await device.popErrorScope();
  if (err) throw failure(k, err);
  return pipeline;
}

/** One pipeline per kernel, in order (see the header). */
export async function createPipelines(device: GPUDevice, kernels: readonly KernelSource[], opts: PipelineOptions = {}): Promise<GPUComputePipeline[]> {
  const mode = opts.mode ?? defaultPipelineMode();
  const useCache = opts.cache ?? true;
  const cache = useCache ? cacheOf(device) : new Map<string, Promise<GPUComputePipeline>>();
  const keys = kernels.map((k) => pipelineKey(k.code));
  // The kernels this call makes: the first of each key not already cached (or in flight from another call).
  const fresh = new Map<string, KernelSource>();
  kernels.forEach((k, i) => {
    const key = keys[i]!;
    if (!cache.has(key) && !fresh.has(key)) fresh.set(key, k);
  });
  const total = fresh.size;
  let done = 0;
  const progressed = () => opts.onProgress?.(++done, total);
  if (total > 0) opts.onProgress?.(0, total);
  const made = new Map<string, Promise<GPUComputePipeline>>();
  if (mode === "concurrent") {
    for (const [key, k] of fresh) made.set(key, makeAsync(device, k).then((p) => (progressed(), p)));
  } else {
    // Chained, so that each starts after the one before and all are in the cache at once for concurrent callers.
    let previous: Promise<unknown> = Promise.resolve();
    for (const [key, k] of fresh) {
      const p = previous.then(() => makeSync(device, k)).then((q) => (progressed(), q));
      made.set(key, p);
      previous = p;
    }
  }
  for (const [key, p] of made) {
    cache.set(key, p);
    // A failed kernel is not remembered: the error is reported to this call, and a later call tries again.
    p.catch(() => {
      if (cache.get(key) === p) cache.delete(key);
    });
  }
  for (const key of keys) {
    // Most recently used last, then the oldest go.
    const p = cache.get(key);
    if (p && !made.has(key)) {
      cache.delete(key);
      cache.set(key, p);
    }
  }
  const pending = keys.map((key) => made.get(key) ?? cache.get(key)!);
  const settled = await Promise.allSettled(pending);
  if (useCache) while (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  // The first failing kernel in program order, so that the report does not depend on timing.
  const bad = settled.find((s) => s.status === "rejected");
  if (bad) throw bad.reason instanceof PipelineError ? bad.reason : new PipelineError(String(bad.reason));
  return settled.map((s) => (s as PromiseFulfilledResult<GPUComputePipeline>).value);
}
