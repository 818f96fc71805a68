// Number and size formatting shared by the CLI's reports.

export function thousands(n: number): string {
  return Math.round(n).toLocaleString("en-US");
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
