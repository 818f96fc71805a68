// The progress bar of `dlc train` (host/cli/progress/): its text from a
// step's metrics, and the bar drawn through cli-progress on a stream that
// says it is a terminal, redraw by redraw.

import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { barText, clock, perSecond } from "../../../../host/cli/progress/bar_text.js";
import { EpochBar } from "../../../../host/cli/progress/epoch_bar.js";
import type { EvalMetrics, StepMetrics } from "../../../../host/training/loop.js";

/** A terminal as cli-progress sees one: isTTY, a width, and every byte written kept. */
class FakeTty extends Writable {
  readonly isTTY = true;
  text = "";
  constructor(readonly columns = 200) {
    super({ decodeStrings: false });
  }
  override _write(chunk: string | Buffer, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
  /** What each redraw left on the line: the text between moves to column 1 (ESC [ 1 G), escapes removed. */
  frames(): string[] {
    return this.text
      .split("\x1b[1G")
      .slice(1)
      .map((f) => f.replace(/\x1b\[[0-9;?]*[A-Za-z]|\x1b[78]/g, ""))
      .filter((f) => f !== "");
  }
}

const one = (loss: number, accuracy: number, samples: number): EvalMetrics => ({ samples, loss, heads: { logits: { kind: "cross_entropy", loss, accuracy } } });

/** Step k of `batches` in `epoch`, batches of 8 samples taking 0.5 s each; the running loss 1/k. */
function step(epoch: number, k: number, batches = 5): StepMetrics {
  return { epoch, epochs: 3, step: (epoch - 1) * batches + k, batch: k, batches, lr: 0.1, seconds: 0.5 * k, last: one(1 / k, 0.5, 8), running: one(1 / k, k / batches, 8 * k) };
}

describe("barText", () => {
  it("says the steps, the throughput, the ETA at that pace and the running loss per head", () => {
    const s = step(2, 2);
    expect(barText(s, "##--")).toBe("epoch 2/3 ##-- 2/5  16.0 samples/s  ETA 0:02  loss 0.5 [logits 0.5 acc 40.0%]");
    const two: EvalMetrics = { samples: 64, loss: 0.75, heads: { logits: { kind: "cross_entropy", loss: 0.5, accuracy: 0.5 }, box: { kind: "smooth_l1", loss: 0.25 } } };
    expect(barText({ epoch: 10, epochs: 12, batch: 7, batches: 120, seconds: 2, running: two, validating: false }, "")).toContain("epoch 10/12    7/120  32.0 samples/s  ETA 0:32  loss 0.75 [logits 0.5 acc 50.0%, box 0.25]");
    expect(barText({ ...s, validating: true }, "")).toContain("validating…");
  });

  it("writes times as m:ss or h:mm:ss and rates with decimals by their size", () => {
    expect([clock(0), clock(5.4), clock(65), clock(3725)]).toEqual(["0:00", "0:05", "1:05", "1:02:05"]);
    expect([perSecond(1024, 2), perSecond(41.25, 1), perSecond(0.87, 1), perSecond(5, 0)]).toEqual(["512", "41.3", "0.87", "–"]);
  });
});

describe("EpochBar on a terminal", () => {
  it("redraws one line per step with the step count, samples/s, ETA and loss moving, and clears it at the epoch's end", () => {
    const tty = new FakeTty();
    let ms = 0;
    const bar = new EpochBar({ stream: tty, now: () => (ms += 1000) });
    for (let k = 1; k <= 5; k++) bar.step(step(1, k));
    const frames = tty.frames();
    // The first step starts the bar (drawn once by start, and at most once more by render); then one frame a step.
    const last = [...new Set(frames)];
    expect(last).toHaveLength(5);
    last.forEach((f, i) => {
      const k = i + 1;
      expect(f).toContain(`epoch 1/3 `);
      // 0.5 s a step: the remaining 5 − k steps take (5 − k) / 2 s.
      expect(f).toContain(` ${k}/5  16.0 samples/s  ETA ${clock((5 - k) / 2)}  `);
      expect(f).toContain(`loss ${Number((1 / k).toPrecision(4))} [logits ${Number((1 / k).toPrecision(4))} acc ${((100 * k) / 5).toFixed(1)}%]`);
    });
    // The bar itself fills: more full cells at each step.
    const full = last.map((f) => (f.match(/█/g) ?? []).length);
    expect(full).toEqual([...full].sort((a, b) => a - b));
    expect(full.at(-1)).toBe(24);
    expect(full[0]).toBeLessThan(24);
    const before = tty.text.length;
    bar.stop();
    // Stopping clears the whole line (ESC [ 2 K), so the epoch's own line can take its place.
    expect(tty.text.slice(before)).toContain("\x1b[2K");
    expect(tty.text.endsWith("\x1b[2K")).toBe(true);
  });

  it("draws at most once per interval, but always the epoch's last step; a new epoch starts a new bar", () => {
    const tty = new FakeTty();
    const bar = new EpochBar({ stream: tty, now: () => 0, intervalMs: 100 });
    for (let k = 1; k <= 5; k++) bar.step(step(1, k));
    const frames = [...new Set(tty.frames())];
    expect(frames.map((f) => /(\d)\/5 /.exec(f)![1])).toEqual(["1", "5"]);
    bar.step(step(2, 1));
    expect(tty.frames().at(-1)).toContain("epoch 2/3 ");
    bar.stop();
  });

  it("says it is validating once the steps are done when the run has validation data, and fits the terminal's width", () => {
    const tty = new FakeTty(60);
    const bar = new EpochBar({ stream: tty, now: () => 0, validates: true });
    for (let k = 1; k <= 5; k++) bar.step(step(1, k));
    bar.stop();
    const frames = tty.frames();
    for (const f of frames) expect(f.length).toBeLessThanOrEqual(60);
    const wide = new FakeTty(400);
    const again = new EpochBar({ stream: wide, now: () => 0, validates: true });
    for (let k = 1; k <= 5; k++) again.step(step(1, k));
    again.stop();
    expect(wide.frames().at(-1)).toContain("5/5  16.0 samples/s  validating…  loss 0.2");
  });
});
