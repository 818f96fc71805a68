// "compiling 46 kernels… 12/46" on stderr while WebGPU pipelines are made
// (dlc train, eval and run on WebGPU): seconds to a minute on a software
// driver, which would otherwise pass with nothing on screen. On a terminal
// one live line, replaced by a summary when done; elsewhere (a pipe, a log
// file, CI) two plain lines, the count before and the time after, so that a
// log stays short. Never on stdout: --json output stays one object a line.

export interface ProgressStream {
  write(s: string): unknown;
  readonly isTTY?: boolean;
}

/** An onProgress(done, total) for runtime/webgpu/pipelines.ts that reports on `stream`. */
export function compileProgress(stream: ProgressStream = process.stderr): (done: number, total: number) => void {
  const live = Boolean(stream.isTTY);
  let t0 = 0;
  let lastDrawn = -1;
  return (done, total) => {
    const kernels = `${total} kernel${total === 1 ? "" : "s"}`;
    if (done === 0) {
      t0 = performance.now();
      lastDrawn = -1;
      if (!live) stream.write(`compiling ${kernels}…\n`);
    }
    if (live && done !== lastDrawn) {
      stream.write(`\r\x1b[Kcompiling ${kernels}… ${done}/${total}`);
      lastDrawn = done;
    }
    if (done === total) {
      const seconds = ((performance.now() - t0) / 1000).toFixed(1);
      stream.write(`${live ? "\r\x1b[K" : ""}compiled ${kernels} in ${seconds} s\n`);
    }
  };
}
