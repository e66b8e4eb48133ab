// Steering with the scheduler (fake clock and target): jobs held while paused, outside windows, over the bytes in
// flight cap or the byte budget, and let go afterwards; the pause file (durable, atomic, read at start, watched).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../../src/log/index.js';
import { ReplicationScheduler, type PlannedJob, type TargetJobRow } from '../../../src/scheduler/replication-scheduler.js';
import { readPause, readPresence, runFilesOf } from '../../../src/steering/run-files.js';
import { Steering } from '../../../src/steering/steering.js';
import type { SteeringFields } from '../../../src/steering/limits.js';
import { steeringDoc, steeringLines } from '../../../src/steering/status.js';

const OFF: SteeringFields = {
  replicationMaxBytesInFlight: 0,
  replicationBytesPerSecond: 0,
  replicationWindows: '',
  replicationWindowTimeZone: 'UTC',
};
const MONDAY_NOON = Date.UTC(2026, 11, 7, 12, 0, 0);

function job(table: string, dataSize: number): PlannedJob {
  return {
    tableKey: `db.${table}`,
    db: 'db',
    table,
    srcDbId: '1',
    srcTableId: '2',
    tgtDbId: '3',
    tgtTableId: table,
    mirrorVolume: 'src_v',
    partitions: [{ name: 'p', srcPhysicalId: '1', tgtPhysicalId: '1', srcVersion: 2, srcVersionEpoch: '0', tgtDataVersion: 1, dataSize }],
    dataSize,
  };
}

function harness(fields: Partial<SteeringFields> = {}, o: { files?: ReturnType<typeof runFilesOf> } = {}) {
  let now = MONDAY_NOON;
  const rows: TargetJobRow[] = [];
  const sent: string[] = [];
  const { logger, lines } = createMemoryLogger();
  const steering = new Steering({ fields: { ...OFF, ...fields }, log: logger, now: () => now, files: o.files, pollMs: 20 });
  const s = new ReplicationScheduler(
    {
      send: async (j, id) => {
        sent.push(j.table);
        rows.push({ jobId: id, tableId: j.tgtTableId, state: 'REPLICATING', error: '' });
        return { kind: 'accepted' };
      },
      listTargetJobs: async () => rows,
      now: () => now,
      log: logger,
      admission: steering,
    },
    { maxInFlight: 10, replicationJobBatchSize: 10, unknownAfterMs: 60_000, maxAttempts: 3, backoffMs: 100 },
  );
  let rounds = 0;
  steering.attach(s, () => rounds++);
  /** Commits every running job on the target and follows it. */
  const commitAll = async () => {
    for (const r of rows) if (r.state === 'REPLICATING') r.state = 'COMMITTED';
    await s.poll();
  };
  return { s, steering, sent, rows, lines, commitAll, rounds: () => rounds, advance: (ms: number) => (now += ms) };
}

const offer = (s: ReplicationScheduler, jobs: PlannedJob[]) => s.offer(new Map(jobs.map((j) => [j.tableKey, [j]])));

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
const tempConf = () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'srsync-steer-'));
  dirs.push(home);
  fs.mkdirSync(path.join(home, 'conf'));
  return path.join(home, 'conf');
};

describe('steering the scheduler', () => {
  it('off: inactive, every job goes as before', async () => {
    const h = harness();
    expect(h.steering.active).toBe(false);
    offer(h.s, [job('a', 10), job('b', 10), job('c', 10)]);
    await h.s.pump();
    expect(h.sent).toEqual(['a', 'b', 'c']);
    expect(steeringDoc(h.steering.view())).toMatchObject({ paused: false, held: null, bytes_in_flight: 30, window: { open: true } });
  });

  it('off costs nothing: an inactive admission is never asked (one property read per send)', async () => {
    const calls: string[] = [];
    const s = new ReplicationScheduler(
      {
        send: async () => ({ kind: 'accepted' }),
        listTargetJobs: async () => [],
        now: () => 0,
        log: createMemoryLogger().logger,
        admission: {
          active: false,
          mayStart: () => {
            calls.push('mayStart');
            return false;
          },
          started: () => calls.push('started'),
          handedBack: () => calls.push('handedBack'),
        },
      },
      { maxInFlight: 10, replicationJobBatchSize: 10, unknownAfterMs: 60_000, maxAttempts: 3, backoffMs: 100 },
    );
    offer(s, [job('a', 10), job('b', 10)]);
    await s.pump();
    expect(s.inFlightCount()).toBe(2);
    expect(calls).toEqual(['started', 'started']); // constant time: returns at once when no byte budget is set
  });

  it('paused: no new job; running ones are followed to the end; resume sends the rest and asks for a round', async () => {
    const h = harness();
    offer(h.s, [job('a', 10)]);
    await h.s.pump();
    h.steering.pause('test');
    offer(h.s, [job('b', 10)]);
    await h.s.pump();
    await h.commitAll();
    await h.s.pump();
    expect(h.sent).toEqual(['a']);
    expect(h.s.snapshotCounters()).toMatchObject({ finished: 1, jobPending: 1 });
    expect(h.steering.view().held?.text).toBe('paused');
    expect(h.steering.reportLine()).toMatch(/^Sync paused since 2026-12-07T12:00:00.000Z \(by test\): no new replication jobs or DDL/);
    h.steering.resume('test');
    await h.s.pump();
    expect(h.sent).toEqual(['a', 'b']);
    expect(h.rounds()).toBe(1);
  });

  it('a window holds jobs until it opens', async () => {
    const h = harness({ replicationWindows: '12:00:10-13:00' });
    offer(h.s, [job('a', 10)]);
    await h.s.pump();
    expect(h.sent).toEqual([]);
    expect(steeringDoc(h.steering.view())).toMatchObject({ held: 'outside window until 12:00:10', window: { open: false, until: '12:00:10' } });
    expect(h.steering.reportLine()).toMatch(/^Sync held: outside window until 12:00:10/);
    h.advance(9_999);
    await h.s.pump();
    expect(h.sent).toEqual([]);
    h.advance(1);
    await h.s.pump();
    expect(h.sent).toEqual(['a']);
  });

  it('bytes in flight never exceed the cap (FIFO: the head waits)', async () => {
    const h = harness({ replicationMaxBytesInFlight: 100 });
    const sizes = [40, 50, 30, 70, 20, 90, 10, 60];
    offer(
      h.s,
      sizes.map((n, i) => job(`t${i}`, n)),
    );
    let maxSeen = 0;
    for (let round = 0; round < 20 && h.sent.length < sizes.length; round++) {
      await h.s.pump();
      maxSeen = Math.max(maxSeen, h.s.bytesInFlight());
      expect(h.s.bytesInFlight()).toBeLessThanOrEqual(100);
      // commit the oldest running job only
      const first = h.rows.find((r) => r.state === 'REPLICATING');
      if (first) first.state = 'COMMITTED';
      await h.s.poll();
    }
    expect(h.sent).toHaveLength(sizes.length);
    expect(maxSeen).toBe(100); // filled to the cap exactly, never over
  });

  it('the byte budget admits at its rate over the planned sizes', async () => {
    const h = harness({ replicationBytesPerSecond: 100 });
    offer(h.s, [job('a', 60), job('b', 60), job('c', 60)]);
    await h.s.pump();
    expect(h.sent).toEqual(['a']);
    expect(h.steering.view().held?.text).toBe('byte budget');
    h.advance(199);
    await h.s.pump();
    expect(h.sent).toEqual(['a']);
    h.advance(1);
    await h.s.pump();
    expect(h.sent).toEqual(['a', 'b']);
  });

  it('limits change while running: lifting a window lets held jobs go; each change is logged', async () => {
    const h = harness({ replicationWindows: '22:00-06:00' });
    offer(h.s, [job('a', 10)]);
    await h.s.pump();
    expect(h.sent).toEqual([]);
    h.steering.change({ replicationWindows: '' }, 'sync.properties');
    expect(h.steering.active).toBe(false);
    await h.s.pump();
    expect(h.sent).toEqual(['a']);
    expect(h.lines.join('\n')).toMatch(/Steering changed by sync.properties: replication_windows=$/m);
  });

  it('srsync status shows the limits and why jobs wait', () => {
    const h = harness({ replicationWindows: '22:00-06:00', replicationMaxBytesInFlight: 1000 });
    offer(h.s, [job('a', 10)]);
    expect(steeringLines(steeringDoc(h.steering.view()))).toEqual([
      'steering: not paused; 0 bytes in flight',
      '  limits: max bytes in flight 1000 bytes, byte budget off, windows 22:00-06:00 (UTC, closed until 22:00)',
      '  held: outside window until 22:00',
    ]);
  });
});

describe('the pause file', () => {
  it('pause writes <home>/run/paused atomically; a new Steering of the same conf starts paused; resume removes it', () => {
    const conf = tempConf();
    const files = runFilesOf(conf);
    expect(files.paused).toBe(path.join(path.dirname(conf), 'run', 'paused'));
    const first = harness({}, { files });
    first.steering.start();
    expect(readPresence(files.presence)).toMatchObject({ pid: process.pid, paused: false });
    first.steering.pause('srsync pause');
    expect(readPause(files.paused)).toEqual({ since: '2026-12-07T12:00:00.000Z', by: 'srsync pause' });
    expect(fs.readdirSync(files.dir).sort()).toEqual(['paused', 'srsync-run.json']); // no temp file left
    expect(readPresence(files.presence)).toMatchObject({ paused: true });
    first.steering.close();
    expect(fs.existsSync(files.presence)).toBe(false);

    const second = harness({}, { files });
    second.steering.start();
    expect(second.steering.paused()).toBe(true);
    expect(second.lines.join('\n')).toMatch(/WARN .*srsync starts paused \(since 2026-12-07T12:00:00.000Z, by srsync pause/);
    second.steering.resume('test');
    expect(fs.existsSync(files.paused)).toBe(false);
    second.steering.close();
  });

  it('a paused file written or removed by another process is applied within the poll', async () => {
    const conf = tempConf();
    const files = runFilesOf(conf);
    const h = harness({}, { files });
    h.steering.start();
    try {
      fs.mkdirSync(files.dir, { recursive: true });
      fs.writeFileSync(files.paused, '{"since":"x","by":"srsync pause"}\n');
      await expect.poll(() => h.steering.paused(), { timeout: 2000, interval: 10 }).toBe(true);
      expect(readPresence(files.presence)).toMatchObject({ paused: true });
      fs.rmSync(files.paused);
      await expect.poll(() => h.steering.paused(), { timeout: 2000, interval: 10 }).toBe(false);
      expect(h.rounds()).toBe(1);
      // A file that cannot be parsed still means paused.
      fs.writeFileSync(files.paused, 'garbage');
      await expect.poll(() => h.steering.paused(), { timeout: 2000, interval: 10 }).toBe(true);
    } finally {
      h.steering.close();
    }
  });
});

describe('srsync status lines', () => {
  it('one line when nothing is limited or paused; the pause with who and since', () => {
    const h = harness();
    expect(steeringLines(steeringDoc(h.steering.view()))).toEqual([
      'steering: not paused, no limits (replication_max_bytes_in_flight, replication_bytes_per_second, replication_windows off)',
    ]);
    h.steering.pause('srsync pause');
    offer(h.s, [job('a', 10)]);
    expect(steeringLines(steeringDoc(h.steering.view()))).toEqual([
      'steering: PAUSED since 2026-12-07T12:00:00.000Z (by srsync pause; srsync resume continues); 0 bytes in flight',
      '  limits: max bytes in flight off, byte budget off, windows off',
      '  held: paused',
    ]);
  });
});
