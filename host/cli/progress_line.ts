// Progress on stderr for the waits of a run that would otherwise pass with
// nothing on screen: "compiling 46 kernels… 12/46" while WebGPU pipelines
// are made (seconds to a minute on a software driver), "decoding 3000
// images… 700/3000" while an image folder opens. On a terminal one live
// line, replaced by a summary when done; elsewhere (a pipe, a log file, CI)
// two plain lines, the count before and the time after, so that a log stays
// short. Never on stdout: --json output stays one object a line.

export interface ProgressStream {
  write(s: string): unknown;
  readonly isTTY?: boolean;
}

/** What a progress line says: "compiling"/"compiled" so many "kernel"s. */
export interface ProgressWords {
  readonly doing: string;
  readonly done: string;
  readonly unit: string;
}

/** An onProgress(done, total) for runtime/webgpu/pipelines.ts that reports on `stream`. */
export function compileProgress(stream: ProgressStream = process.stderr): (done: number, total: number) => void {
  return progressLine({ doing: "compiling", done: "compiled", unit: "kernel" }, stream);
}

/** An onProgress(done, total) for opening an image folder (host/data/open.ts). */
export function decodeProgress(stream: ProgressStream = process.stderr): (done: number, total: number) => void {
  return progressLine({ doing: "decoding", done: "decoded", unit: "image" }, stream);
}

/** An onProgress(done, total) that reports `words` on `stream`; 0 starts a count, total ends it. */
export function progressLine(words: ProgressWords, stream: ProgressStream = process.stderr): (done: number, total: number) => void {
  const live = Boolean(stream.isTTY);
  let t0 = 0;
  let lastDrawn = -1;
  return (done, total) => {
    const count = `${total} ${words.unit}${total === 1 ? "" : "s"}`;
    if (done === 0) {
      t0 = performance.now();
      lastDrawn = -1;
      if (!live) stream.write(`${words.doing} ${count}…\n`);
    }
    if (live && done !== lastDrawn) {
      stream.write(`\r\x1b[K${words.doing} ${count}… ${done}/${total}`);
      lastDrawn = done;
    }
    if (done === total) {
      const seconds = ((performance.now() - t0) / 1000).toFixed(1);
      stream.write(`${live ? "\r\x1b[K" : ""}${words.done} ${count} in ${seconds} s\n`);
    }
  };
}
