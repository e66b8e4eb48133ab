// The only code that writes to the target cluster's catalog: runs planned DDL statements.
// Phases (runs of consecutive actions of the same kind) run one after another; inside a phase, statements on
// different objects run concurrently (up to ddl_job_batch_size) and statements on the same object in order.
import type { SqlClient } from '../cluster/sql-client.js';
import { SqlError } from '../cluster/sql-client.js';
import type { Logger } from '../log/logger.js';
import { quoteIdent } from '../sql/quote.js';
import { ddlKindRules } from '../planner/actions.js';
import { needsRangeSession } from '../range/create.js';
import { RANGE_SESSION_SQL } from '../range/scripts.js';

export interface DdlStatement {
  kind: string;
  db: string;
  table?: string;
  name?: string;
  reason?: string;
  sql: string;
}

export interface DdlOutcome {
  action: DdlStatement;
  ok: boolean;
  /** Error text when !ok. */
  error?: string;
  /** The MySQL errno of the failure, when the FE sent one. */
  errno?: number;
  /** The connection failed or timed out (the statement may not have reached the FE). */
  transient?: boolean;
}

export class DdlApplier {
  constructor(
    private readonly target: SqlClient,
    private readonly log: Logger,
    private readonly concurrency: number,
    /** Told about each statement's outcome (status/metrics); optional. `already done` counts as applied. */
    private readonly onOutcome?: (ok: boolean) => void,
  ) {}

  async apply(actions: DdlStatement[], signal?: AbortSignal): Promise<DdlOutcome[]> {
    const outcomes: DdlOutcome[] = [];
    for (const phase of phases(actions)) {
      if (signal?.aborted) break;
      const chains = new Map<string, DdlStatement[]>();
      for (const a of phase) {
        const k = `${a.db}\u0000${a.table ?? a.name ?? ''}`;
        const chain = chains.get(k);
        if (chain) chain.push(a);
        else chains.set(k, [a]);
      }
      const queue = [...chains.values()];
      const worker = async () => {
        for (let chain = queue.shift(); chain; chain = queue.shift()) {
          for (const a of chain) {
            if (signal?.aborted) return;
            const outcome = await this.run(a);
            outcomes.push(outcome);
            this.onOutcome?.(outcome.ok);
            if (!outcome.ok) break; // later statements on the same object depend on this one
          }
        }
      };
      await Promise.all(Array.from({ length: Math.max(1, Math.min(this.concurrency, queue.length)) }, worker));
    }
    return outcomes;
  }

  private async run(a: DdlStatement): Promise<DdlOutcome> {
    try {
      if (ddlKindRules(a.kind)?.inDatabase) {
        // The definition is the source's original text: unqualified table names resolve in the view's database.
        await this.target.execInDatabase(`USE ${quoteIdent(a.db)}`, a.sql);
      } else if (needsRangeSession(a)) {
        // A range-distributed source table (no DISTRIBUTED BY): range-distributed on the target too (src/range/create.ts).
        await this.target.execInDatabase(RANGE_SESSION_SQL, a.sql);
      } else {
        await this.target.exec(a.sql);
      }
      this.log.info(`DDL done on target: ${a.sql.split('\n')[0]}${a.sql.includes('\n') ? ' ...' : ''}${a.reason ? ` (${a.reason})` : ''}`);
      return { action: a, ok: true };
    } catch (e) {
      if (e instanceof SqlError && e.errno !== undefined && (ddlKindRules(a.kind)?.alreadyDoneErrnos ?? []).includes(e.errno)) {
        this.log.info(`DDL already done on target: ${a.sql.split('\n')[0]}`);
        return { action: a, ok: true };
      }
      const msg = e instanceof Error ? e.message : String(e);
      // The engine classifies the failure and reports it once, with the fix (engine/migrator.ts recordDdl).
      this.log.info(`DDL failed on target: ${a.sql.split('\n')[0]}: ${msg}`);
      return {
        action: a,
        ok: false,
        error: msg,
        errno: e instanceof SqlError ? e.errno : undefined,
        transient: e instanceof SqlError ? e.transient : true,
      };
    }
  }
}

function phases(actions: DdlStatement[]): DdlStatement[][] {
  const out: DdlStatement[][] = [];
  for (const a of actions) {
    const last = out[out.length - 1];
    if (last && last[0]!.kind === a.kind) last.push(a);
    else out.push([a]);
  }
  return out;
}
