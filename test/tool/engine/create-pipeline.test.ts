import { describe, expect, it } from 'vitest';
import { createTablesPipelined } from '../../../src/engine/create-pipeline.js';
import type { DdlAction } from '../../../src/planner/actions.js';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('createTablesPipelined', () => {
  it('starts a CREATE as soon as its text is read, while other texts are still being read', async () => {
    const reads = new Map<string, ReturnType<typeof deferred>>();
    const events: string[] = [];
    const pending: number[] = [];
    const created: string[] = [];
    const tables = ['a', 'b', 'c', 'd'].map((name) => ({ db: 'db', name }));
    const run = createTablesPipelined(tables, 2, 3, {
      readCreateSql: async (_db, name) => {
        const d = deferred();
        reads.set(name, d);
        events.push(`read ${name}`);
        await d.promise;
        return `CREATE TABLE ${name}`;
      },
      planTable: (db, table, sql): DdlAction[] => (table === 'c' ? [] : [{ kind: 'create_table', db, table, reason: 'missing_on_target', sql }]),
      apply: async (a) => {
        events.push(`create ${a.table}`);
        return a.table !== 'd';
      },
      onCreated: (_db, t) => created.push(t),
      onPending: (n) => pending.push(n),
    });
    await tick();
    expect(events).toEqual(['read a', 'read b']); // two readers
    reads.get('a')!.resolve();
    await tick();
    expect(created).toEqual(['a']); // created before b's text has arrived
    expect(reads.has('c')).toBe(true);
    for (const k of ['b', 'c']) reads.get(k)!.resolve();
    await tick();
    reads.get('d')!.resolve();
    const r = await run;
    expect(r).toMatchObject({ created: 2, failed: 1, skipped: 1 });
    expect(r.leftOver.map((t) => t.name).sort()).toEqual(['c', 'd']);
    expect(created.sort()).toEqual(['a', 'b']);
    expect(pending[0]).toBe(4);
    expect(pending[pending.length - 1]).toBe(0);
  });

  it('tells which table is being created (source names) just before its CREATE is sent, and only for tables', async () => {
    const events: string[] = [];
    await createTablesPipelined([{ db: 'src', name: 't' }], 1, 1, {
      readCreateSql: async () => 'CREATE TABLE t',
      planTable: (): DdlAction[] => [
        { kind: 'create_table', db: 'dst', table: 't2', srcDb: 'src', srcTable: 't', reason: 'missing_on_target', sql: 'CREATE TABLE t2' },
      ],
      apply: async (a) => {
        events.push(`create ${a.db}.${a.table}`);
        return true;
      },
      onCreating: (db, t) => events.push(`creating ${db}.${t}`),
      onCreated: (db, t) => events.push(`created ${db}.${t}`),
      onPending: () => undefined,
    });
    expect(events).toEqual(['creating src.t', 'create dst.t2', 'created src.t']);
  });

  it('counts a text that cannot be read as skipped and finishes', async () => {
    const r = await createTablesPipelined([{ db: 'db', name: 'x' }], 4, 10, {
      readCreateSql: async () => {
        throw new Error('gone');
      },
      planTable: () => [],
      apply: async () => true,
      onCreated: () => {},
      onPending: () => {},
    });
    expect(r).toEqual({ created: 0, failed: 0, skipped: 1, leftOver: [{ db: 'db', name: 'x' }] });
  });
});
