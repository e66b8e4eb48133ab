// Reading a Java .properties file (java.util.Properties semantics: continuations, `=`/`:`/space separators,
// escapes, last value wins), keeping each key's line number for warnings and errors.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Properties } from 'properties-file/parser';
import { ConfigError } from '../errors.js';

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

export function parseProperties(text: string | Buffer, file: string): PropertiesDocument {
  const nodes = new Properties(text).getProperties();
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

/** Reads a properties file; undefined when it does not exist. Unreadable files are a ConfigError. */
export function readPropertiesFile(filePath: string): PropertiesDocument | undefined {
  const file = displayPath(filePath);
  if (!existsSync(filePath)) return undefined;
  let text: Buffer;
  try {
    text = readFileSync(filePath);
  } catch (e) {
    throw new ConfigError(`${file}: cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`, { file }, { cause: e });
  }
  return parseProperties(text, file);
}

/** The one warning line for each duplicated key. */
export function duplicateWarnings(doc: PropertiesDocument): string[] {
  return doc.duplicates.map(
    (d) => `${doc.file}: '${d.key}' is set ${d.lines.length} times (lines ${d.lines.join(', ')}); the last one (line ${d.lines[d.lines.length - 1]}) is used`,
  );
}
