// Text from the user's files (source lines, .npy headers, checkpoint names)
// reaches the terminal inside messages. Two rules keep that safe: control
// characters are shown escaped, never sent raw (an ESC byte could move the
// cursor or rewrite the screen), and quoted text is cut to a bounded length
// (a 20 MB header must not become 40 MB of stderr).

/** Longest quoted fragment, in characters, before it is cut with an ellipsis. */
export const MAX_QUOTED_CHARS = 200;

const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
const CONTROL_AND_LINES = /[\u0000-\u001f\u007f-\u009f]/g;
const hex = (c: string) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`;

/** Escapes C0 and C1 control characters as \xNN, all but newline and tab (a message's own layout). */
export function escapeControl(text: string): string {
  return text.replace(CONTROL, hex);
}

/** Cuts text to `max` characters, saying how much was left out. */
export function cut(text: string, max = MAX_QUOTED_CHARS): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}… (${text.length - max} more characters)`;
}

/** A fragment of user data made fit to quote in a message: cut, then every control character escaped (newlines too). */
export function quoted(text: string, max = MAX_QUOTED_CHARS): string {
  return cut(text, max).replace(CONTROL_AND_LINES, hex);
}
