// Range-distributed tables (starrocks-2026.md §1.5, PR #77360): the topology `getRangeDistributionTopology` answers
// (physical partitions → indexes → tablets in range order, each tablet owning a key range), its comparison between
// the source and the target, and the exact-boundary splits that make the target's tablets own the source's ranges.
// Pure: parse, compare, plan. Convergence is split-only (the official workflow): a target boundary the source does
// not have would need a merge on the target, which srsync refuses (fail closed, with the table and the boundary).

/** One endpoint of a range: a tuple of canonical cell strings (null cell = SQL NULL); null endpoint = ±∞. */
export type RangeBound = ReadonlyArray<string | null> | null;

export interface TabletRange {
  readonly lowerBound: RangeBound;
  readonly lowerIncluded: boolean;
  readonly upperBound: RangeBound;
  readonly upperIncluded: boolean;
}

export interface RangeTablet {
  /** Decimal string (ids are kept exact, as elsewhere in srsync). */
  readonly tabletId: string;
  readonly range: TabletRange;
}

export interface RangeIndex {
  readonly indexName: string;
  readonly indexMetaId: string;
  /** The materialized index now serving the meta index (a split installs a new one in StarRocks). */
  readonly currentIndexId: string;
  /** In range order (−∞ first). */
  readonly tablets: readonly RangeTablet[];
}

export interface RangePartition {
  readonly partitionName: string;
  readonly partitionId: string;
  readonly physicalPartitionId: string;
  readonly visibleVersion: number;
  readonly indexes: readonly RangeIndex[];
}

export interface RangeTopology {
  readonly databaseName: string;
  readonly tableName: string;
  readonly tableId: string;
  readonly partitions: readonly RangePartition[];
}

export class TopologyParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TopologyParseError';
  }
}

/** JSON keys whose numbers are ids (Java longs): read as decimal strings, never through a double. */
const ID_KEYS = /"(tableId|partitionId|physicalPartitionId|indexMetaId|currentIndexId|tabletId)"\s*:\s*(-?\d+)/g;

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function field<T>(o: Record<string, unknown>, key: string, check: (v: unknown) => v is T, where: string): T {
  const v = o[key];
  if (!check(v)) throw new TopologyParseError(`${where}: "${key}" is missing or malformed`);
  return v;
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isBool = (v: unknown): v is boolean => typeof v === 'boolean';
const isId = (v: unknown): v is string => typeof v === 'string' && /^-?\d+$/.test(v);
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isArray = (v: unknown): v is unknown[] => Array.isArray(v);
const isBound = (v: unknown): v is RangeBound => v === null || (Array.isArray(v) && v.every((c) => c === null || typeof c === 'string'));

function parseRange(v: unknown, where: string): TabletRange {
  if (!isObject(v)) throw new TopologyParseError(`${where}: "range" is missing`);
  return {
    lowerBound: field(v, 'lowerBound', isBound, where),
    lowerIncluded: field(v, 'lowerIncluded', isBool, where),
    upperBound: field(v, 'upperBound', isBound, where),
    upperIncluded: field(v, 'upperIncluded', isBool, where),
  };
}

/**
 * The topology script's answer: the `result` rows joined with newlines (one JSON document). Ids stay exact decimal
 * strings. Throws TopologyParseError when the text is not the documented shape.
 */
export function parseTopology(text: string): RangeTopology {
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(ID_KEYS, '"$1":"$2"'));
  } catch (e) {
    throw new TopologyParseError(`the topology is not JSON: ${(e as Error).message}`);
  }
  if (!isObject(doc)) throw new TopologyParseError('the topology is not a JSON object');
  const table = `table ${String(doc['databaseName'])}.${String(doc['tableName'])}`;
  return {
    databaseName: field(doc, 'databaseName', isString, 'topology'),
    tableName: field(doc, 'tableName', isString, 'topology'),
    tableId: field(doc, 'tableId', isId, 'topology'),
    partitions: field(doc, 'partitions', isArray, table).map((p, i) => {
      const pw = `${table} partition #${i + 1}`;
      if (!isObject(p)) throw new TopologyParseError(`${pw} is not an object`);
      return {
        partitionName: field(p, 'partitionName', isString, pw),
        partitionId: field(p, 'partitionId', isId, pw),
        physicalPartitionId: field(p, 'physicalPartitionId', isId, pw),
        visibleVersion: field(p, 'visibleVersion', isNumber, pw),
        indexes: field(p, 'indexes', isArray, pw).map((x, j) => {
          const iw = `${pw} index #${j + 1}`;
          if (!isObject(x)) throw new TopologyParseError(`${iw} is not an object`);
          return {
            indexName: field(x, 'indexName', isString, iw),
            indexMetaId: field(x, 'indexMetaId', isId, iw),
            currentIndexId: field(x, 'currentIndexId', isId, iw),
            tablets: field(x, 'tablets', isArray, iw).map((tb, k) => {
              const tw = `${iw} tablet #${k + 1}`;
              if (!isObject(tb)) throw new TopologyParseError(`${tw} is not an object`);
              return { tabletId: field(tb, 'tabletId', isId, tw), range: parseRange(tb['range'], tw) };
            }),
          };
        }),
      };
    }),
  };
}

// ---------------------------------------------------------------- ranges and boundaries

const boundKey = (b: RangeBound): string => JSON.stringify(b);

/** A range as one comparable string (equal ranges ⇔ equal keys). */
export const rangeKey = (r: TabletRange): string =>
  `${r.lowerIncluded ? '[' : '('}${boundKey(r.lowerBound)},${boundKey(r.upperBound)}${r.upperIncluded ? ']' : ')'}`;

/** `[(a, b), (c))`-style text for messages (null endpoint = ±∞, null cell = NULL). */
export function rangeText(r: TabletRange): string {
  const tuple = (b: RangeBound, inf: string) => (b === null ? inf : `(${b.map((c) => (c === null ? 'NULL' : c)).join(', ')})`);
  return `${r.lowerIncluded ? '[' : '('}${tuple(r.lowerBound, '-∞')}, ${tuple(r.upperBound, '+∞')}${r.upperIncluded ? ']' : ')'}`;
}

const boundText = (b: RangeBound): string => (b === null ? '∞' : `(${b.map((c) => (c === null ? 'NULL' : c)).join(', ')})`);

/**
 * Why a tablet list is not a half-open partition of the whole key space ([−∞, b1), [b1, b2), …, [bn, +∞)), or
 * null. Only such layouts are compared: StarRocks accepts only half-open children (submitSplit).
 */
export function layoutProblem(tablets: readonly RangeTablet[]): string | null {
  if (tablets.length === 0) return 'has no tablets';
  if (tablets[0]!.range.lowerBound !== null) return `does not start at -∞ (tablet ${tablets[0]!.tabletId})`;
  if (tablets[tablets.length - 1]!.range.upperBound !== null) return `does not end at +∞ (tablet ${tablets[tablets.length - 1]!.tabletId})`;
  for (let i = 0; i < tablets.length; i++) {
    const r = tablets[i]!.range;
    if ((r.lowerBound !== null && !r.lowerIncluded) || (r.upperBound !== null && r.upperIncluded))
      return `tablet ${tablets[i]!.tabletId} owns ${rangeText(r)}, which is not half-open`;
    if (i > 0 && boundKey(tablets[i - 1]!.range.upperBound) !== boundKey(r.lowerBound))
      return `tablets ${tablets[i - 1]!.tabletId} and ${tablets[i]!.tabletId} are not adjacent`;
  }
  return null;
}

/** The inner boundaries of a half-open layout (each tablet's upper bound but the last), in order. */
const boundaries = (tablets: readonly RangeTablet[]): RangeBound[] => tablets.slice(0, -1).map((t) => t.range.upperBound);

// ---------------------------------------------------------------- comparison

/** One physical partition of a job: which source partition feeds which target partition. */
export interface PartitionLink {
  readonly srcPhysicalId: string;
  readonly tgtPhysicalId: string;
}

/** The split of one target tablet into children owning exactly the source's ranges inside it. */
export interface TabletSplit {
  readonly parentTabletId: string;
  readonly children: readonly TabletRange[];
}

/** Target tablet → source tablet for one index of one partition (equal ranges). */
export interface IndexPairing {
  readonly indexName: string;
  /** The target's current materialized index id (the request's index key). */
  readonly tgtIndexId: string;
  readonly srcIndexId: string;
  /** Target tablet ids in range order. */
  readonly tgtTabletIds: readonly string[];
  /** Source tablet ids in range order. */
  readonly srcTabletIds: readonly string[];
  /** Target tablet id → source tablet id with the same range. */
  readonly pairs: ReadonlyMap<string, string>;
}

export interface PartitionPairing {
  readonly srcPhysicalId: string;
  readonly tgtPhysicalId: string;
  /** The source topology's visible version of the partition when it was read. */
  readonly srcVisibleVersion: number;
  readonly indexes: readonly IndexPairing[];
}

export type TopologyComparison =
  /** Structurally equal: same indexes, same ordered ranges; tablets paired by range. */
  | { readonly kind: 'equal'; readonly partitions: readonly PartitionPairing[] }
  /** The target must be split at the source's boundaries first (split-only convergence). */
  | { readonly kind: 'split'; readonly splits: readonly TabletSplit[]; readonly why: string }
  /** Convergence would need a merge on the target, or the layouts cannot be compared: fail closed. */
  | { readonly kind: 'refuse'; readonly reason: string };

export interface CompareOptions {
  /** Most children per parent in one submission (tablet_reshard_max_split_count, default 1024). */
  readonly maxChildren?: number;
  /** Rename mapping: the target's base index name when the target table has another name than the source's. */
  readonly baseIndexNames?: { readonly src: string; readonly tgt: string };
}

export const DEFAULT_MAX_SPLIT_COUNT = 1024;

/**
 * Half-open children of `parent` cut at `cuts` (boundaries strictly inside it, in order), at most `max` children:
 * when there are more cuts, the last child keeps the rest (split again in the next submission).
 */
export function childrenOf(parent: TabletRange, cuts: readonly RangeBound[], max = DEFAULT_MAX_SPLIT_COUNT): TabletRange[] {
  const used = cuts.slice(0, Math.max(1, max - 1));
  const out: TabletRange[] = [];
  let lower = parent.lowerBound;
  let lowerIncluded = parent.lowerIncluded;
  for (const b of used) {
    out.push({ lowerBound: lower, lowerIncluded, upperBound: b, upperIncluded: false });
    lower = b;
    lowerIncluded = true;
  }
  out.push({ lowerBound: lower, lowerIncluded, upperBound: parent.upperBound, upperIncluded: parent.upperIncluded });
  return out;
}

type IndexOutcome = { kind: 'equal'; pairing: IndexPairing } | { kind: 'split'; splits: TabletSplit[] } | { kind: 'refuse'; reason: string };

function compareIndex(src: RangeIndex, tgt: RangeIndex, where: string, max: number): IndexOutcome {
  const srcProblem = layoutProblem(src.tablets);
  if (srcProblem) return { kind: 'refuse', reason: `${where}: the source layout ${srcProblem}` };
  const tgtProblem = layoutProblem(tgt.tablets);
  if (tgtProblem) return { kind: 'refuse', reason: `${where}: the target layout ${tgtProblem}` };
  const srcBounds = boundaries(src.tablets);
  const srcKeys = new Set(srcBounds.map(boundKey));
  const tgtBounds = boundaries(tgt.tablets);
  const extra = tgtBounds.filter((b) => !srcKeys.has(boundKey(b)));
  if (extra.length > 0) {
    return {
      kind: 'refuse',
      reason:
        `${where}: the target has tablet boundar${extra.length > 1 ? 'ies' : 'y'} ${extra.slice(0, 3).map(boundText).join(', ')}` +
        `${extra.length > 3 ? ` and ${extra.length - 3} more` : ''} that the source does not have (${tgt.tablets.length} target tablets, ` +
        `${src.tablets.length} source tablets); aligning would need a tablet merge on the target, which srsync does not do`,
    };
  }
  if (tgtBounds.length === srcBounds.length) {
    const pairs = new Map<string, string>();
    tgt.tablets.forEach((t, i) => pairs.set(t.tabletId, src.tablets[i]!.tabletId));
    return {
      kind: 'equal',
      pairing: {
        indexName: tgt.indexName,
        tgtIndexId: tgt.currentIndexId,
        srcIndexId: src.currentIndexId,
        tgtTabletIds: tgt.tablets.map((t) => t.tabletId),
        srcTabletIds: src.tablets.map((t) => t.tabletId),
        pairs,
      },
    };
  }
  // Every target boundary is a source boundary: cut each target tablet at the source boundaries inside it.
  const splits: TabletSplit[] = [];
  let j = 0; // index into srcBounds
  for (const t of tgt.tablets) {
    const upper = t.range.upperBound === null ? null : boundKey(t.range.upperBound);
    const cuts: RangeBound[] = [];
    while (j < srcBounds.length && boundKey(srcBounds[j]!) !== upper) cuts.push(srcBounds[j++]!);
    if (j < srcBounds.length) j++; // the target's own upper boundary
    if (cuts.length > 0) splits.push({ parentTabletId: t.tabletId, children: childrenOf(t.range, cuts, max) });
  }
  return { kind: 'split', splits };
}

/** Indexes of a source and a target partition paired by name (the base index by position under rename mapping). */
function pairIndexes(
  src: RangePartition,
  tgt: RangePartition,
  base: CompareOptions['baseIndexNames'],
): { pairs: Array<[RangeIndex, RangeIndex]> } | { problem: string } {
  const rename = (n: string) => (base && n === base.tgt ? base.src : n);
  const srcByName = new Map(src.indexes.map((i) => [i.indexName, i]));
  if (src.indexes.length !== tgt.indexes.length)
    return { problem: `the target has ${tgt.indexes.length} indexes and the source ${src.indexes.length}` };
  const pairs: Array<[RangeIndex, RangeIndex]> = [];
  for (const t of tgt.indexes) {
    const s = srcByName.get(rename(t.indexName));
    if (!s) return { problem: `index ${t.indexName} of the target is not on the source` };
    pairs.push([s, t]);
  }
  return { pairs };
}

/**
 * Compares the partitions of `links` (a job's partitions) between the source and the target topology. Equal: each
 * target tablet paired with the source tablet of the same range. Split: the target tablets to cut at the source's
 * boundaries (every target boundary exists on the source). Refuse: a target boundary missing on the source (a merge
 * would be needed), a partition or index missing, or a layout that is not half-open.
 */
export function compareTopologies(
  src: RangeTopology,
  tgt: RangeTopology,
  links: readonly PartitionLink[],
  opts: CompareOptions = {},
): TopologyComparison {
  const max = Math.max(2, opts.maxChildren ?? DEFAULT_MAX_SPLIT_COUNT);
  const srcById = new Map(src.partitions.map((p) => [p.physicalPartitionId, p]));
  const tgtById = new Map(tgt.partitions.map((p) => [p.physicalPartitionId, p]));
  const partitions: PartitionPairing[] = [];
  const splits: TabletSplit[] = [];
  const splitWhere: string[] = [];
  for (const link of links) {
    const s = srcById.get(link.srcPhysicalId);
    const t = tgtById.get(link.tgtPhysicalId);
    if (!s) return { kind: 'refuse', reason: `source physical partition ${link.srcPhysicalId} is not in the source topology` };
    if (!t) return { kind: 'refuse', reason: `target physical partition ${link.tgtPhysicalId} is not in the target topology` };
    const where = `partition ${t.partitionName}`;
    const indexes = pairIndexes(s, t, opts.baseIndexNames);
    if ('problem' in indexes) return { kind: 'refuse', reason: `${where}: ${indexes.problem}` };
    const pairings: IndexPairing[] = [];
    for (const [si, ti] of indexes.pairs) {
      const iw = `${where} index ${ti.indexName}`;
      const r = compareIndex(si, ti, iw, max);
      if (r.kind === 'refuse') return r;
      if (r.kind === 'split') {
        splits.push(...r.splits);
        splitWhere.push(`${iw}: ${ti.tablets.length} target tablet(s), ${si.tablets.length} source tablet(s)`);
      } else pairings.push(r.pairing);
    }
    partitions.push({
      srcPhysicalId: s.physicalPartitionId,
      tgtPhysicalId: t.physicalPartitionId,
      srcVisibleVersion: s.visibleVersion,
      indexes: pairings,
    });
  }
  if (splits.length > 0) return { kind: 'split', splits, why: splitWhere.join('; ') };
  return { kind: 'equal', partitions };
}

/**
 * Whether two topologies are structurally equal over all their partitions (same partition names, same indexes,
 * the same ordered list of ranges): what "the target equals the source" means for a range table.
 */
export function structurallyEqual(src: RangeTopology, tgt: RangeTopology): boolean {
  const shape = (t: RangeTopology) =>
    JSON.stringify(
      [...t.partitions]
        .map((p) => [p.partitionName, p.indexes.map((i) => [i.indexName, i.tablets.map((x) => rangeKey(x.range))])] as const)
        .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)),
    );
  return shape(src) === shape(tgt);
}

/** The split request of the protocol: parent tablet id → child ranges (JSON map, submitSplit). */
export function splitRequest(splits: readonly TabletSplit[]): Record<string, TabletRange[]> {
  const out: Record<string, TabletRange[]> = {};
  for (const s of splits) out[s.parentTabletId] = s.children.map((c) => ({ ...c }));
  return out;
}

/** The source tablet ids of the linked partitions, for checking that the source did not reshard since a read. */
export function sourceTabletIds(p: readonly PartitionPairing[]): string {
  return p.map((x) => `${x.srcPhysicalId}:${x.indexes.map((i) => i.srcTabletIds.join(',')).join('|')}`).join(';');
}

/** The same, read from a source topology (the linked partitions only). */
export function sourceTabletIdsOf(src: RangeTopology, p: readonly PartitionPairing[]): string {
  const byId = new Map(src.partitions.map((x) => [x.physicalPartitionId, x]));
  return p
    .map((x) => {
      const s = byId.get(x.srcPhysicalId);
      const ids = x.indexes.map((i) => (s?.indexes.find((si) => si.currentIndexId === i.srcIndexId)?.tablets ?? []).map((t) => t.tabletId).join(','));
      return `${x.srcPhysicalId}:${ids.join('|')}`;
    })
    .join(';');
}
