// The two frontend scripts of the range-migration protocol (PR #77360, starrocks-2026.md §1.5), each sent as ONE
// `ADMIN EXECUTE ON FRONTEND '<script>'` statement (never split at semicolons; run on the leader FE, not forwarded).
// Quoting, inside out: names and the JSON request are Groovy single-quoted strings (backslash and quote escaped; no
// `$` interpolation in single quotes), and the whole script is one SQL single-quoted literal (src/sql/quote.ts).
import { quoteString } from '../sql/quote.js';
import type { TabletRange } from './topology.js';

/** A Groovy single-quoted string literal. */
export const groovyString = (s: string): string => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r')}'`;

/** `metastore.getRangeDistributionTopology(db, table)`: JSON by physical partition, index, tablet. */
export function topologyScript(db: string, table: string): string {
  return `out.append(globalState.getLocalMetastore().getRangeDistributionTopology(${groovyString(db)}, ${groovyString(table)}))`;
}

/** `RangeDistributionMigrationService.submitSplit(db, table, {parentTabletId → [RangeSpec…]})`: answers the job id. */
export function splitScript(db: string, table: string, request: Readonly<Record<string, readonly TabletRange[]>>): string {
  return [
    'import com.starrocks.alter.reshard.RangeDistributionMigrationService',
    'import com.starrocks.alter.reshard.RangeDistributionMigrationService.RangeSpec',
    `def req = new groovy.json.JsonSlurper().parseText(${groovyString(JSON.stringify(request))})`,
    'def ranges = new LinkedHashMap<Long, List<RangeSpec>>()',
    'req.each { k, v -> ranges.put(Long.valueOf(k), v.collect { r -> new RangeSpec(r.lowerBound, r.lowerIncluded, r.upperBound, r.upperIncluded) }) }',
    `out.append(new RangeDistributionMigrationService().submitSplit(${groovyString(db)}, ${groovyString(table)}, ranges))`,
  ].join('\n');
}

/** The one SQL statement that runs `script` on the FE it is sent to. */
export const adminExecuteSql = (script: string): string => `ADMIN EXECUTE ON FRONTEND ${quoteString(script)}`;

/** The reshard jobs of one table (information_schema.tablet_reshard_jobs, PR #66342). */
export function reshardJobsSql(db: string, table: string): string {
  return (
    'SELECT JOB_ID, JOB_TYPE, JOB_STATE, ERROR_MESSAGE FROM information_schema.tablet_reshard_jobs ' +
    `WHERE DB_NAME = ${quoteString(db)} AND TABLE_NAME = ${quoteString(table)}`
  );
}

/** Session variable that makes a CREATE TABLE without DISTRIBUTED BY range-distributed (same connection, before it). */
export const RANGE_SESSION_SQL = 'SET enable_range_distribution = true';
