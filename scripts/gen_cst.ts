// Regenerates grammar/cst.generated.ts after a change to the parser's rules:
// `npm run gen:cst`.

import { writeFileSync } from "node:fs";
import { CST_TYPES_FILE, renderCstTypes } from "../grammar/cst_dts.js";

writeFileSync(new URL(`../${CST_TYPES_FILE}`, import.meta.url), renderCstTypes());
console.log(`wrote ${CST_TYPES_FILE}`);
