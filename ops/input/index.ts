// input's registry entry: a network input has no kernel and no reference
// kernel (its value is the caller's data).

import type { InputEntry } from "../entry.js";
import { input as def } from "./op.js";

export const entry: InputEntry = { kind: "input", def };
