// Number, size and receptive-field formatting shared by the CLI's reports,
// the graph pictures and the playground (which is why it imports no table
// library: the page bundles it).

import type { ReceptiveField } from "../../compiler/passes/receptive_field.js";

/** 1,234,567. Written out rather than toLocaleString, whose first call loads ICU's locale data (about 10 ms of start-up). */
export function thousands(n: number): string {
  const r = Math.round(n);
  if (!Number.isSafeInteger(r)) return r.toLocaleString("en-US");
  const digits = String(Math.abs(r));
  const groups: string[] = [];
  for (let end = digits.length; end > 0; end -= 3) groups.unshift(digits.slice(Math.max(0, end - 3), end));
  return (r < 0 ? "-" : "") + groups.join(",");
}

/** 1.81 G, 36.9 M, 512 K: three significant figures, as published tables print. */
export function si(n: number): string {
  const units: [number, string][] = [[1e12, "T"], [1e9, "G"], [1e6, "M"], [1e3, "K"]];
  for (const [v, u] of units) if (Math.abs(n) >= v) return `${(n / v).toPrecision(3)} ${u}`;
  return String(Math.round(n));
}

export function bytes(n: number): string {
  const units: [number, string][] = [[2 ** 30, "GiB"], [2 ** 20, "MiB"], [2 ** 10, "KiB"]];
  for (const [v, u] of units) if (n >= v) return `${(n / v).toFixed(2)} ${u}`;
  return `${n} B`;
}

/** A receptive field as the summary prints it: "size /jump", "global", or "" where there is none. */
export function fieldText(f: ReceptiveField): string {
  if (f === null) return "";
  if (f === "global") return "global";
  const size = f.h.size === f.w.size ? `${f.h.size}` : `${f.h.size}×${f.w.size}`;
  const jump = f.h.jump === f.w.jump ? `${f.h.jump}` : `${f.h.jump}×${f.w.jump}`;
  return `${size} /${jump}`;
}
