// "Did you mean" suggestions: the nearest known name by edit distance.

export function editDistance(a: string, b: string): number {
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      prev[j] = Math.min(up + 1, prev[j - 1]! + 1, diag + cost);
      diag = up;
    }
  }
  return prev[b.length]!;
}

/** The closest candidate within a distance that scales with the name's length. */
export function nearestName(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  const limit = Math.max(1, Math.floor(name.length / 3) + 1);
  for (const cand of candidates) {
    const d = editDistance(name.toLowerCase(), cand.toLowerCase());
    if (d < bestD || (d === bestD && best !== undefined && cand < best)) {
      best = cand;
      bestD = d;
    }
  }
  return bestD <= limit ? best : undefined;
}

export function didYouMean(name: string, candidates: Iterable<string>): string[] {
  const s = nearestName(name, candidates);
  return s ? [`help: did you mean '${s}'?`] : [];
}
