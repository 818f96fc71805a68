// "Did you mean" suggestions: the nearest known name by edit distance.

/** Edit distance counting a swap of two neighbours as one edit ("rleu" is one from "relu"). */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array(rows * cols).fill(0);
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[(i - 1) * cols + j]! + 1, d[i * cols + j - 1]! + 1, d[(i - 1) * cols + j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[(i - 2) * cols + j - 2]! + 1);
      d[i * cols + j] = best;
    }
  }
  return d[rows * cols - 1]!;
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

// Attribute keywords people bring from other frameworks. Edit distance
// misses them: `ceil_mode` is five edits from `ceil`, `width` shares nothing
// with `out`. A keyword is matched to an attribute when one is a run of the
// other's `_`-separated words (`ceil_mode` → `ceil`, `kernel_size` →
// `kernel`, `out_channels` → `out`, `include_pad` → `count_include_pad`),
// or when it is a common name for the attribute in PyTorch or Keras. These
// rules are for attributes only: among layer and variable names a shared
// word (`conv` in `conv_bn_relu`) says little about what was meant.

/** Other frameworks' (or everyday) names of an attribute, by the attribute's name here. */
const ATTRIBUTE_SYNONYMS: Readonly<Record<string, readonly string[]>> = {
  // conv's and dense's output width: PyTorch's out_channels/out_features are word runs already.
  out: ["width", "channels", "filters", "features", "units", "planes"],
};

/** Whether `short` is a run of whole `_`-separated words of `long` (two letters at least). */
function isWordRun(short: string, long: string): boolean {
  return short.length >= 2 && short.length < long.length && `_${long}_`.includes(`_${short}_`);
}

/** The attribute a keyword most likely meant: by spelling, then by shared words, then by synonym. */
export function nearestAttribute(key: string, names: readonly string[]): string | undefined {
  const near = nearestName(key, names);
  if (near !== undefined) return near;
  const k = key.toLowerCase();
  const byWords = names.filter((n) => isWordRun(n.toLowerCase(), k) || isWordRun(k, n.toLowerCase()));
  // Several matches (`out_in` against out and in) say nothing for sure.
  if (byWords.length === 1) return byWords[0];
  return names.find((n) => ATTRIBUTE_SYNONYMS[n]?.includes(k));
}

export function didYouMeanAttribute(key: string, names: readonly string[]): string[] {
  const s = nearestAttribute(key, names);
  return s ? [`help: did you mean '${s}'?`] : [];
}
