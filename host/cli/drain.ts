// Waiting for stdout and stderr to reach their reader before the process
// exits. On Linux a write to a pipe that is full (64 KiB unread) is queued
// inside Node, and process.exit() drops the queue: `dlc ir big.net | less`
// lost everything after the first 64 KiB. The CLI must still exit
// explicitly (Dawn keeps the event loop alive once a device exists), so it
// waits here first.

type Out = NodeJS.WriteStream;

/**
 * Resolves once everything written to `stream` so far has been handed to
 * the operating system, or the reader has gone away (EPIPE: `dlc ir | head`
 * is not an error of dlc's).
 */
export function drained(stream: Out): Promise<void> {
  if (stream.writableLength === 0 || stream.destroyed || stream.writableEnded) return Promise.resolve();
  return new Promise((done) => {
    // Writes complete in order, so an empty write completes after every
    // earlier one; an error (a closed pipe) completes it too.
    const finish = () => {
      stream.off("error", finish);
      done();
    };
    stream.once("error", finish);
    stream.write("", finish);
  });
}

let writeFailed = false;

/**
 * A reader that closes its end early (`| head`) is not an error: no stack
 * trace, no exit 3. Any other failure to write the output (a full disk
 * behind `> file`) is the machine's: exit 1, said on stderr when it can be.
 */
export function watchOutput(stream: Out, name: string): void {
  stream.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE" || e.code === "ERR_STREAM_DESTROYED") return;
    writeFailed = true;
    if (stream !== process.stderr) process.stderr.write(`error: cannot write ${name}: ${e.code ?? e.message}\n`);
  });
}

/** Exits with `code` (1 when the output could not be written) once stdout and stderr are drained. */
export async function exitWhenDrained(code: number): Promise<never> {
  await Promise.all([drained(process.stdout), drained(process.stderr)]);
  process.exit(writeFailed && code === 0 ? 1 : code);
}
