// How a key or value from a configuration file appears in an operator's line: quoted, control characters escaped
// (a name can never forge a line), long text cut with its length (a 100 KB value is not echoed whole).

/** Characters of a value shown before it is cut. */
export const SHOWN_CHARS = 60;

/** `'value'`, escaped, cut after SHOWN_CHARS characters: `'hhhh... (100000 characters)'`. Never pass a secret. */
export function show(value: string): string {
  const cut = value.length > SHOWN_CHARS + 20;
  const text = cut ? value.slice(0, SHOWN_CHARS) : value;
  const escaped = JSON.stringify(text)
    .slice(1, -1)
    .replace(/\\"/g, '"')
    .replace(/[\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `'${escaped}${cut ? `... (${value.length} characters)` : ''}'`;
}
