import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseProperties } from '../../../src/config/properties.js';
import { parseSyncProperties, type LoadedConfig } from '../../../src/config/load.js';

export const HOSTS = 'source_fe_host=10.0.0.1\ntarget_fe_host=10.0.0.2\n';

/** Parses sync.properties text as if read from conf/sync.properties. */
export function parse(text: string): LoadedConfig {
  return parseSyncProperties(parseProperties(text, 'conf/sync.properties'));
}

/** The ConfigError thrown for this text (fails the test when none is thrown). */
export function errorOf(text: string): Error & { key?: string; exitCode?: number } {
  try {
    parse(text);
  } catch (e) {
    return e as Error;
  }
  throw new Error(`expected a ConfigError for:\n${text}`);
}

export function tempConf(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'srsync-conf-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}
