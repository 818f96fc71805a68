// The compiler's check of the editor's text, as `dlc check` runs it: the
// same pipeline (compiler/pipeline.ts checkFile), so the same messages and
// spans. The text is named playground.net; imports of std/… read the
// standard library the build embedded (shims/fs.ts). The training graph is
// derived too when the network has a training section, so that a problem
// in the training section shows while typing, not at Train.

import { checkFile, type CompileResult } from "../../compiler/pipeline.js";

/** The name the editor's text has in diagnostics and for relative imports. */
export const SOURCE_NAME = "playground.net";

export function checkText(text: string): CompileResult {
  try {
    return checkFile(SOURCE_NAME, { text, train: "auto" });
  } catch (e) {
    // A compiler bug must not take the page down: it shows as a problem at the start.
    const message = `internal error in the compiler: ${e instanceof Error ? e.message : String(e)}`;
    return { diagnostics: [{ severity: "error", message }] };
  }
}
