// Text from the clusters (names, FE messages, values) made safe for one log line, the status page or a terminal:
// control characters can neither start a new line (forging a `Sync job progress` line) nor drive the terminal
// (ANSI escape sequences). Printable text, non-ASCII included, is left as is; a backslash is not doubled (an
// escaped newline `\n` and a literal backslash-n read alike, which forges nothing).

// C0 controls, DEL, C1 controls (0x9b is a one-byte CSI), and the Unicode line and paragraph separators.
 
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
 
const HAS_CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escapeOne(c: string): string {
  const named = NAMED[c];
  if (named) return named;
  const code = c.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** `text` with every control character written as an escape (`\n`, `\x1b`, `\u2028`): always one line. */
export function escapeControl(text: string): string {
  return HAS_CONTROL.test(text) ? text.replace(CONTROL, escapeOne) : text;
}
