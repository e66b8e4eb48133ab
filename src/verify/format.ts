// How a VerifyReport is printed: one line per object not in sync plus a summary line, or one JSON document.
import type { DefinedObjectVerdict, TableVerdict, VerifyReport } from './compare.js';
import { escapeControl } from '../log/escape.js';
import type { ContentSummary, TableContent } from './content.js';

/** Partitions named per line before "and N more". */
const MAX_LISTED = 5;

function list<T>(items: readonly T[], show: (x: T) => string): string {
  const head = items.slice(0, MAX_LISTED).map(show).join(', ');
  return items.length > MAX_LISTED ? `${head} and ${items.length - MAX_LISTED} more` : head;
}

const rowText = (r: NonNullable<TableVerdict['rows']>) =>
  r.error !== undefined ? `COUNT(*) failed: ${r.error}` : `rows source ${r.source ?? '?'}, target ${r.target ?? '?'}`;

/** `<status> <db>.<table>: <details>` for a table not in sync; null when it is. */
export function tableLine(t: TableVerdict): string | null {
  const name = `${t.db}.${t.table}${t.targetDb === undefined ? '' : ` → ${t.targetDb}.${t.targetTable ?? t.table}`}`;
  const details: string[] = [];
  switch (t.status) {
    case 'in_sync':
      return null;
    case 'missing':
      return `missing ${name}: not on the target`;
    case 'schema_differs':
      details.push(`schema differs: ${t.schemaDifferences.join('; ')}`);
      break;
    default:
      if (t.missingPartitions.length > 0) details.push(`partitions missing on the target: ${list(t.missingPartitions, (p) => p)}`);
      if (t.extraPartitions.length > 0) details.push(`partitions only on the target: ${list(t.extraPartitions, (p) => p)}`);
      if (t.inconsistentPartitions.length > 0)
        details.push(`inconsistent partitions: ${list(t.inconsistentPartitions, (p) => `${p.name} (${p.detail})`)}`);
      if (t.laggingPartitions.length > 0) {
        details.push(
          `${t.laggingPartitions.length} partition(s) behind: ${list(t.laggingPartitions, (p) => `${p.name} (source version ${p.sourceVersion}, target data version ${p.targetDataVersion})`)}`,
        );
      }
  }
  if (t.rows && (t.rows.error !== undefined || t.rows.source !== t.rows.target)) details.push(rowText(t.rows));
  return `${t.status.replace(/_/g, ' ')} ${name}: ${details.join('; ')}`;
}

export function definedObjectLine(o: DefinedObjectVerdict): string | null {
  if (o.status === 'present') return null;
  const what = o.kind === 'view' ? 'view' : 'materialized view';
  const mapped = o.targetDb === undefined ? '' : ` → ${o.targetDb}.${o.targetName ?? o.name}`;
  return o.status === 'missing'
    ? `missing ${what} ${o.db}.${o.name}${mapped}: not on the target`
    : `differs ${what} ${o.db}.${o.name}${mapped}: definition differs from the source`;
}

export function summaryLine(r: VerifyReport): string {
  const s = r.summary;
  const parts = [
    `${s.tablesChecked} tables checked`,
    `${s.inSync} in sync`,
    `${s.lagging} lagging`,
    `${s.missing} missing`,
    `${s.schemaDiffers} schema differs`,
    `${s.partitionsDiffer} partitions differ`,
  ];
  if (r.rowsCounted) parts.push(`${s.rowsDiffer} row counts differ`);
  if (s.rowsUnavailable > 0) parts.push(`${s.rowsUnavailable} row counts unavailable`);
  if (s.databasesMissing > 0) parts.push(`${s.databasesMissing} databases missing`);
  let line = `verify: ${parts.join(', ')}`;
  if (s.views) line += `; views: ${s.views.checked} checked, ${s.views.missing} missing, ${s.views.differ} differ`;
  if (s.materializedViews)
    line += `; materialized views: ${s.materializedViews.checked} checked, ${s.materializedViews.missing} missing, ${s.materializedViews.differ} differ`;
  return `${line}; ${r.ok ? 'IN SYNC' : 'NOT IN SYNC'}`;
}

/** One line per difference: missing databases, then tables, then views and MVs (not escaped). */
export function differenceLines(r: Pick<VerifyReport, 'databasesMissing' | 'tables' | 'definedObjects'>): string[] {
  const out: string[] = [];
  for (const db of r.databasesMissing) out.push(`missing database ${db}: not on the target`);
  for (const t of r.tables) {
    const line = tableLine(t);
    if (line) out.push(line);
  }
  for (const o of r.definedObjects) {
    const line = definedObjectLine(o);
    if (line) out.push(line);
  }
  return out;
}

/** The human-readable output, one string per line (no newlines inside). */
export function formatText(r: VerifyReport): string[] {
  const out = differenceLines(r);
  for (const t of r.targetOnlyTables) out.push(`note: ${t.db}.${t.table} exists only on the target (not a cutover problem)`);
  out.push(summaryLine(r));
  // Names and FE messages may hold control characters or ANSI sequences: never let them shape the terminal.
  return out.map(escapeControl);
}

/** Extra facts for the JSON document (where the check ran). */
export interface ReportContext {
  source: { host: string; port: number; version: string; takenAt: number };
  target: { host: string; port: number; version: string; takenAt: number };
}

/** One JSON document (stable key order). */
export function formatJson(r: VerifyReport, ctx: ReportContext, content?: { summary: ContentSummary; tables: readonly TableContent[] }): string {
  const doc = {
    ok: r.ok && (!content || content.summary.differs + content.summary.notCompared === 0),
    source: { ...ctx.source, takenAt: new Date(ctx.source.takenAt).toISOString() },
    target: { ...ctx.target, takenAt: new Date(ctx.target.takenAt).toISOString() },
    rowsCounted: r.rowsCounted,
    summary: r.summary,
    databasesMissing: r.databasesMissing,
    tables: r.tables,
    views: r.definedObjects.filter((o) => o.kind === 'view').map(({ db, name, status }) => ({ db, name, status })),
    materializedViews: r.definedObjects.filter((o) => o.kind === 'materialized_view').map(({ db, name, status }) => ({ db, name, status })),
    targetOnlyTables: r.targetOnlyTables,
    ...(content ? { content: { summary: content.summary, tables: content.tables } } : {}),
  };
  return JSON.stringify(doc, null, 2);
}
