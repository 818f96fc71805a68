// Regenerates the layer table of docs/language.md from ops/ after an op is
// added or its attributes or doc change: `npm run gen:docs`.

import { readFileSync, writeFileSync } from "node:fs";
import { withLayerTable } from "./layer_table.js";

const file = new URL("../docs/language.md", import.meta.url);
writeFileSync(file, withLayerTable(readFileSync(file, "utf8")));
console.log("wrote the layer table of docs/language.md");
