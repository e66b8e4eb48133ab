// The effective configuration for printing: every key as it would be written in sync.properties, secrets as ******.
import { KEY_SPECS, type SyncConfig } from './sync-config.js';
import { formatDataListEntry } from './data-list.js';
import type { DataListEntry } from './values.js';

export const MASK = '******';

function formatValue(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return (v as DataListEntry[]).map(formatDataListEntry).join(',');
  return String(v);
}

/** key → printable value, in the manual's key order. Non-empty secrets (passwords, keys, token) are ******. */
export function redact(config: SyncConfig): Readonly<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const spec of KEY_SPECS) {
    const value = formatValue(config[spec.field]);
    out[spec.key] = spec.secret && value !== '' ? MASK : value;
  }
  return Object.freeze(out);
}

/** `key=value` lines of redact(config). */
export function describeConfig(config: SyncConfig): string[] {
  return Object.entries(redact(config)).map(([k, v]) => `${k}=${v}`);
}
