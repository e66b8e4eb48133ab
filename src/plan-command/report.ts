// What `srsync plan` prints: the dry run's DDL (drops marked and counted apart), the replication per table, what is
// not migrated and why, and the estimated copy time. Pure: a DryRun and the source catalog in, lines / JSON out.
import type { DdlAction, PlanNote } from '../planner/actions.js';
import type { PlannerConfig } from '../planner/config.js';
import type { ClusterSnapshot } from '../model/snapshot.js';
import { makeScope } from '../planner/scope.js';
import { noteLine } from '../engine/plan-notes.js';
import { escapeControl } from '../log/escape.js';
import { isDrop, type DryRun } from './dry-run.js';

/** The copy throughput assumed when --throughput is not given (MB/s, aggregate over all running jobs). */
export const DEFAULT_THROUGHPUT_MB_S = 100;

/** Partition names printed per table in the text form (all of them in --json). */
const PARTITIONS_SHOWN = 10;

export interface PlanReport {
  ddl: Array<{ n: number; kind: DdlAction['kind']; object: string; reason: string; drop: boolean; sql: string }>;
  drops: number;
  replication: Array<{ db: string; table: string; partitions: number; bytes: number; jobs: number; partitionNames: string[] }>;
  notMigrated: Array<{ object: string; reason: string; message: string }>;
  inSync: number;
  totals: { statements: number; drops: number; tables: number; partitions: number; bytes: number; jobs: number };
  estimate: { throughputMBps: number; seconds: number; assumption: string };
}

const objectOf = (a: { db: string; table?: string; name?: string }): string =>
  [a.db, a.table, a.name].filter((x) => x !== undefined && x !== '').join('.');

/** What is left out by configuration: excluded names, views / MVs when their sync is off, MV data, privileges. */
export function configuredExclusions(source: ClusterSnapshot, cfg: PlannerConfig): PlanReport['notMigrated'] {
  const scope = makeScope(cfg);
  const out: PlanReport['notMigrated'] = [];
  let views = 0;
  let mvs = 0;
  for (const db of source.databases.values()) {
    if (!scope.database(db.name)) {
      out.push({ object: db.name, reason: 'excluded', message: 'database not selected by include_data_list / exclude_data_list' });
      continue;
    }
    for (const name of [...db.tables.keys(), ...db.views.keys(), ...db.materializedViews.keys()]) {
      if (!scope.object(db.name, name))
        out.push({ object: `${db.name}.${name}`, reason: 'excluded', message: 'not selected by include_data_list / exclude_data_list' });
    }
    views += [...db.views.keys()].filter((n) => scope.object(db.name, n)).length;
    mvs += [...db.materializedViews.keys()].filter((n) => scope.object(db.name, n)).length;
  }
  if (views > 0 && !cfg.enableViewSync)
    out.push({ object: `${views} view(s)`, reason: 'view_sync_off', message: 'views are not created (enable_view_sync=false)' });
  if (mvs > 0 && !cfg.enableMaterializedViewSync) {
    out.push({
      object: `${mvs} materialized view(s)`,
      reason: 'materialized_view_sync_off',
      message: 'asynchronous materialized views are not created (enable_materialized_view_sync=false)',
    });
  }
  if (mvs > 0 && cfg.enableMaterializedViewSync) {
    out.push({
      object: `${mvs} materialized view(s)`,
      reason: 'materialized_view_data',
      message: 'definitions only: their data is not migrated; the target refreshes them',
    });
  }
  out.push({
    object: 'users, roles, privileges',
    reason: 'not_supported',
    message: 'not migrated by srsync run (the manual lists databases, tables, views and MVs only)',
  });
  return out;
}

export function planReport(dry: DryRun, source: ClusterSnapshot, cfg: PlannerConfig, throughputMBps: number, explicit: boolean): PlanReport {
  const ddl = dry.ddl.map((a, i) => ({ n: i + 1, kind: a.kind, object: objectOf(a), reason: a.reason, drop: isDrop(a), sql: a.sql }));
  const replication = dry.replication.map((w) => ({
    db: w.db,
    table: w.table,
    partitions: w.jobs.reduce((n, j) => n + j.partitions.length, 0),
    bytes: w.jobs.reduce((n, j) => n + j.dataSize, 0),
    jobs: w.jobs.length,
    partitionNames: [...new Set(w.jobs.flatMap((j) => j.partitions.map((p) => p.name)))],
  }));
  const notes = dry.notes.map((n: PlanNote) => ({
    object: objectOf(n.table !== undefined ? { db: n.db, table: n.table, ...(n.name !== undefined ? { name: n.name } : {}) } : n),
    reason: n.reason,
    message: noteLine(n),
  }));
  const bytes = replication.reduce((n, r) => n + r.bytes, 0);
  const drops = ddl.filter((d) => d.drop).length;
  return {
    ddl,
    drops,
    replication,
    notMigrated: [...notes, ...configuredExclusions(source, cfg)],
    inSync: dry.inSync.length,
    totals: {
      statements: ddl.length,
      drops,
      tables: replication.length,
      partitions: replication.reduce((n, r) => n + r.partitions, 0),
      bytes,
      jobs: replication.reduce((n, r) => n + r.jobs, 0),
    },
    estimate: {
      throughputMBps,
      seconds: throughputMBps > 0 ? Math.ceil(bytes / (throughputMBps * 1024 * 1024)) : 0,
      assumption: explicit
        ? `--throughput ${throughputMBps} MB/s`
        : `assumed ${throughputMBps} MB/s aggregate object-storage copy throughput (set --throughput)`,
    },
  };
}

export function formatBytes(n: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${n} B` : `${v.toFixed(1)} ${units[u]}`;
}

function duration(s: number): string {
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

/** The text form: sections in the order `run` works, one line per item, statements as `run` sends them. */
export function formatPlanText(r: PlanReport): string[] {
  const out: string[] = [];
  out.push(`DDL on the target, in order (${r.totals.statements} statements, ${r.drops} drops):`);
  for (const d of r.ddl) out.push(`${String(d.n).padStart(4)}. ${d.drop ? '[DROP] ' : ''}${escapeControl(d.sql.replace(/;\s*$/, ''))};`);
  out.push(`Replication (${r.totals.tables} tables, ${r.totals.partitions} partitions, ${formatBytes(r.totals.bytes)}, ${r.totals.jobs} jobs):`);
  for (const t of r.replication) {
    const names =
      t.partitionNames.slice(0, PARTITIONS_SHOWN).join(', ') +
      (t.partitionNames.length > PARTITIONS_SHOWN ? `, +${t.partitionNames.length - PARTITIONS_SHOWN} more` : '');
    out.push(`  ${escapeControl(`${t.db}.${t.table}: ${t.partitions} partitions (${names}), ${formatBytes(t.bytes)}, ${t.jobs} job(s)`)}`);
  }
  out.push(`Not migrated (${r.notMigrated.length}):`);
  for (const n of r.notMigrated)
    out.push(`  ${escapeControl(n.reason === 'excluded' || !n.message.includes(n.object) ? `${n.object}: ${n.message}` : n.message)}`);
  out.push(`Estimated copy time: ${duration(r.estimate.seconds)} (${formatBytes(r.totals.bytes)} at ${r.estimate.assumption})`);
  out.push(
    `plan: ${r.totals.statements} DDL statements (${r.drops} drops), ${r.totals.tables} tables to replicate (${r.totals.partitions} partitions, ${formatBytes(r.totals.bytes)}, ${r.totals.jobs} jobs), ${r.inSync} tables in sync, ${r.notMigrated.length} not migrated; nothing was changed`,
  );
  return out;
}
