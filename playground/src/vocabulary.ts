// The words the highlighter knows, taken from the compiler itself so that
// they never drift from the language: the lexer's keywords, the layer names
// and aliases of the op registry, the losses, optimizers and schedules of
// the training section.

import { allTokens, Identifier } from "../../grammar/lexer.js";
import { opNames } from "../../ops/registry.js";
import { LOSSES, OPTIMIZERS, SCHEDULES } from "../../compiler/elaborate/train.js";

/** Keywords are the lexer's tokens whose pattern is a plain word (they take Identifier as their longer alternative). */
function keywords(): Set<string> {
  const words = new Set<string>();
  for (const t of allTokens) {
    if (t === Identifier) continue;
    const p = t.PATTERN;
    if (p instanceof RegExp && /^[a-z_]+$/.test(p.source)) words.add(p.source);
  }
  return words;
}

export const KEYWORDS: ReadonlySet<string> = keywords();
/** true and false are keywords to the lexer but values to a reader. */
export const CONSTANTS: ReadonlySet<string> = new Set(["true", "false"]);
export const LAYERS: ReadonlySet<string> = new Set(opNames().filter((n) => n !== "input"));
export const TRAINING_WORDS: ReadonlySet<string> = new Set([
  ...LOSSES.flatMap((l) => [l.name, ...l.aliases]),
  ...OPTIMIZERS.map((o) => o.name),
  ...SCHEDULES.map((s) => s.name),
]);
/** Keywords after which the next name is being declared. */
export const DECLARING: ReadonlySet<string> = new Set(["network", "block", "fn", "train"]);
