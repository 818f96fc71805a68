// `dlc compile FILE -o DIR`: writes NAME.js, NAME.d.ts, NAME.json and the
// kernels' WGSL. Every file goes to a temporary name first and is renamed
// into place, so an interrupted run leaves no half-written module.

import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { compile } from "../index.js";
import { decodeSource } from "../elaborate/modules.js";
import { report } from "./output.js";

export interface CompileCliOptions {
  out: string;
  net?: string;
  input: Map<string, number[]>;
  param: Map<string, number | boolean | string>;
  batch?: number;
  train?: boolean;
  infer?: boolean;
}

export function runCompile(file: string, o: CompileCliOptions): number {
  if (o.train && o.infer) {
    process.stderr.write("error: --train and --infer exclude each other\n");
    return 2;
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    process.stderr.write(`error: cannot read '${file}': no such file\n`);
    return 1;
  }
  const decoded = decodeSource(file, bytes);
  if (decoded.diagnostic) {
    report([decoded.diagnostic]);
    return 1;
  }
  const r = compile(decoded.text!, { path: file, network: o.net, inputs: o.input, params: o.param, batch: o.batch ?? 1, mode: o.infer ? "infer" : "train" });
  report(r.diagnostics);
  if (!r.files || !r.manifest) return 1;
  for (const [rel, text] of r.files) {
    const path = join(o.out, rel);
    mkdirSync(dirname(path), { recursive: true });
    const tmp = `${path}.tmp-${process.pid}`;
    writeFileSync(tmp, text);
    renameSync(tmp, path);
  }
  const m = r.manifest;
  const kernels = Object.values(m.programs).reduce((n, p) => n + (p ? p.kernels.length : 0), 0);
  process.stderr.write(`compiled ${m.network} (batch ${m.batch}${m.programs.train ? ", training" : ", inference only"}): ${kernels} kernels → ${join(o.out, `${m.network}.js`)}\n`);
  return 0;
}
