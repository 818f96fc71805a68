// Where the CLI writes diagnostics: stderr, coloured only on a terminal
// and never when NO_COLOR is set. This is the CLI's one path for them, so
// the limits hold for every command: repeats dropped, at most a hundred of
// each severity (limit.ts), and every quoted piece of the user's files cut
// and escaped (render.ts), so that no byte of a file reaches the terminal raw.

import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { limitDiagnostics } from "../diagnostics/limit.js";
import { renderDiagnostics } from "../diagnostics/render.js";

const colour = () => Boolean(process.stderr.isTTY) && !process.env.NO_COLOR;

export function report(ds: readonly Diagnostic[]): void {
  if (ds.length) process.stderr.write(renderDiagnostics(limitDiagnostics(ds), { colour: colour() }) + "\n");
}
