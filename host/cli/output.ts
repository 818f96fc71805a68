// Where the CLI writes its messages: errors and notes (escaped, since they
// carry paths and names from the user's files), and diagnostics: stderr, coloured only on a terminal
// and never when NO_COLOR is set. This is the CLI's one path for them, so
// the limits hold for every command: repeats dropped, at most a hundred of
// each severity (limit.ts), and every quoted piece of the user's files cut
// and escaped (render.ts), so that no byte of a file reaches the terminal raw.

import type { Diagnostic } from "../../core/diagnostics/diagnostic.js";
import { limitDiagnostics } from "../../core/diagnostics/limit.js";
import { renderDiagnostics } from "../../core/diagnostics/render.js";
import { escapeControl } from "../../core/diagnostics/printable.js";

const colour = () => Boolean(process.stderr.isTTY) && !process.env.NO_COLOR;

export function report(ds: readonly Diagnostic[]): void {
  if (ds.length) process.stderr.write(renderDiagnostics(limitDiagnostics(ds), { colour: colour() }) + "\n");
}

/** Prints "error: MESSAGE" (control characters escaped: messages carry paths and names from the user's files) and returns the exit code. */
export const fail = (message: string, code: number): number => {
  process.stderr.write(`error: ${escapeControl(message)}\n`);
  return code;
};

/** A line on stderr that is not an error ("note: …", "warning: …"), escaped like fail's. */
export function notice(kind: "note" | "warning", message: string): void {
  process.stderr.write(`${kind}: ${escapeControl(message)}\n`);
}
