// The effective configuration for printing: every key as it would be written in sync.properties, secrets as ******.
import { KEY_SPECS, type PrivilegeUserEntry, type SyncConfig } from './sync-config.js';
import { formatDataListEntry } from './data-list.js';
import type { DataListEntry } from './values.js';

export const MASK = '******';

function formatValue(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return (v as unknown[]).map(formatListItem).join(',');
  return String(v);
}

/** One list item as written: a data list entry, a privilege_sync_exclude_users entry, or a name. */
function formatListItem(x: unknown): string {
  if (typeof x === 'string') return x;
  if (typeof x === 'object' && x !== null && 'user' in x) {
    const u = x as PrivilegeUserEntry;
    return u.host === null ? u.user : `'${u.user}'@'${u.host}'`;
  }
  return formatDataListEntry(x as DataListEntry);
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
