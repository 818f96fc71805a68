// GPU time of compute passes, from timestamp queries: each pass writes a
// timestamp when it begins and when it ends, and the difference is the
// time the device spent on it, free of the submit, map and event-loop
// latency that a wall clock around the work also counts. For the profiler
// and the autotuner only: a throughput run never records queries, so that
// what it measures is what a training step costs.
//
// Needs the `timestamp-query` feature (acquireDevice requests it where the
// adapter offers it). Dawn rounds timestamps to 100 µs unless its
// `timestamp_quantization` toggle is off, which device.ts does in Node.
// A device may reset its counter between passes, so only differences
// within one pass are used, and a negative one (a reset mid-pass) is
// reported as unknown rather than as a time.

export function hasTimestamps(device: GPUDevice): boolean {
  return device.features.has("timestamp-query");
}

/**
 * Records `count` compute passes, calling `record(i, pass)` to fill pass i,
 * submits them once and returns each pass's GPU milliseconds (NaN where the
 * device gave no usable pair). Requires `timestamp-query`.
 */
export async function timePasses(device: GPUDevice, count: number, record: (i: number, pass: GPUComputePassEncoder) => void): Promise<number[]> {
  if (!hasTimestamps(device)) throw new Error("internal: timePasses needs a device with the timestamp-query feature");
  if (count === 0) return [];
  const queries = device.createQuerySet({ type: "timestamp", count: 2 * count });
  const bytes = 16 * count;
  const resolved = device.createBuffer({ size: bytes, usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC });
  const staging = device.createBuffer({ size: bytes, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  try {
    const enc = device.createCommandEncoder();
    for (let i = 0; i < count; i++) {
      const pass = enc.beginComputePass({ timestampWrites: { querySet: queries, beginningOfPassWriteIndex: 2 * i, endOfPassWriteIndex: 2 * i + 1 } });
      record(i, pass);
      pass.end();
    }
    enc.resolveQuerySet(queries, 0, 2 * count, resolved, 0);
    enc.copyBufferToBuffer(resolved, 0, staging, 0, bytes);
    device.queue.submit([enc.finish()]);
    await staging.mapAsync(GPUMapMode.READ);
    const ns = new BigUint64Array(staging.getMappedRange().slice(0));
    staging.unmap();
    return Array.from({ length: count }, (_, i) => {
      const begin = ns[2 * i]!;
      const end = ns[2 * i + 1]!;
      return end >= begin && begin > 0n ? Number(end - begin) / 1e6 : NaN;
    });
  } finally {
    queries.destroy();
    resolved.destroy();
    staging.destroy();
  }
}
