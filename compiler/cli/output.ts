// Where the CLI writes diagnostics: stderr, coloured only on a terminal
// and never when NO_COLOR is set.

import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { renderDiagnostics } from "../diagnostics/render.js";

const colour = () => Boolean(process.stderr.isTTY) && !process.env.NO_COLOR;

export function report(ds: readonly Diagnostic[]): void {
  if (ds.length) process.stderr.write(renderDiagnostics(ds, { colour: colour() }) + "\n");
}
