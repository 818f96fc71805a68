// matmul's registry entry (ops/entry.ts): its definition, WGSL kernel and float64 reference.

import type { OpEntry } from "../entry.js";
import { matmul as def } from "./op.js";
import * as kernel from "./kernel.js";
import * as reference from "./reference.js";

export const entry: OpEntry = { kind: "op", def, kernel, reference };
