// The range-migration protocol over one FE's SQL connection (the leader: `ADMIN EXECUTE ON FRONTEND` is not
// forwarded): read a table's topology, submit a split, follow the split job in information_schema.tablet_reshard_jobs.
// Every FE refusal is classified once here (classifyScriptError): busy (the table reshards or replicates: wait),
// or a refusal that will not pass by itself (with the fix).
import type { Failure } from '../cluster/fe-answers.js';
import { SqlError } from '../cluster/sql-client.js';
import type { ClusterSide } from '../errors.js';
import { adminExecuteSql, reshardJobsSql, splitScript, topologyScript } from './scripts.js';
import { parseTopology, TopologyParseError, type RangeTopology, type TabletRange } from './topology.js';

export interface SqlQuery {
  query(sql: string): Promise<Array<Record<string, string | null>>>;
}

/** What a refused script means. */
export type ScriptRefusal =
  /** The table is resharding (TABLET_RESHARD) or under replication: the same request passes later. */
  | { kind: 'busy'; message: string }
  /** It will fail the same way until someone changes something. */
  | { kind: 'refused'; failure: Failure };

/** A refusal that will not pass by itself, or a failure of the alignment itself: what the scheduler reports. */
export class RangeAlignmentError extends Error {
  constructor(readonly failure: Failure) {
    super(failure.message);
    this.name = 'RangeAlignmentError';
  }
}

/** The FE said the table is busy (resharding, replicating): the caller waits and asks again. */
export class RangeBusyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RangeBusyError';
  }
}

const BUSY =
  /is not in NORMAL state|state is not NORMAL|is under replication|is being constructed|reshard(?:ing)? (?:job )?is (?:running|in progress)/i;

/** Classifies an FE error to a protocol script on `side` for table `table` (`db.table`). */
export function classifyScriptError(message: string, side: ClusterSide, table: string): ScriptRefusal {
  if (BUSY.test(message)) return { kind: 'busy', message };
  const refused = (fix: string): ScriptRefusal => ({
    kind: 'refused',
    failure: { permanent: true, cause: 'admission_refused', message: `${table}: the ${side} FE refused the range-migration script: ${message}`, fix },
  });
  if (/execute script on frontend is disabled/i.test(message))
    return refused(`set enable_execute_script_on_frontend = true in every ${side} FE's fe.conf and restart the FEs (static; srsync check shows it)`);
  if (/must be submitted to the active leader/i.test(message))
    return refused(`point ${side === 'source' ? 'source' : 'target'}_fe_host/_port in conf/sync.properties at the ${side}'s leader FE`);
  if (/Range-colocate tables are not supported/i.test(message))
    return refused('range-colocate tables cannot be migrated by replication; exclude the table in exclude_data_list and migrate it by export/import');
  if (/is not range-distributed/i.test(message))
    return refused(
      `the table is range-distributed on one side only; drop the target table so srsync re-creates it range-distributed (ddl_job_allow_drop_inconsistent_table)`,
    );
  if (/Access denied|OPERATE/i.test(message)) return refused(`grant OPERATE ON SYSTEM to the ${side} user`);
  return refused('');
}

export interface ReshardJobRow {
  jobId: string;
  type: string;
  state: string;
  error: string;
}

/** Reshard job states that end a job (TabletReshardJob.JobState). */
export const RESHARD_DONE = new Set(['FINISHED', 'ABORTED', 'CANCELLED']);

/** The protocol on one cluster. Throws RangeBusyError (wait and retry), RangeAlignmentError (refused), SqlError (transport). */
export class RangeClient {
  constructor(
    private readonly sql: SqlQuery,
    readonly side: ClusterSide,
  ) {}

  private async run(script: string, table: string): Promise<string> {
    let rows: Array<Record<string, string | null>>;
    try {
      rows = await this.sql.query(adminExecuteSql(script));
    } catch (e) {
      if (e instanceof SqlError && e.transient) throw e;
      const message = e instanceof Error ? e.message : String(e);
      const r = classifyScriptError(message, this.side, table);
      if (r.kind === 'busy') throw new RangeBusyError(r.message);
      throw new RangeAlignmentError(r.failure);
    }
    return rows.map((r) => r['result'] ?? Object.values(r)[0] ?? '').join('\n');
  }

  async topology(db: string, table: string): Promise<RangeTopology> {
    const text = await this.run(topologyScript(db, table), `${db}.${table}`);
    try {
      return parseTopology(text);
    } catch (e) {
      if (!(e instanceof TopologyParseError)) throw e;
      throw new RangeAlignmentError({
        permanent: true,
        cause: 'admission_refused',
        message: `${db}.${table}: the ${this.side} topology cannot be read: ${e.message}`,
        fix: '',
      });
    }
  }

  /** Submits the split; returns the reshard job id. */
  async submitSplit(db: string, table: string, request: Readonly<Record<string, readonly TabletRange[]>>): Promise<string> {
    const out = (await this.run(splitScript(db, table, request), `${db}.${table}`)).trim();
    return out.split('\n')[0]!.trim();
  }

  async reshardJobs(db: string, table: string): Promise<ReshardJobRow[]> {
    const rows = await this.sql.query(reshardJobsSql(db, table));
    return rows.map((r) => ({
      jobId: r['JOB_ID'] ?? '',
      type: r['JOB_TYPE'] ?? '',
      state: r['JOB_STATE'] ?? '',
      error: r['ERROR_MESSAGE'] ?? '',
    }));
  }
}
