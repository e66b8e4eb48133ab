// Parsers for the text StarRocks puts in metadata columns. Pure functions, unit-tested.
import type { KeysType, PartitionBound, PartitionType } from '../model/snapshot.js';

/** `4.1.0-a1b2c3d` or `StarRocks version 4.1.0` → { version: '4.1.0', commit }. Split at the last `-` (reference §6.1). */
export function parseVersionComment(text: string): { version: string; commit: string } {
  const t = text.trim();
  const legacy = /^StarRocks version (.+)$/i.exec(t);
  if (legacy) return { version: legacy[1]!.trim(), commit: '' };
  const i = t.lastIndexOf('-');
  if (i <= 0) return { version: t, commit: '' };
  return { version: t.slice(0, i), commit: t.slice(i + 1) };
}

/** Compares dotted versions numerically on their leading numeric parts: `4.1.0-rc1` ≥ `4.1` is true. */
export function versionAtLeast(version: string, min: string): boolean {
  const nums = (v: string) => (v.match(/^\d+(?:\.\d+)*/)?.[0] ?? '0').split('.').map(Number);
  const a = nums(version);
  const b = nums(min);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x > y;
  }
  return true;
}

/**
 * "`a`, `b`" or "a, b" → ['a', 'b'] (back-quoted names may contain commas and doubled backticks). StarRocks prints
 * such lists (tables_config PARTITION_KEY / DISTRIBUTE_KEY / SORT_KEY) as "`" + name + "`" without doubling a
 * backtick inside a name: `known` names (the table's columns) are matched first, longest first.
 */
export function parseNameList(text: string | null | undefined, known: readonly string[] = []): string[] {
  if (!text) return [];
  const out: string[] = [];
  let i = 0;
  const s = text.trim();
  const raw = known.filter((n) => n.includes('`')).sort((a, b) => b.length - a.length);
  while (i < s.length) {
    while (s[i] === ' ' || s[i] === ',') i++;
    if (i >= s.length) break;
    const hit = raw.find((n) => s.startsWith(`\`${n}\``, i) && (i + n.length + 2 === s.length || s.startsWith(', ', i + n.length + 2)));
    if (hit !== undefined) {
      out.push(hit);
      i += hit.length + 2;
      continue;
    }
    if (s[i] === '`') {
      let name = '';
      i++;
      while (i < s.length) {
        if (s[i] === '`') {
          if (s[i + 1] === '`') {
            name += '`';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        name += s[i++];
      }
      out.push(name);
    } else {
      const j = s.indexOf(',', i);
      out.push(s.slice(i, j < 0 ? s.length : j).trim());
      i = j < 0 ? s.length : j;
    }
  }
  return out;
}

export function parseKeysType(model: string): KeysType {
  const m = model.trim().toUpperCase();
  if (m === 'DUP_KEYS' || m === 'AGG_KEYS' || m === 'UNIQUE_KEYS' || m === 'PRIMARY_KEYS') return m;
  throw new Error(`unknown table model ${model}`);
}

export function parsePartitionType(t: string): PartitionType {
  const m = t.trim().toUpperCase();
  if (m === 'UNPARTITIONED' || m === 'RANGE' || m === 'LIST' || m === 'EXPR_RANGE' || m === 'EXPR_RANGE_V2') return m;
  return 'UNPARTITIONED';
}

/** Human-readable sizes (`1.200 KB`, `0B`, `12.5MB`) → bytes (approximate; exact bytes come from partitions_meta). */
export function parseByteSize(text: string): number {
  const m = /^\s*([\d.]+)\s*([KMGTP]?B)?\s*$/i.exec(text);
  if (!m) return 0;
  const mult: Record<string, number> = { B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3, TB: 1024 ** 4, PB: 1024 ** 5 };
  return Math.round(Number(m[1]) * (mult[(m[2] ?? 'B').toUpperCase()] ?? 1));
}

/**
 * Range text as StarRocks prints a Range<PartitionKey>:
 * `[types: [DATE]; keys: [2024-01-01]; ..types: [DATE]; keys: [2024-02-01]; )` → lower/upper key lists.
 */
export function parseRangeText(text: string): PartitionBound | null {
  const m = /^\s*\[\s*types:\s*\[[^\]]*\];\s*keys:\s*\[(.*?)\];\s*\.\.\s*types:\s*\[[^\]]*\];\s*keys:\s*\[(.*?)\];\s*\)\s*$/s.exec(text);
  if (!m) return null;
  return { kind: 'range', lower: splitKeys(m[1]!), upper: splitKeys(m[2]!) };
}

function splitKeys(s: string): string[] {
  if (s.trim() === '') return [];
  return s.split(', ').map((x) => x.trim());
}

/**
 * List values as StarRocks prints them in SHOW PARTITIONS / partitions_meta, e.g. `(('a'), ('b'))` or
 * `[["a"],["b"]]` or `(('a', '1'), ('b', '2'))`. Returns one tuple per value.
 */
export function parseListText(text: string): PartitionBound | null {
  const t = text.trim();
  const exact = parseListValuesFormat(t);
  if (exact) return exact;
  if (t.startsWith('[')) {
    try {
      const v = JSON.parse(t) as unknown;
      if (Array.isArray(v)) return { kind: 'list', values: v.map((x) => (Array.isArray(x) ? x.map(String) : [String(x)])) };
    } catch {
      /* fall through */
    }
  }
  const tuples: string[][] = [];
  const re = /\(([^()]*)\)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(t)) !== null) {
    tuples.push(splitQuotedValues(m[1]!));
  }
  return tuples.length > 0 ? { kind: 'list', values: tuples } : null;
}

/**
 * ListPartitionInfo.getValuesFormat exactly: `('a', 'b')` or `(('a', '1'), ('b', '2'))`, each value wrapped in
 * single quotes with nothing escaped, so `('it's')` is the one value `it's`. Values are split at `', '` (and tuples at
 * `'), ('`); null when the text does not have that form.
 */
function parseListValuesFormat(t: string): PartitionBound | null {
  if (t.startsWith("(('") && t.endsWith("'))") && t.length >= 6) {
    const tuples = t.slice(3, -3).split("'), ('");
    return { kind: 'list', values: tuples.map((tuple) => tuple.split("', '")) };
  }
  if (t.startsWith("('") && t.endsWith("')") && t.length >= 4) {
    return {
      kind: 'list',
      values: t
        .slice(2, -2)
        .split("', '")
        .map((v) => [v]),
    };
  }
  return null;
}

function splitQuotedValues(s: string): string[] {
  const out: string[] = [];
  const re = /'((?:[^'\\]|\\.|'')*)'|"((?:[^"\\]|\\.)*)"|([^,\s][^,]*)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s)) !== null) {
    const v = m[1] ?? m[2] ?? m[3] ?? '';
    out.push(v.replace(/''/g, "'").replace(/\\(.)/g, '$1').trim());
  }
  return out;
}

/** A JSON object column (tables_config.PROPERTIES) → string map. */
export function parseJsonObject(text: string | null): Record<string, string> {
  if (!text) return {};
  try {
    const v = JSON.parse(text) as Record<string, unknown>;
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, String(x)]));
  } catch {
    return {};
  }
}

/** What partitions_meta DISTRIBUTION_KEY prints for a RANDOM partition (PartitionsProcDir.distributionKeyAsString). */
export const RANDOM_DISTRIBUTION_KEY = 'ALL KEY';

/**
 * A table's distribution from what StarRocks really tells (notes/decisions/planner.md §10):
 * information_schema.tables_config DISTRIBUTE_TYPE says `HASH` even for RANDOM tables (genNormalTableConfigInfo
 * hard-codes it in 3.x-4.x), so it is only believed when it says RANDOM. partitions_meta DISTRIBUTION_KEY is the
 * partitions' own distribution: `ALL KEY` for RANDOM, the column names joined with ", " for HASH. A table without
 * partitions (an automatic-partitioned table before its first load) is HASH only when DISTRIBUTE_KEY names columns:
 * a HASH distribution always has some.
 */
export function parseDistribution(
  cfg: { type: string; key: string; buckets: number },
  partitionKeys: readonly string[],
  columnNames: readonly string[],
): { type: 'HASH' | 'RANDOM' | 'RANGE'; columns: string[]; buckets: number } {
  // RANGE (range-distributed, starrocks-2026.md §1.5): the one DISTRIBUTE_TYPE the FE does not hard-code.
  if (cfg.type.trim().toUpperCase() === 'RANGE') return { type: 'RANGE', columns: [], buckets: cfg.buckets };
  const random = { type: 'RANDOM' as const, columns: [], buckets: cfg.buckets };
  const cfgColumns = cfg.key.trim() === RANDOM_DISTRIBUTION_KEY ? [] : parseNameList(cfg.key, columnNames);
  const seen = partitionKeys.map((k) => k.trim()).filter((k) => k !== '' && k !== '\\N');
  if (seen.length > 0) {
    const isRandom = seen[0] === RANDOM_DISTRIBUTION_KEY && !columnNames.includes(RANDOM_DISTRIBUTION_KEY);
    if (isRandom) return random;
    const columns = cfgColumns.length > 0 ? cfgColumns : splitKnownNames(seen[0]!, columnNames);
    return columns.length > 0 ? { type: 'HASH', columns, buckets: cfg.buckets } : random;
  }
  if (cfg.type.trim().toUpperCase() === 'RANDOM' || cfgColumns.length === 0) return random;
  return { type: 'HASH', columns: cfgColumns, buckets: cfg.buckets };
}

/** `a, b` (names joined with ", ", unquoted) → the known column names it is made of, longest match first. */
function splitKnownNames(text: string, known: readonly string[]): string[] {
  const names = [...known].sort((a, b) => b.length - a.length);
  const out: string[] = [];
  let i = 0;
  while (i < text.length) {
    const hit = names.find((n) => text.startsWith(n, i) && (i + n.length === text.length || text.startsWith(', ', i + n.length)));
    if (hit === undefined) return text.split(', ');
    out.push(hit);
    i += hit.length + 2;
  }
  return out;
}

/** A replication job's task count out of its total (SHOW PROC '/replications' Progress). */
export interface ReplicationProgress {
  /** Finished tasks (PR #66757 and later) or running tasks (earlier FEs): which one is not knowable from the text. */
  count: number;
  total: number;
}

/**
 * SHOW PROC '/replications' `Progress` (reference §5.1; starrocks-2026.md F11): `<finished>/<total>` since PR #66757,
 * `<running>/<total>` before, empty when the job is not SNAPSHOTING/REPLICATING. Anything that is not two safe
 * integers with count <= total is unknown (null): never an exception.
 */
export function parseReplicationProgress(text: string | null | undefined): ReplicationProgress | null {
  const m = /^\s*(\d{1,15})\s*\/\s*(\d{1,15})\s*$/.exec(text ?? '');
  if (!m) return null;
  const count = Number(m[1]);
  const total = Number(m[2]);
  return count <= total ? { count, total } : null;
}
