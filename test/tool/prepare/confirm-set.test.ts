// Asking before a change (--yes, a terminal's y, no terminal: never wait) and setting one FE config with
// WITH PERSISTENT, falling back to the in-memory statement only when the FE refuses the clause itself.
import { describe, expect, it } from 'vitest';
import { SqlError, type SqlClient } from '../../../src/cluster/sql-client.js';
import { setFrontendConfig } from '../../../src/runbook/frontend.js';
import { persistentRefused } from '../../../src/runbook/settings.js';
import { confirm, NO_TERMINAL, type Terminal } from '../../../src/runbook/terminal.js';

const tty = (answer: string, asked: string[] = []): Terminal => ({
  isTty: true,
  ask: (q) => {
    asked.push(q);
    return Promise.resolve(answer);
  },
  askSecret: () => Promise.resolve(''),
});

describe('confirm', () => {
  it('--yes answers without asking; a terminal is asked; without one nothing is asked and nothing is confirmed', async () => {
    const asked: string[] = [];
    expect(await confirm(tty('n', asked), true, 'go?')).toBe('yes');
    expect(asked).toEqual([]);
    expect(await confirm(tty('y', asked), false, 'go?')).toBe('yes');
    expect(asked).toEqual(['go? [y/N] ']);
    expect(await confirm(tty(' YES ', asked), false, 'go?')).toBe('yes');
    expect(await confirm(tty('', asked), false, 'go?')).toBe('declined');
    expect(await confirm(tty('no', asked), false, 'go?')).toBe('declined');
    expect(await confirm(NO_TERMINAL, false, 'go?')).toBe('no-terminal');
  });
});

function fakeSql(fail: (sql: string) => SqlError | null): { sql: SqlClient; sent: string[] } {
  const sent: string[] = [];
  const sql = {
    exec: (s: string) => {
      sent.push(s);
      const e = fail(s);
      return e ? Promise.reject(e) : Promise.resolve();
    },
  } as unknown as SqlClient;
  return { sql, sent };
}

describe('setFrontendConfig', () => {
  it('WITH PERSISTENT when asked and accepted', async () => {
    const { sql, sent } = fakeSql(() => null);
    expect(await setFrontendConfig(sql, 'k', '1', true)).toEqual({ persistent: true });
    expect(sent).toEqual(['ADMIN SET FRONTEND CONFIG ("k" = "1") WITH PERSISTENT']);
  });

  it('an FE not in persisted mode (container, read-only fe.conf) gets the in-memory statement, and says why', async () => {
    const refused = 'set persisted config failed, because current running mode is not persisted';
    const { sql, sent } = fakeSql((s) => (s.endsWith('WITH PERSISTENT') ? new SqlError(refused, 1064, s, false) : null));
    expect(await setFrontendConfig(sql, 'k', '1', true)).toEqual({ persistent: false, refused });
    expect(sent).toEqual(['ADMIN SET FRONTEND CONFIG ("k" = "1") WITH PERSISTENT', 'ADMIN SET FRONTEND CONFIG ("k" = "1")']);
  });

  it('any other error (an immutable key, a lost connection, a failed forward) is not retried', async () => {
    for (const e of [
      new SqlError("Config 'k' does not exist or is not mutable", 5102, '', false),
      new SqlError('Set config failed: set config for fe[x] failed', 5101, '', false),
      new SqlError('connect ECONNREFUSED', undefined, '', true),
    ]) {
      const { sql, sent } = fakeSql(() => e);
      await expect(setFrontendConfig(sql, 'k', '1', true)).rejects.toBe(e);
      expect(sent).toHaveLength(1);
    }
    expect(persistentRefused("Getting syntax error at line 1, column 44. Detail message: Unexpected input 'WITH'")).toBe(true);
  });
});
