// The text of cst.generated.ts: the CST node types that Chevrotain derives
// from the parser's rules (their names and LABELs). Only the generator script
// and the staleness test import this; parsing never does.

import { generateCstDts } from "chevrotain";
import { NetParser } from "./parser.js";

export const CST_TYPES_FILE = "grammar/cst.generated.ts";

const HEADER = `// Generated from grammar/parser.ts by \`npm run gen:cst\` (scripts/gen_cst.ts); do not edit.
// tests/grammar/cst_types.test.ts fails when this file and the parser disagree.

`;

export function renderCstTypes(): string {
  const productions = new NetParser().getGAstProductions();
  return HEADER + generateCstDts(productions, { includeVisitorInterface: false });
}
