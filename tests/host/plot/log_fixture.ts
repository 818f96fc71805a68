// Training logs for the tests of `dlc plot`, written as `dlc train --log`
// writes them (host/training/train_log.ts): a run record, step records, an
// epoch record per epoch with validation, the end. Values are made up and
// smooth, so that what a test expects of a curve is easy to say.

export interface FixtureOptions {
  readonly epochs?: number;
  readonly batches?: number;
  /** A box head (mse, no accuracy) beside the class head. */
  readonly twoHeads?: boolean;
  /** Leave out the validation results. */
  readonly noVal?: boolean;
}

const heads = (ce: number, acc: number, two: boolean) => ({
  logits: { kind: "cross_entropy", loss: ce, accuracy: acc },
  ...(two ? { box: { kind: "mse", loss: ce / 10 } } : {}),
});

/** The log's lines (each a JSON object), in order. */
export function fixtureRecords(o: FixtureOptions = {}): Record<string, unknown>[] {
  const epochs = o.epochs ?? 3;
  const batches = o.batches ?? 4;
  const two = o.twoHeads === true;
  const total = (ce: number) => (two ? ce + 0.5 * (ce / 10) : ce);
  const out: Record<string, unknown>[] = [
    { type: "run", version: 1, started: "2026-12-07T00:00:00.000Z", network: "fixture", file: "fixture.net", backend: "reference", samples: 8 * batches, valSamples: 16, epochs, batch: 8, stepsPerEpoch: batches, seed: 0, optimizer: "sgd", lr: 0.1, heads: { logits: { kind: "cross_entropy", weight: 1 }, ...(two ? { box: { kind: "mse", weight: 0.5 } } : {}) }, every: 1 },
  ];
  let step = 0;
  for (let e = 1; e <= epochs; e++) {
    for (let b = 1; b <= batches; b++) {
      step++;
      const ce = 2 / (1 + step / batches);
      out.push({ type: "step", epoch: e, step, batch: b, batches, steps: 1, lr: 0.1, samples: 8, loss: total(ce), heads: heads(ce, 1 - ce / 2.5, two), samplesPerSecond: 100, elapsed: step });
    }
    const ce = 2 / (1 + e);
    const val = o.noVal ? {} : { val: { samples: 16, loss: total(ce * 0.9), heads: heads(ce * 0.9, 1 - ce / 3, two) } };
    out.push({ type: "epoch", step, epoch: e, epochs, lr: 0.1, steps: batches, samples: 8 * batches, loss: total(ce), heads: heads(ce, 1 - ce / 2.5, two), seconds: batches, ...val, samplesPerSecond: 100, elapsed: step });
  }
  out.push({ type: "end", ok: true, steps: step, elapsed: step });
  return out;
}

export function fixtureText(o: FixtureOptions = {}): string {
  return fixtureRecords(o).map((r) => JSON.stringify(r) + "\n").join("");
}
