// The auditable report of `srsync cutover` (pure): what was compared and how it ended, as one JSON document and as
// text lines, plus the next steps. Per table: the verify verdict, the row counts and, per partition, the versions
// and both clusters' content fingerprints. Both clusters appear as host:port and user, never with a password.
import type { ClusterSnapshot } from '../model/snapshot.js';
import type { VerifyReport } from '../verify/compare.js';
import { contentLines, type ContentStatus, type Fingerprint, type TableContent } from '../verify/content.js';
import { differenceLines as verifyDifferences, tableLine } from '../verify/format.js';
import { escapeControl } from '../log/escape.js';

export type StepName = 'source_quiet' | 'zero_lag' | 'verify_content' | 'stop_run';

export interface StepRecord {
  step: StepName;
  /** Epoch ms. */
  startedAt: number;
  endedAt: number;
  /** One line: how the step ended. */
  result: string;
}

export interface SideFacts {
  /** host:port of the FE query port. */
  address: string;
  user: string;
  /** SELECT @@version_comment. */
  version: string;
}

/** What happened to the srsync run of the same conf. */
export interface RunFacts {
  /** `stopped`, `not_running`, `left_running` (not asked to, or the stop was declined), `still_running` (did not exit in time). */
  state: 'stopped' | 'not_running' | 'left_running' | 'still_running';
  pids: number[];
  notes: string[];
}

export interface CutoverFacts {
  srsyncVersion: string;
  confDir: string;
  source: SideFacts;
  target: SideFacts;
  quietSeconds: number;
  timeoutSeconds: number;
  include: string[];
  exclude: string[];
  startedAt: number;
  finishedAt: number;
  steps: StepRecord[];
  /** When the source was last seen to change before it was found quiet (epoch ms). */
  sourceQuietSince: number | null;
  /** The last comparison (absent when the cutover stopped before it). */
  verify?: VerifyReport;
  content?: readonly TableContent[];
  /** The target catalog of the last comparison (target data versions per partition). */
  targetSnapshot?: ClusterSnapshot;
  run: RunFacts;
  done: boolean;
  /** Why not done (empty when done). */
  reasons: string[];
  /** Where the report files are. */
  files: { text: string; json: string };
}

interface FingerprintDoc {
  rows: number;
  hash1: string | null;
  hash2: string | null;
}

interface PartitionDoc {
  name: string;
  content: ContentStatus;
  reason?: string;
  source_visible_versions: readonly number[] | null;
  target_data_versions: readonly number[] | null;
  source?: FingerprintDoc;
  target?: FingerprintDoc;
}

interface TableDoc {
  db: string;
  table: string;
  /** verify's verdict (in_sync, lagging, ...). */
  status: string;
  /** same: every partition's fingerprint equal; differs / not_compared: at least one; not_checked: no fingerprints taken. */
  content: ContentStatus | 'not_checked';
  rows: { source: number | null; target: number | null };
  problems: string[];
  partitions: PartitionDoc[];
}

const iso = (ms: number) => new Date(ms).toISOString();
const fp = (f: Fingerprint | undefined): FingerprintDoc | undefined => (f ? { rows: f.rows, hash1: f.hash1, hash2: f.hash2 } : undefined);
const sum = (xs: ReadonlyArray<number | undefined>) => (xs.some((x) => x === undefined) ? null : xs.reduce<number>((a, x) => a + x!, 0));

function tableDocs(f: CutoverFacts): TableDoc[] {
  const content = new Map((f.content ?? []).map((c) => [`${c.db}\u0000${c.table}`, c]));
  return (f.verify?.tables ?? []).map((t) => {
    const c = content.get(`${t.db}\u0000${t.table}`);
    const tgt = f.targetSnapshot?.databases.get(t.targetDb ?? t.db)?.tables.get(t.targetTable ?? t.table); // rename mapping
    const partitions: PartitionDoc[] = (c?.partitions ?? []).map((p) => ({
      name: p.name,
      content: p.status,
      ...(p.reason ? { reason: p.reason } : {}),
      source_visible_versions: p.sourceVersions ?? null,
      target_data_versions: tgt?.partitions.get(p.name)?.physical.map((x) => x.dataVersion) ?? null,
      ...(p.source ? { source: fp(p.source) } : {}),
      ...(p.target ? { target: fp(p.target) } : {}),
    }));
    const worst: ContentStatus | 'not_checked' = !c
      ? 'not_checked'
      : c.partitions.some((p) => p.status === 'differs')
        ? 'differs'
        : c.partitions.some((p) => p.status === 'not_compared')
          ? 'not_compared'
          : 'same';
    const line = tableLine(t);
    return {
      db: t.db,
      table: t.table,
      status: t.status,
      content: worst,
      rows: c
        ? { source: sum(c.partitions.map((p) => p.source?.rows)), target: sum(c.partitions.map((p) => p.target?.rows)) }
        : { source: null, target: null },
      problems: [...(line ? [line] : []), ...(c ? contentLines([c]) : [])].map(escapeControl),
      partitions,
    };
  });
}

/** Every difference found, one line each (what made the cutover refuse). */
export function differenceLines(f: Pick<CutoverFacts, 'verify' | 'content'>): string[] {
  const out = f.verify ? verifyDifferences(f.verify) : [];
  if (f.content) out.push(...contentLines(f.content).filter((l) => !l.startsWith('note: ')));
  return out.map(escapeControl);
}

/** What the DBA does after a successful cutover (the manual's After Migration steps that follow "Stop the migration tool"). */
export function nextSteps(f: Pick<CutoverFacts, 'confDir' | 'target' | 'files'>): string[] {
  return [
    `Point your applications at the target cluster (${f.target.address}); keep the source read-only until you are satisfied.`,
    `Run \`srsync finish --conf ${f.confDir}\` to restore the FE settings \`srsync prepare\` recorded, on every FE, in the manual's order: the source's lake_autovacuum_grace_period_minutes, the target's lake_compaction_max_tasks and enable_legacy_compatibility_for_replication (and remove their lines from fe.conf). Without a prepare record, restore the values you recorded before the migration by hand (the manual's After Migration section); do not assume defaults.`,
    'Drop the src_<volume> storage volumes on the target once nothing reads from them (`srsync finish --drop-src-volumes` drops the ones `srsync prepare` created), and revoke the temporary credentials they used.',
    `Keep this report (${f.files.text}, ${f.files.json}) with your change records.`,
  ];
}

export function reportDocument(f: CutoverFacts): Record<string, unknown> {
  const tables = tableDocs(f);
  const parts = tables.flatMap((t) => t.partitions);
  const total = (side: 'source' | 'target') => sum(tables.map((t) => t.rows[side] ?? undefined));
  return {
    report: 'srsync cutover',
    srsync_version: f.srsyncVersion,
    outcome: f.done ? 'done' : 'not_done',
    reasons: f.reasons,
    started_at: iso(f.startedAt),
    finished_at: iso(f.finishedAt),
    seconds: Math.round((f.finishedAt - f.startedAt) / 100) / 10,
    conf_dir: f.confDir,
    source: f.source,
    target: f.target,
    options: { quiet_seconds: f.quietSeconds, timeout_seconds: f.timeoutSeconds },
    selection: { include_data_list: f.include, exclude_data_list: f.exclude },
    steps: f.steps.map((s) => ({
      step: s.step,
      started_at: iso(s.startedAt),
      seconds: Math.round((s.endedAt - s.startedAt) / 100) / 10,
      result: s.result,
    })),
    source_quiet_since: f.sourceQuietSince === null ? null : iso(f.sourceQuietSince),
    summary: {
      tables: tables.length,
      tables_in_sync: f.verify?.summary.inSync ?? 0,
      tables_content_same: tables.filter((t) => t.content === 'same').length,
      partitions: parts.length,
      partitions_same: parts.filter((p) => p.content === 'same').length,
      partitions_differ: parts.filter((p) => p.content === 'differs').length,
      partitions_not_compared: parts.filter((p) => p.content === 'not_compared').length,
      rows_source: total('source'),
      rows_target: total('target'),
    },
    tables,
    views: (f.verify?.definedObjects ?? []).map(({ kind, db, name, status }) => ({ kind, db, name, status })),
    differences: differenceLines(f),
    run: f.run,
    next_steps: f.done ? nextSteps(f) : [],
  };
}

const fpText = (d: FingerprintDoc | undefined) => (d ? `${d.rows} rows, fingerprint ${d.hash1 ?? 'null'}/${d.hash2 ?? 'null'}` : '-');

/** The text report, one string per line. */
export function reportText(f: CutoverFacts): string[] {
  const doc = reportDocument(f);
  const tables = doc['tables'] as TableDoc[];
  const s = doc['summary'] as Record<string, number | null>;
  const out = [
    `srsync cutover report (srsync ${f.srsyncVersion})`,
    `outcome: ${f.done ? 'DONE' : 'NOT DONE'}${f.reasons.length > 0 ? ` (${f.reasons.join('; ')})` : ''}`,
    `started ${iso(f.startedAt)}, finished ${iso(f.finishedAt)} (${doc['seconds'] as number} s); conf ${f.confDir}`,
    `source ${f.source.address} as ${f.source.user}, version ${f.source.version}`,
    `target ${f.target.address} as ${f.target.user}, version ${f.target.version}`,
    `selection: include_data_list=${f.include.join(',') || '(all)'} exclude_data_list=${f.exclude.join(',') || '(none)'}; quiet period ${f.quietSeconds} s, timeout ${f.timeoutSeconds} s`,
    '',
    'steps:',
    ...(doc['steps'] as Array<{ step: string; started_at: string; seconds: number; result: string }>).map(
      (x) => `  ${x.step}: ${x.result} (started ${x.started_at}, ${x.seconds} s)`,
    ),
    `source quiet since: ${(doc['source_quiet_since'] as string | null) ?? '-'}`,
    '',
    `summary: ${s['tables']} tables, ${s['tables_in_sync']} in sync, ${s['tables_content_same']} with the same content; ${s['partitions']} partitions fingerprinted, ${s['partitions_same']} same, ${s['partitions_differ']} differ, ${s['partitions_not_compared']} could not compare; rows source ${s['rows_source'] ?? '?'}, target ${s['rows_target'] ?? '?'}`,
    '',
    'tables:',
  ];
  for (const t of tables) {
    out.push(
      `  ${t.db}.${t.table}: ${t.status.replace(/_/g, ' ')}, content ${t.content.replace(/_/g, ' ')}, rows source ${t.rows.source ?? '?'}, target ${t.rows.target ?? '?'}`,
    );
    for (const p of t.partitions) {
      out.push(
        `    partition ${p.name}: ${p.content.replace(/_/g, ' ')}; source visible version ${p.source_visible_versions?.join('/') ?? '?'}, target data version ${p.target_data_versions?.join('/') ?? '?'}; source ${fpText(p.source)}; target ${fpText(p.target)}${p.reason ? `; ${p.reason}` : ''}`,
      );
    }
  }
  const diffs = doc['differences'] as string[];
  if (diffs.length > 0) out.push('', 'differences:', ...diffs.map((d) => `  ${d}`));
  const run = f.run;
  out.push(
    '',
    `srsync run: ${run.state.replace(/_/g, ' ')}${run.pids.length > 0 ? ` (pid ${run.pids.join(', ')})` : ''}`,
    ...run.notes.map((n) => `  ${n}`),
  );
  const next = doc['next_steps'] as string[];
  if (next.length > 0) out.push('', 'next steps:', ...next.map((n, i) => `  ${i + 1}. ${n}`));
  return out.map(escapeControl);
}
