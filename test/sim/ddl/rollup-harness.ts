// In-process simulated FE for the rollup / sync MV tests: FeState + Lake (real files in a temp object store) +
// the statement executor, driven by SQL text. Rows come back as objects keyed by column name.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureBuiltinStorageVolume, setDdlHooks } from '../../../sim/ddl/index.js';
import { StatementExecutor } from '../../../sim/exec/executor.js';
import { UserStore } from '../../../sim/exec/users.js';
import { SimError } from '../../../sim/fe/errors.js';
import { defaultOptions, FeState, type SimOptions } from '../../../sim/fe/state.js';
import { Lake } from '../../../sim/lake/lake.js';
import type { Session } from '../../../sim/server/session.js';

export interface Harness {
  fe: FeState;
  lake: Lake;
  root: string;
  /** Runs one statement; rows as objects (column name → cell), [] for OK answers. */
  sql(text: string): Promise<Array<Record<string, string | null>>>;
  /** The SimError a statement raises. */
  error(text: string): Promise<SimError>;
  cleanup(): void;
}

export function harness(opts: Partial<SimOptions> = {}, root?: string, data?: ReturnType<FeState['toData']>): Harness {
  const dir = root ?? mkdtempSync(path.join(tmpdir(), 'sim-rollup-'));
  const fe = new FeState(defaultOptions({ name: 'r', objectStore: dir, cnCount: 2, ...opts }), data);
  const lake = new Lake(fe);
  setDdlHooks(fe, lake.ddlHooks());
  if (!data) ensureBuiltinStorageVolume(fe);
  const executor = new StatementExecutor({ fe, lake, users: new UserStore(fe.users, () => fe.onChange()), latency: () => 0 });
  const session: Session = { connectionId: 1, user: 'root', currentDb: null, variables: new Map(), remoteAddress: '127.0.0.1' };
  const sql = async (text: string) => {
    const r = await executor.execute(session, text);
    if (r.kind === 'ok') return [];
    return r.rows.map((row) => Object.fromEntries(r.columns.map((c, i) => [c.name, row[i] ?? null])));
  };
  const error = async (text: string): Promise<SimError> => {
    try {
      await executor.execute(session, text);
    } catch (e) {
      if (e instanceof SimError) return e;
      throw e;
    }
    throw new Error(`expected an error from: ${text}`);
  };
  return { fe, lake, root: dir, sql, error, cleanup: () => (root ? undefined : rmSync(dir, { recursive: true, force: true })) };
}
