// `srsync check`'s verdicts: pure functions from the facts read on both clusters (facts.ts) to findings, each with
// its severity, the object, what is wrong and the exact statement that fixes it (the manual's statements).
import type { PlanNote } from '../planner/actions.js';
import { describeUnmatchedSelection, type UnmatchedSelectionEntry } from '../planner/scope.js';
import { noteLine } from '../engine/plan-notes.js';
import { quoteIdent } from '../sql/quote.js';
import { versionAtLeast } from '../inspector/parse.js';
import { MANUAL_SETTINGS, MIN_TARGET_VERSION } from '../engine/preflight.js';
import type { ClusterSide } from '../errors.js';
import { escapeControl } from '../log/escape.js';
import { rangeFindings, type RangeAlignmentFact } from './range.js';
import { bundlingFindings } from './bundling.js';

export type Severity = 'error' | 'warning' | 'info';

export interface Finding {
  severity: Severity;
  /** What is at fault: `target FE 10.0.0.1:9030`, `target volume src_vol1`, `db1.t1`, ... */
  object: string;
  /** What is wrong, one line. */
  problem: string;
  /** The statements (or config lines) that fix it; empty when there is none to give. */
  fix: string[];
}

/** One frontend as SHOW FRONTENDS lists it, with what could be read over its (mapped) addresses. */
export interface FrontendFacts {
  name: string;
  role: string;
  alive: boolean;
  /** The mapped query address, `host:port`. */
  query: string;
  rpc: string;
  http: string;
  /** Why the query port could not be used (connect or login), or null. */
  queryError: string | null;
  rpcError: string | null;
  httpError: string | null;
  /** ADMIN SHOW FRONTEND CONFIG values read on this FE (absent key: null). */
  settings: Readonly<Record<string, string | null>>;
  /** Its `IsMutable` column per key read (absent key: null): false = static, only fe.conf and a restart change it. */
  mutable?: Readonly<Record<string, boolean | null>>;
  /** The mapped query address as host and port (what `query` prints), for a command that connects to this FE. */
  queryEndpoint?: { host: string; port: number };
}

export interface SideFacts {
  side: ClusterSide;
  /** The configured FE, `host:port`. */
  address: string;
  user: string;
  version: string;
  runMode: string;
  /** Why SHOW PROC / SHOW FRONTENDS / ADMIN SHOW FRONTEND CONFIG failed (the OPERATE privilege), or null. */
  operateError: string | null;
  frontends: FrontendFacts[];
  /** Source only: what GET /service_id on the leader's (mapped) http address told (preflight's own request). */
  serviceId?: { id: string | null; warnings: string[]; address: string };
}

export interface VolumeFacts {
  name: string;
  type: string;
  location: string;
  enabled: boolean;
  params: Readonly<Record<string, string>>;
}

export interface CheckFacts {
  source: SideFacts;
  target: SideFacts;
  /** Source storage volumes used by the selected tables (DESC STORAGE VOLUME), with the tables using each. */
  sourceVolumes: Array<VolumeFacts & { tables: number }>;
  /** Target storage volumes by name (DESC STORAGE VOLUME). */
  targetVolumes: ReadonlyMap<string, VolumeFacts>;
  /** Target `enable_table_name_case_insensitive`: null when the FE has no such config. */
  targetCaseInsensitive: boolean | null;
  /** Selected source tables as `db.table`. */
  selectedTables: readonly string[];
  unmatchedSelection: readonly UnmatchedSelectionEntry[];
  /** The planner's blocking notes on the selected objects (src_ volumes excluded: volumeFindings covers them). */
  blockingNotes: readonly PlanNote[];
  /** Target replication_max_parallel_table_count (null: unknown). */
  maxParallelTables: number | null;
  /** Selected source tables (`db.table`) whose tablet metadata is bundled (check/bundling.ts); absent: none known. */
  bundledTables?: readonly string[];
  /** Selected source tables (`db.table`) that are range-distributed (check/range.ts); absent: none known. */
  rangeTables?: readonly string[];
  /** Selected range-distributed source tables with colocate_with (range-colocate: cannot be migrated). */
  rangeColocateTables?: readonly string[];
  /** Selected range tables already on the target: what their two topologies say (check/range-read.ts). */
  rangeAlignment?: readonly RangeAlignmentFact[];
}

export const CASE_INSENSITIVE_KEY = 'enable_table_name_case_insensitive';
/** StarRocks' limit on a storage volume name (FeNameFormat, 64 characters). */
export const MAX_VOLUME_NAME = 64;

const setConfig = (key: string, value: string) => `ADMIN SET FRONTEND CONFIG ("${key}" = "${value}");`;

export function sideFindings(s: SideFacts): Finding[] {
  const out: Finding[] = [];
  const where = `${s.side} cluster ${s.address}`;
  if (s.runMode !== '' && s.runMode !== 'shared_data') {
    out.push({ severity: 'error', object: where, problem: `runs in ${s.runMode} mode; srsync migrates shared-data clusters only`, fix: [] });
  }
  if (s.side === 'target' && s.version !== '' && !versionAtLeast(s.version, MIN_TARGET_VERSION)) {
    out.push({ severity: 'error', object: where, problem: `is StarRocks ${s.version}; the target must be v${MIN_TARGET_VERSION} or later`, fix: [] });
  }
  if (s.operateError !== null) {
    out.push({
      severity: 'error',
      object: `${s.side} user '${s.user}'`,
      problem: `lacks the SYSTEM OPERATE privilege the tool needs (SHOW PROC, SHOW FRONTENDS, ADMIN SHOW FRONTEND CONFIG): ${s.operateError}`,
      fix: [`GRANT OPERATE ON SYSTEM TO USER '${s.user.replace(/'/g, "\\'")}'@'%';`],
    });
  }
  if (s.serviceId) {
    const obj = `${s.side} FE http ${s.serviceId.address}`;
    for (const w of s.serviceId.warnings) {
      out.push({
        severity: 'warning',
        object: obj,
        problem: w,
        fix:
          s.serviceId.id === null
            ? ['open the source FE http_port (manual: "Open ports"), or map it in conf/hosts.properties']
            : ['set source_fe_http_scheme=https in conf/sync.properties where the FE offers HTTPS'],
      });
    }
    if (s.serviceId.id === null && s.serviceId.warnings.length === 0) {
      out.push({
        severity: 'warning',
        object: obj,
        problem: "GET /service_id gave no service id (an FE before 4.0, or not shared-data); srsync falls back to the tables' storage paths",
        fix: [],
      });
    }
  }
  for (const fe of s.frontends) {
    const obj = `${s.side} FE ${fe.name || fe.query} (${fe.role})`;
    if (!fe.alive) out.push({ severity: 'warning', object: obj, problem: 'is not alive in SHOW FRONTENDS', fix: [] });
    const mapHint = `open the port, or map the address in conf/hosts.properties: ${s.side.toUpperCase()}_<IP of SHOW FRONTENDS>=<reachable host>[;<port>:<port>]`;
    if (fe.queryError !== null)
      out.push({ severity: 'error', object: obj, problem: `query port ${fe.query} cannot be used: ${fe.queryError}`, fix: [mapHint] });
    if (fe.rpcError !== null && s.side === 'target')
      out.push({ severity: 'error', object: obj, problem: `rpc port ${fe.rpc} is not reachable: ${fe.rpcError}`, fix: [mapHint] });
    if (fe.httpError !== null && s.side === 'source')
      out.push({
        severity: 'warning',
        object: obj,
        problem: `http port ${fe.http} is not reachable (GET /service_id): ${fe.httpError}`,
        fix: [mapHint],
      });
  }
  return out;
}

/** The manual's settings (engine/preflight.ts MANUAL_SETTINGS) on every FE of each side, the source first. */
export function settingFindings(f: Pick<CheckFacts, 'source' | 'target'>): Finding[] {
  const out: Finding[] = [];
  const bySide = [...MANUAL_SETTINGS.filter((m) => m.side === 'source'), ...MANUAL_SETTINGS.filter((m) => m.side === 'target')];
  for (const m of bySide) {
    const side = f[m.side];
    for (const fe of side.frontends) {
      if (fe.queryError !== null) continue;
      const v = fe.settings[m.key];
      if (v === undefined || v === null || m.ok(v)) continue;
      out.push({
        severity: 'error',
        object: `${m.side} FE ${fe.name || fe.query} ${m.key}`,
        problem: `is ${v}; ${m.why} (${m.value})`,
        fix: [setConfig(m.key, m.value), ...(m.side === 'target' ? [`fe.conf: ${m.key} = ${m.value}`] : [])],
      });
    }
  }
  return out;
}

/** The manual's CREATE STORAGE VOLUME for `src_<name>`, the source location filled in, credentials as placeholders. */
export function mirrorVolumeSql(v: Pick<VolumeFacts, 'name' | 'type' | 'location' | 'params'>): string {
  const p = (k: string, placeholder: string) => {
    const val = v.params[k];
    return val !== undefined && val !== '' && val !== '******' ? val : placeholder;
  };
  return (
    `CREATE STORAGE VOLUME ${quoteIdent(`src_${v.name}`)} TYPE = ${v.type || 'S3'} LOCATIONS = ("${v.location.split(', ').join('", "')}") PROPERTIES (` +
    `"enabled" = "true", "aws.s3.region" = "${p('aws.s3.region', '<region>')}", "aws.s3.endpoint" = "${p('aws.s3.endpoint', '<endpoint>')}", ` +
    `"aws.s3.use_aws_sdk_default_behavior" = "false", "aws.s3.use_instance_profile" = "false", "aws.s3.access_key" = "<access_key>", ` +
    `"aws.s3.secret_key" = "<secret_key>", "aws.s3.enable_partitioned_prefix" = "false");`
  );
}

/** Each `src_<volume>` for the source volumes the selected tables use: present, enabled, same location, no prefix. */
export function volumeFindings(f: Pick<CheckFacts, 'sourceVolumes' | 'targetVolumes'>): Finding[] {
  const out: Finding[] = [];
  for (const src of f.sourceVolumes) {
    const name = `src_${src.name}`;
    const obj = `target volume ${name}`;
    const create = mirrorVolumeSql(src);
    if (name.length > MAX_VOLUME_NAME) {
      out.push({
        severity: 'error',
        object: obj,
        problem: `name is ${name.length} characters; StarRocks allows ${MAX_VOLUME_NAME}, so source volume ${src.name} (${src.tables} tables) cannot be mirrored`,
        fix: [`ALTER the source tables onto a volume with a name of at most ${MAX_VOLUME_NAME - 4} characters`],
      });
      continue;
    }
    const have = f.targetVolumes.get(name);
    if (!have) {
      out.push({
        severity: 'error',
        object: obj,
        problem: `is missing (source volume ${src.name}, ${src.tables} selected tables, at ${src.location})`,
        fix: [create],
      });
      continue;
    }
    const drop = `DROP STORAGE VOLUME ${quoteIdent(name)};`;
    if (have.location !== src.location)
      out.push({
        severity: 'error',
        object: obj,
        problem: `has location ${have.location}; source volume ${src.name} is at ${src.location}`,
        fix: [drop, create],
      });
    if (!have.enabled)
      out.push({
        severity: 'error',
        object: obj,
        problem: 'is disabled',
        fix: [`ALTER STORAGE VOLUME ${quoteIdent(name)} SET ("enabled" = "true");`],
      });
    if ((have.params['aws.s3.enable_partitioned_prefix'] ?? 'false').toLowerCase() !== 'false') {
      out.push({
        severity: 'error',
        object: obj,
        problem: 'has aws.s3.enable_partitioned_prefix=true; the manual requires false (the tool reads the source paths directly)',
        fix: [drop, create],
      });
    }
  }
  return out;
}

/** Selected source tables whose names differ only in case, when the target folds table names. */
export function caseFindings(f: Pick<CheckFacts, 'selectedTables' | 'targetCaseInsensitive'>): Finding[] {
  if (f.targetCaseInsensitive !== true) return [];
  const byFolded = new Map<string, string[]>();
  for (const k of f.selectedTables) {
    const folded = k.toLowerCase();
    byFolded.set(folded, [...(byFolded.get(folded) ?? []), k]);
  }
  return [...byFolded.values()]
    .filter((names) => names.length > 1)
    .map((names) => ({
      severity: 'error' as const,
      object: names.join(', '),
      problem: `names differ only in case and the target has ${CASE_INSENSITIVE_KEY}=true: they would be one table there`,
      fix: [`exclude all but one of them in exclude_data_list (conf/sync.properties), or rename them on the source`],
    }));
}

export function selectionFindings(f: Pick<CheckFacts, 'unmatchedSelection'>): Finding[] {
  return f.unmatchedSelection.map((u) => ({
    severity: 'error' as const,
    object: `${u.key} '${u.entry}'`,
    problem: describeUnmatchedSelection(u),
    fix: ['fix the entry in conf/sync.properties (names are case-sensitive)'],
  }));
}

export function planFindings(f: Pick<CheckFacts, 'blockingNotes'>): Finding[] {
  return f.blockingNotes.map((n) => ({
    severity: 'error' as const,
    object: [n.db, n.table, n.name].filter(Boolean).join('.'),
    problem: `cannot be migrated: ${noteLine(n)} (${n.reason})`,
    fix: n.configKey ? [`review ${n.configKey} in conf/sync.properties, or exclude the object in exclude_data_list`] : [],
  }));
}

export function slotFindings(f: Pick<CheckFacts, 'selectedTables' | 'maxParallelTables'>): Finding[] {
  const n = f.selectedTables.length;
  const max = f.maxParallelTables;
  if (max === null || n <= max || n === 0) return [];
  if (max <= 0) {
    return [
      {
        severity: 'error',
        object: 'target replication_max_parallel_table_count',
        problem: `is ${max}: the target admits no replication job`,
        fix: [setConfig('replication_max_parallel_table_count', '100')],
      },
    ];
  }
  return [
    {
      severity: 'info',
      object: 'target replication_max_parallel_table_count',
      problem: `is ${max}; ${n} selected tables replicate at most ${max} at a time (the first copy takes about ${Math.ceil(n / Math.max(1, max))} waves)`,
      fix: [setConfig('replication_max_parallel_table_count', String(Math.min(n, 1000)))],
    },
  ];
}

/** Every finding, errors first (stable within a severity). */
export function allFindings(f: CheckFacts): Finding[] {
  const all = [
    ...sideFindings(f.source),
    ...sideFindings(f.target),
    ...settingFindings(f),
    ...volumeFindings(f),
    ...caseFindings(f),
    ...selectionFindings(f),
    ...planFindings(f),
    ...slotFindings(f),
    ...rangeFindings(f),
    ...bundlingFindings(f),
  ];
  const rank: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
  return all
    .map((x, i) => ({ x, i }))
    .sort((a, b) => rank[a.x.severity] - rank[b.x.severity] || a.i - b.i)
    .map((y) => y.x);
}

export function findingLine(f: Finding): string {
  return escapeControl(`${f.severity.toUpperCase()} ${f.object}: ${f.problem}${f.fix.length > 0 ? ` | fix: ${f.fix.join(' ')}` : ''}`);
}

export function summaryLine(findings: readonly Finding[]): string {
  const n = (s: Severity) => findings.filter((f) => f.severity === s).length;
  const ready = n('error') === 0;
  return `check: ${n('error')} errors, ${n('warning')} warnings, ${n('info')} notes; ${ready ? 'READY' : 'NOT READY'}`;
}
