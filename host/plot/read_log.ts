// Reading a `dlc train --log` file (host/training/train_log.ts has the
// format) for `dlc plot`: the JSON lines parsed and checked record by
// record, with what is wrong said by line number.
//
// - Blank lines are skipped; records of a type this reader does not know
//   are skipped (a later dlc may add some).
// - A last line without its newline that is not JSON is a record still being
//   written by a run in progress: dropped, with a note, so that a log can be
//   plotted while it grows. Any other line that is not a JSON object is an
//   error: the file is not such a log.
// - A "run" record without `resume` starts a new run: what came before it
//   belongs to another run and is dropped. A resumed run's records continue
//   the one before; a step or epoch logged twice (a run resumed from an
//   earlier checkpoint) keeps its later record.
// - A file with no step or epoch record that has a loss is refused.

import { readRegularFile } from "../../core/io/read_regular_file.js";
import { quoted } from "../../core/diagnostics/printable.js";

/** A log that cannot be plotted; the message names the file, and the line where there is one. */
export class PlotInputError extends Error {
  override name = "PlotInputError";
}

export interface HeadValues {
  readonly loss: number;
  readonly accuracy?: number;
}

/** What a step or epoch record gives a curve. */
export interface Values {
  readonly loss: number;
  readonly heads: ReadonlyMap<string, HeadValues>;
}

export interface StepPoint extends Values {
  readonly epoch: number;
  readonly step: number;
  readonly batch: number;
  readonly batches: number;
}

export interface EpochPoint extends Values {
  readonly epoch: number;
  readonly val?: Values;
}

export interface RunInfo {
  readonly network?: string;
  readonly samples?: number;
  readonly valSamples?: number;
  readonly epochs?: number;
  readonly batch?: number;
  readonly optimizer?: string;
  readonly lr?: number;
  readonly schedule?: string;
  readonly seed?: number;
  /** Loss kind per head, as the run record names them. */
  readonly kinds: ReadonlyMap<string, string>;
}

export interface TrainingLog {
  readonly run?: RunInfo;
  /** By global step, in order. */
  readonly steps: readonly StepPoint[];
  /** By epoch, in order. */
  readonly epochs: readonly EpochPoint[];
  /** Things the reader set aside (a partial last line), for a note. */
  readonly notes: readonly string[];
}

/** Logs larger than this are refused rather than read into memory (about 2 million step records). */
export const MAX_LOG_BYTES = 512 * 1024 * 1024;

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const finite = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);

class Reader {
  constructor(
    private readonly path: string,
    private line = 0,
  ) {}

  at(line: number): this {
    this.line = line;
    return this;
  }

  fail(what: string): never {
    throw new PlotInputError(`'${quoted(this.path)}' line ${this.line}: ${what}`);
  }

  /** r[key], a finite number (> 0 with `positive`); `whose` says whose field it is ("the step record's"). */
  number(r: Json, key: string, whose: string, positive = false): number {
    const v = r[key];
    if (!finite(v) || (positive && v <= 0)) this.fail(`${whose} "${key}" is ${v === undefined ? "missing" : `${quoted(JSON.stringify(v), 40)}`}, expected ${positive ? "a number > 0" : "a finite number"}`);
    return v;
  }

  values(r: Json, whose: string): Values {
    const loss = this.number(r, "loss", whose);
    const where = `${whose} `;
    const heads = new Map<string, HeadValues>();
    const h = r.heads;
    if (h !== undefined) {
      if (!isObject(h)) this.fail(`${where}"heads" is not an object of head → {loss, accuracy}`);
      for (const [name, v] of Object.entries(h)) {
        if (!isObject(v) || !finite(v.loss)) this.fail(`${where}head '${quoted(name, 60)}' has no finite "loss"`);
        if (v.accuracy !== undefined && !finite(v.accuracy)) this.fail(`${where}head '${quoted(name, 60)}' has an "accuracy" that is not a finite number`);
        heads.set(name, { loss: v.loss, ...(v.accuracy === undefined ? {} : { accuracy: v.accuracy as number }) });
      }
    }
    return { loss, heads };
  }
}

function runInfo(r: Json): RunInfo {
  const num = (k: string) => (finite(r[k]) ? { [k]: r[k] as number } : {});
  const str = (k: string) => (typeof r[k] === "string" ? { [k]: r[k] as string } : {});
  const kinds = new Map<string, string>();
  if (isObject(r.heads)) for (const [name, v] of Object.entries(r.heads)) if (isObject(v) && typeof v.kind === "string") kinds.set(name, v.kind);
  return { ...str("network"), ...num("samples"), ...num("valSamples"), ...num("epochs"), ...num("batch"), ...str("optimizer"), ...num("lr"), ...str("schedule"), ...num("seed"), kinds };
}

/** Parses the text of a log (see the header); `path` names it in messages. */
export function parseTrainingLog(path: string, text: string): TrainingLog {
  const lines = text.split("\n");
  const read: Reader = new Reader(path);
  let run: RunInfo | undefined;
  let steps = new Map<number, StepPoint>();
  let epochs = new Map<number, EpochPoint>();
  const notes: string[] = [];
  let seen = 0;
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (line === "") return;
    seen++;
    read.at(i + 1);
    let r: unknown;
    try {
      r = JSON.parse(line);
    } catch {
      // The last line, unterminated: a record a running `dlc train` is still writing.
      if (i === lines.length - 1 && !text.endsWith("\n")) {
        notes.push(`line ${i + 1} is incomplete (a run still writing it?) and was left out`);
        return;
      }
      read.fail(`not JSON (${quoted(line, 60)}); expected the JSON lines that \`dlc train --log\` writes, one object a line`);
    }
    if (!isObject(r)) read.fail(`not a JSON object; expected the JSON lines that \`dlc train --log\` writes, one object a line`);
    switch (r.type) {
      case "run":
        if (r.resume === undefined) {
          steps = new Map();
          epochs = new Map();
        }
        run = runInfo(r);
        return;
      case "step": {
        const whose = "the step record's";
        const epoch = read.number(r, "epoch", whose, true);
        const step = read.number(r, "step", whose, true);
        const batch = read.number(r, "batch", whose, true);
        const batches = read.number(r, "batches", whose, true);
        if (batch > batches) read.fail(`the step record's batch ${batch} is beyond its epoch's ${batches}`);
        steps.set(step, { epoch, step, batch, batches, ...read.values(r, whose) });
        return;
      }
      case "epoch": {
        const whose = "the epoch record's";
        const epoch = read.number(r, "epoch", whose, true);
        const val = r.val === undefined ? undefined : isObject(r.val) ? read.values(r.val, `${whose} validation`) : read.fail(`${whose} "val" is not an object`);
        epochs.set(epoch, { epoch, ...read.values(r, whose), ...(val ? { val } : {}) });
        return;
      }
      default:
        return; // "end", or a kind of record a later dlc writes
    }
  });
  if (seen === 0) throw new PlotInputError(`'${quoted(path)}' is empty: expected the JSON lines that \`dlc train --log\` writes`);
  if (steps.size === 0 && epochs.size === 0) throw new PlotInputError(`'${quoted(path)}' has no step or epoch record with a loss: nothing to plot (is it a \`dlc train --log\` file, and did the run finish a step?)`);
  const byKey = <T>(m: Map<number, T>) => [...m.entries()].sort((a, b) => a[0] - b[0]).map(([, v]) => v);
  return { ...(run ? { run } : {}), steps: byKey(steps), epochs: byKey(epochs), notes };
}

/** Reads and parses a log file; FileReadError or PlotInputError when it cannot be plotted. */
export function readTrainingLog(path: string): TrainingLog {
  const bytes = readRegularFile(path, MAX_LOG_BYTES, "a training log");
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new PlotInputError(`'${quoted(path)}' is not UTF-8 text: expected the JSON lines that \`dlc train --log\` writes`);
  }
  return parseTrainingLog(path, text);
}
