// The text of `dlc train`'s progress bar, one line per redraw:
//
//   epoch 2/10 ██████████░░░░░░░░░░░░░░ 40/100  512 samples/s  ETA 0:12  loss 0.4123 [logits 0.4123 acc 87.5%]
//
// Steps done of the epoch's, training samples per second over the epoch so
// far, the time the epoch's remaining steps will take at that pace, then the
// epoch's running loss per head in the words of the epoch line
// (train_common.ts metricsText), so that the last redraw reads as the
// epoch's result. The fields that change width come last: a narrow terminal
// cuts the heads, never the count or the ETA. Pure: epoch_bar.ts draws it.

import type { EvalMetrics } from "../../training/loop.js";
import { metricsText } from "../train_common.js";

export interface BarState {
  readonly epoch: number;
  readonly epochs: number;
  /** Steps done in this epoch, of `batches`. */
  readonly batch: number;
  readonly batches: number;
  /** Seconds since the epoch began. */
  readonly seconds: number;
  /** The epoch so far. */
  readonly running: EvalMetrics;
  /** All steps done and the validation data being evaluated. */
  readonly validating?: boolean;
}

/** Seconds as m:ss, or h:mm:ss from an hour. */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const two = (n: number) => String(n).padStart(2, "0");
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h}:${two(m)}:${two(s % 60)}` : `${m}:${two(s % 60)}`;
}

/** Samples per second, with a fixed number of decimals per range so that a redraw does not jump ("512", "41.3", "0.87"). */
export function perSecond(samples: number, seconds: number): string {
  if (!(seconds > 0)) return "–";
  const r = samples / seconds;
  return r >= 100 ? String(Math.round(r)) : r >= 10 ? r.toFixed(1) : r.toFixed(2);
}

/** The bar's line; `bar` is the drawn bar itself (cli-progress's glyphs). */
export function barText(s: BarState, bar: string): string {
  const width = String(s.epochs).length;
  const steps = `${String(s.batch).padStart(String(s.batches).length)}/${s.batches}`;
  const eta = s.validating ? "validating…" : s.batch > 0 ? `ETA ${clock((s.seconds / s.batch) * (s.batches - s.batch))}` : "ETA –";
  return `epoch ${String(s.epoch).padStart(width)}/${s.epochs} ${bar} ${steps}  ${perSecond(s.running.samples, s.seconds)} samples/s  ${eta}  ${metricsText(s.running)}`;
}
