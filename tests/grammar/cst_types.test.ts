// The committed CST types (grammar/cst.generated.ts) must be what the parser
// generates now; otherwise the visitor would be checked against a stale
// grammar. After a change to grammar/parser.ts run `npm run gen:cst`.

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CST_TYPES_FILE, renderCstTypes } from "../../grammar/cst_dts.js";

describe("generated CST types", () => {
  it(`${CST_TYPES_FILE} matches the parser (regenerate with npm run gen:cst)`, () => {
    const committed = readFileSync(new URL(`../../${CST_TYPES_FILE}`, import.meta.url), "utf8");
    expect(committed).toBe(renderCstTypes());
  });
});
