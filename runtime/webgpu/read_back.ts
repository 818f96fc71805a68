// Reading GPU buffer ranges back to the host: the one way results leave the
// device, shared by the program runner and the per-node executor.

/** A range of a buffer, in bytes. */
export interface BufferRange {
  readonly buffer: GPUBuffer;
  readonly offset: number;
  readonly size: number;
}

/** Copies ranges to mappable buffers in `enc`, submits it, and returns their contents. */
export async function readBack<K>(device: GPUDevice, enc: GPUCommandEncoder, ranges: readonly (readonly [K, BufferRange])[]): Promise<Map<K, Float32Array>> {
  const staging = ranges.map(([, r]) => {
    const dst = device.createBuffer({ size: r.size, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    enc.copyBufferToBuffer(r.buffer, r.offset, dst, 0, r.size);
    return dst;
  });
  device.queue.submit([enc.finish()]);
  const out = new Map<K, Float32Array>();
  await Promise.all(
    staging.map(async (b, k) => {
      await b.mapAsync(GPUMapMode.READ);
      out.set(ranges[k]![0], new Float32Array(b.getMappedRange().slice(0)));
      b.unmap();
      b.destroy();
    }),
  );
  return out;
}
