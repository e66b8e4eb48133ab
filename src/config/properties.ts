// Reading a Java .properties file (java.util.Properties semantics: continuations, `=`/`:`/space separators,
// escapes, last value wins), keeping each key's line number for warnings and errors.
import { closeSync, constants, fstatSync, openSync, readFileSync, type Stats } from 'node:fs';
import path from 'node:path';
import { Properties } from 'properties-file/parser';
import { ConfigError } from '../errors.js';
import { show } from './show.js';

export interface PropertyEntry {
  readonly key: string;
  /** The unescaped value exactly as java.util.Properties would return it (trailing spaces kept). */
  readonly value: string;
  /** 1-based line where the entry starts. */
  readonly line: number;
}

export interface PropertiesDocument {
  /** The file as shown to the operator (see displayPath). */
  readonly file: string;
  /** Effective entries, last occurrence wins, in order of first appearance. */
  readonly entries: ReadonlyMap<string, PropertyEntry>;
  /** Keys set more than once, with every line that sets them. */
  readonly duplicates: ReadonlyArray<{ readonly key: string; readonly lines: readonly number[] }>;
}

/** A path as an operator would recognise it: relative to the working directory when inside it, else absolute. */
export function displayPath(p: string): string {
  const abs = path.resolve(p);
  const rel = path.relative(process.cwd(), abs);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : abs;
}

/**
 * Parses the text. A `\\u` not followed by four hex digits (java.util.Properties: "Malformed \\uxxxx encoding") is a
 * ConfigError naming the line and the key, never showing the value.
 */
export function parseProperties(text: string | Buffer, file: string): PropertiesDocument {
  const source = typeof text === 'string' ? text : text.toString('utf8');
  const bad = badUnicodeEscape(source);
  if (bad) {
    throw new ConfigError(
      `${file}: line ${bad.line}: key ${show(bad.key)} has a \\u escape that is not followed by four hex digits (write \\\\u for a backslash followed by u)`,
      { file, key: bad.key, line: bad.line },
    );
  }
  let nodes: ReturnType<Properties['getProperties']>;
  try {
    nodes = new Properties(source).getProperties();
  } catch (e) {
    // Not expected after the escape check; never echo the parser's message (it quotes the text).
    throw new ConfigError(`${file}: cannot be parsed as a .properties file`, { file }, { cause: e });
  }
  const entries = new Map<string, PropertyEntry>();
  const lines = new Map<string, number[]>();
  for (const node of nodes) {
    entries.set(node.key, { key: node.key, value: node.value, line: node.startingLineNumber });
    const seen = lines.get(node.key);
    if (seen) seen.push(node.startingLineNumber);
    else lines.set(node.key, [node.startingLineNumber]);
  }
  const duplicates = [...lines].filter(([, l]) => l.length > 1).map(([key, l]) => ({ key, lines: l }));
  return { file, entries, duplicates };
}

/**
 * The first `\\u` escape not followed by four hex digits outside comments: its physical line and the raw key of the
 * entry it is in (as written, escapes not decoded). Follows java.util.Properties' line rules: a line ending in an
 * odd number of backslashes continues on the next one; a logical line starting with `#` or `!` is a comment.
 */
export function badUnicodeEscape(text: string): { line: number; key: string } | undefined {
  const physical = text.replace(/^\ufeff/, '').split(/\r\n|\r|\n/);
  let entryStart = -1; // index of the physical line where the current logical line started; -1: none
  for (let i = 0; i < physical.length; i++) {
    const line = physical[i]!;
    const continuing = entryStart >= 0;
    const body = line.replace(/^[ \t\f]+/, '');
    if (!continuing) {
      if (body === '' || body.startsWith('#') || body.startsWith('!')) continue;
      entryStart = i;
    }
    let endsWithContinuation = false;
    for (let j = 0; j < body.length; j++) {
      if (body[j] !== '\\') continue;
      if (j === body.length - 1) {
        endsWithContinuation = true;
        break;
      }
      if (body[j + 1] === 'u' && !/^[0-9A-Fa-f]{4}$/.test(body.slice(j + 2, j + 6))) {
        return { line: i + 1, key: rawKey(physical[entryStart]!) };
      }
      j++; // the escaped character
    }
    if (!endsWithContinuation) entryStart = -1;
  }
  return undefined;
}

/** The key of a logical line as written: up to the first unescaped `=`, `:` or whitespace. */
function rawKey(line: string): string {
  const body = line.replace(/^[ \t\f]+/, '');
  let j = 0;
  while (j < body.length && !/[=: \t\f]/.test(body[j]!)) j += body[j] === '\\' ? 2 : 1;
  return body.slice(0, Math.min(j, body.length));
}

/** A conf file larger than this is not a hand-written properties file (and would not be read whole). */
export const MAX_PROPERTIES_BYTES = 1024 * 1024;

function kindOf(st: Stats): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  return 'not a file';
}

/**
 * Reads a properties file; undefined when it does not exist. Anything but a regular readable file of at most
 * MAX_PROPERTIES_BYTES is a ConfigError: the file is opened non-blocking and checked before it is read, so a FIFO
 * or a device never blocks the start.
 */
export function readPropertiesFile(filePath: string): PropertiesDocument | undefined {
  const file = displayPath(filePath);
  const unreadable = (e: unknown): ConfigError =>
    new ConfigError(`${file}: cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`, { file }, { cause: e });
  let fd: number;
  try {
    fd = openSync(filePath, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw unreadable(e);
  }
  let text: Buffer;
  try {
    const st = fstatSync(fd);
    if (!st.isFile())
      throw new ConfigError(`${file}: is not a regular file (${kindOf(st)}); point --conf at the directory holding ${path.basename(filePath)}`, {
        file,
      });
    if (st.size > MAX_PROPERTIES_BYTES) throw new ConfigError(`${file}: is larger than 1 MiB (${st.size} bytes); is it the right file?`, { file });
    text = readFileSync(fd);
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    throw unreadable(e);
  } finally {
    closeSync(fd);
  }
  if (text.length > MAX_PROPERTIES_BYTES)
    throw new ConfigError(`${file}: is larger than 1 MiB (${text.length} bytes); is it the right file?`, { file });
  return parseProperties(text, file);
}

/** The one warning line for each duplicated key. */
export function duplicateWarnings(doc: PropertiesDocument): string[] {
  return doc.duplicates.map(
    (d) =>
      `${doc.file}: ${show(d.key)} is set ${d.lines.length} times (lines ${d.lines.join(', ')}); the last one (line ${d.lines[d.lines.length - 1]}) is used`,
  );
}
