// `dlc graph -o OUT`: the picture's form comes from OUT's extension. Parsed
// when the command line is read, so that a wrong name is a usage error
// (exit 2) before any work; kept apart from graph.ts so that main.ts loads
// nothing heavy for it.

import { extname } from "node:path";
import { UsageError } from "./options.js";

export type GraphFormat = "svg" | "html" | "dot";

const FORMATS: Readonly<Record<string, GraphFormat>> = { ".svg": "svg", ".html": "html", ".htm": "html", ".dot": "dot", ".gv": "dot" };

/** The format OUT's extension names; a UsageError for any other name. */
export function graphFormatOf(out: string): GraphFormat {
  const f = FORMATS[extname(out).toLowerCase()];
  if (!f) throw new UsageError(`-o expects a file ending in .svg, .html or .dot (.htm, .gv); got '${out}'`);
  return f;
}

/** -o's value, checked. */
export function parseGraphOut(out: string): string {
  if (out.trim() === "") throw new UsageError("-o expects a file name, got ''");
  graphFormatOf(out);
  return out;
}
