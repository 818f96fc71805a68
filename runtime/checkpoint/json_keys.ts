// Duplicate keys in a JSON object. JSON.parse keeps the last of them without
// a word, so a safetensors header naming a tensor twice (or giving a tensor
// two dtypes) would load one reading of an ambiguous file. The scan runs on
// text JSON.parse has accepted, in one pass and with an explicit stack, so
// its time is linear in the text and its depth costs no call stack.

export interface DuplicateKey {
  /** The key, decoded. */
  readonly key: string;
  /** The key of the object holding it; undefined at the top level (or in an array). */
  readonly parent: string | undefined;
}

interface Level {
  /** Keys seen so far; undefined for an array. */
  readonly keys: Set<string> | undefined;
  readonly name: string | undefined;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
const CLOSE_OBJECT = 0x7d;
const CLOSE_ARRAY = 0x5d;

/** The first key that repeats within one object of `text` (valid JSON), or undefined. */
export function firstDuplicateKey(text: string): DuplicateKey | undefined {
  const stack: Level[] = [];
  // The last string token, still quoted: a key when a colon follows it.
  let lastString = '""';
  // The key whose value comes next: it names an object or array that opens now.
  let pendingKey: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      let j = i + 1;
      while (j < text.length && text.charCodeAt(j) !== QUOTE) j += text.charCodeAt(j) === BACKSLASH ? 2 : 1;
      lastString = text.slice(i, j + 1);
      i = j;
    } else if (c === COLON) {
      const top = stack[stack.length - 1];
      const key = JSON.parse(lastString) as string;
      if (top?.keys) {
        if (top.keys.has(key)) return { key, parent: top.name };
        top.keys.add(key);
      }
      pendingKey = key;
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      stack.push({ keys: c === OPEN_OBJECT ? new Set() : undefined, name: pendingKey });
      pendingKey = undefined;
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      stack.pop();
      pendingKey = undefined;
    } else if (c === COMMA) {
      pendingKey = undefined;
    }
  }
  return undefined;
}
