// The few attributes worth a glance in a box: a window's kernel and stride,
// a grouped conv's groups, a dropout's rate. Read by attribute name, not per
// op, so a new op with a kernel attribute shows it without a change here.

import type { Attrs, AttrValue } from "../../core/ir/graph.js";

function pair(v: AttrValue | undefined): [number, number] | undefined {
  if (typeof v === "number") return [v, v];
  if (Array.isArray(v) && v.length === 2 && typeof v[0] === "number" && typeof v[1] === "number") return [v[0], v[1]];
  return undefined;
}

const dims = ([a, b]: [number, number]): string => (a === b ? `${a}` : `${a}×${b}`);

/** "3×3 /2", "3×3 g=32", "p=0.5", "×2 bilinear", or "" for ops whose shape says it all. */
export function opDetail(op: string, attrs: Attrs): string {
  const parts: string[] = [];
  const k = pair(attrs.kernel);
  if (k) parts.push(`${k[0]}×${k[1]}`);
  const s = pair(attrs.stride);
  if (k && s && (s[0] !== 1 || s[1] !== 1)) parts.push(`/${dims(s)}`);
  const d = pair(attrs.dilation);
  if (k && d && (d[0] !== 1 || d[1] !== 1)) parts.push(`d${dims(d)}`);
  if (typeof attrs.groups === "number" && attrs.groups > 1) parts.push(`g=${attrs.groups}`);
  if (typeof attrs.rate === "number") parts.push(`p=${attrs.rate}`);
  const scale = op === "upsample" ? pair(attrs.scale) : undefined;
  if (scale) parts.push(`×${dims(scale)}`);
  if (scale && typeof attrs.mode === "string") parts.push(attrs.mode);
  return parts.join(" ");
}
