// DISTRIBUTED BY analysis (CreateTableAnalyzer, HashDistributionDesc) and the automatic bucket number.
import type { Column, DistributionInfo, KeysType } from '../catalog/model.js';
import type { FeState } from '../fe/state.js';
import type { DistributionDesc } from '../sql/ast.js';
import { KEYS_SQL } from './columns.js';
import { SimError } from '../fe/errors.js';
import { ddlError, semanticError } from './errors.js';

/**
 * Bucket number of a new partition when the table uses automatic bucketing (`BUCKETS` omitted):
 * CatalogUtils.calBucketNumAccordingToBackends over the alive compute nodes.
 */
export function autoBucketNum(fe: FeState): number {
  const n = Math.max(1, fe.cns.length);
  if (n <= 12) return 2 * n;
  if (n <= 24) return Math.floor(1.5 * n);
  if (n <= 36) return 36;
  return Math.min(n, 48);
}

/** Buckets of a new partition of `table`: the table default, or the automatic number. */
export const partitionBuckets = (fe: FeState, dist: DistributionInfo, explicit?: number | null): number =>
  // RangeDistributionInfo.getBucketNum() is 1: a new partition starts with one tablet owning (-∞, +∞).
  dist.type === 'RANGE' ? 1 : explicit && explicit > 0 ? explicit : dist.buckets > 0 ? dist.buckets : autoBucketNum(fe);

/** When a table created without DISTRIBUTED BY becomes range-distributed (CreateTableAnalyzer, 4.1+). */
export interface RangeDistributionChoice {
  /** Shared-data and `enable_range_distribution` (FE config or session variable) on. */
  enabled: boolean;
  /** The statement has a keys clause (DUPLICATE/AGGREGATE/UNIQUE/PRIMARY KEY (...)). */
  explicitKeys: boolean;
  /** The statement has ORDER BY. */
  orderBy: boolean;
}

export function analyzeDistribution(
  desc: DistributionDesc | null,
  keysType: KeysType,
  keyColumns: string[],
  columns: Column[],
  hasReplace: boolean,
  colocate: boolean,
  range: RangeDistributionChoice = { enabled: false, explicitKeys: false, orderBy: false },
): DistributionInfo {
  let d: DistributionInfo;
  if (!desc) {
    if (colocate) throw semanticError('Colocate table must specify distribution column');
    // A key type or ORDER BY makes a range-distributed table; a DUPLICATE KEY derived with no ORDER BY stays RANDOM.
    if (range.enabled && (range.explicitKeys || range.orderBy)) return { type: 'RANGE', columns: [], buckets: 0 };
    if (keysType === 'PRIMARY_KEYS') d = { type: 'HASH', columns: [...keyColumns], buckets: 0 };
    else if (keysType === 'DUP_KEYS') d = { type: 'RANDOM', columns: [], buckets: 0 };
    else throw semanticError(`Currently not support default distribution in ${keysType}`);
  } else {
    d = { type: desc.type, columns: [...desc.columns], buckets: desc.buckets ?? 0 };
  }
  if (d.type === 'RANDOM' && keysType !== 'DUP_KEYS' && !(keysType === 'AGG_KEYS' && !hasReplace)) {
    // CreateTableAnalyzer: SemanticException at the distribution clause's position.
    const msg = `${KEYS_SQL[keysType]}${hasReplace ? ' with replace ' : ''} must use hash distribution`;
    if (desc?.pos) throw new SimError(1064, `Getting analyzing error ${desc.pos}. Detail message: ${msg}.`, '42000');
    throw semanticError(msg);
  }
  if (d.buckets < 0) throw semanticError('Number of hash distribution is zero.');
  if (d.type === 'HASH') {
    if (d.columns.length === 0) throw semanticError('Number of hash column is zero.');
    const seen = new Set<string>();
    d.columns = d.columns.map((name) => {
      const col = columns.find((c) => c.name.toLowerCase() === name.toLowerCase());
      if (!col) throw semanticError(`Distribution column(${name}) doesn't exist.`);
      if (seen.has(col.name.toLowerCase())) throw semanticError(`Duplicated distribution column ${name}`);
      seen.add(col.name.toLowerCase());
      return col.name;
    });
    for (const name of d.columns) {
      const col = columns.find((c) => c.name === name)!;
      if (/^(float|double)/.test(col.type)) throw ddlError('Floating point type column can not be distribution column');
      if (/^(hll|bitmap|percentile|json|array|map|struct)/.test(col.type)) {
        throw ddlError(`Distribution column[${name}] type is not supported: ${col.type}`);
      }
      if (keysType !== 'DUP_KEYS' && !col.isKey) throw ddlError(`Distribution column[${name}] is not key column`);
    }
  }
  return d;
}
