// The prepare record: where it lives, its atomic write and checked read, and the merge of a second prepare into the
// first (the first originals are never replaced by already-prepared values).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  archiveFinished,
  changedSettings,
  mergeRecord,
  readRecord,
  recordPath,
  RecordError,
  writeRecord,
  RECORD_VERSION,
  type PrepareRecord,
  type RecordedSetting,
} from '../../../src/runbook/record.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
const tmp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'srsync-record-'));
  dirs.push(d);
  return d;
};

const setting = (o: Partial<RecordedSetting>): RecordedSetting => ({
  side: 'target',
  fe: 'fe1',
  address: '10.0.0.1:9030',
  key: 'lake_compaction_max_tasks',
  original: '7',
  value: '0',
  mode: 'persistent',
  mutable: true,
  ...o,
});

const rec = (o: Partial<PrepareRecord>): PrepareRecord => ({
  version: RECORD_VERSION,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  state: 'prepared',
  source: { address: 's:9030', version: '4.1.0' },
  target: { address: 't:9030', version: '4.1.0' },
  settings: [],
  volumes: [],
  ...o,
});

describe('record file', () => {
  it('lives in <home>/run/, home being the directory that holds conf/', () => {
    expect(recordPath('/opt/srsync/conf')).toBe('/opt/srsync/run/prepare-record.json');
    expect(recordPath('/opt/srsync/conf/')).toBe('/opt/srsync/run/prepare-record.json');
  });

  it('is written atomically (no temp file left) and read back; none is null; a foreign or broken file is an error', () => {
    const d = tmp();
    const file = path.join(d, 'run', 'prepare-record.json');
    expect(readRecord(file)).toBeNull();
    const r = rec({ settings: [setting({})], volumes: [{ name: 'src_v', sourceVolume: 'v', location: 's3://b/', createdAt: 'x' }] });
    writeRecord(file, r);
    expect(readRecord(file)).toEqual(r);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['prepare-record.json']);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    writeRecord(file, { ...r, state: 'finished' });
    expect(readRecord(file)?.state).toBe('finished');
    fs.writeFileSync(file, '{"version": 99}');
    expect(() => readRecord(file)).toThrow(RecordError);
    fs.writeFileSync(file, '{not json');
    expect(() => readRecord(file)).toThrow(/is not valid JSON/);
  });
});

describe('mergeRecord (a second prepare)', () => {
  it('keeps the first original of a setting srsync changed, even when the FE now reads differently', () => {
    const first = rec({ settings: [setting({ original: '7', appliedAt: 't1' })] });
    // e.g. an in-memory change lost at a restart: the FE reads its fe.conf value (-1), prepare sets it again
    const second = rec({ updatedAt: 'later', settings: [setting({ original: '-1', mode: 'memory', appliedAt: 't2' })] });
    const merged = mergeRecord(first, second);
    expect(merged.settings).toEqual([setting({ original: '7', mode: 'persistent', appliedAt: 't2' })]);
    expect(merged.createdAt).toBe(first.createdAt);
    expect(merged.updatedAt).toBe('later');
  });

  it('an in-memory setting applied again stays in memory; a static one stays static until applied', () => {
    const first = rec({ settings: [setting({ mode: 'memory', appliedAt: 't1' }), setting({ key: 'k2', mode: 'static', mutable: false })] });
    const merged = mergeRecord(first, rec({ settings: [setting({ original: '-1', mode: 'memory', appliedAt: 't2' })] }));
    expect(merged.settings.map((s) => [s.key, s.original, s.mode, s.appliedAt])).toEqual([
      ['lake_compaction_max_tasks', '7', 'memory', 't2'],
      ['k2', '7', 'static', undefined],
    ]);
  });

  it('a setting the first run found prepared already takes its original from the run that changes it', () => {
    const first = rec({ settings: [setting({ original: '0', value: '0', mode: 'unchanged' })] });
    const merged = mergeRecord(first, rec({ settings: [setting({ original: '5', appliedAt: 't2' })] }));
    expect(merged.settings).toEqual([setting({ original: '5', appliedAt: 't2' })]);
  });

  it('unchanged rows of the second run change nothing; new FEs, keys and volumes are added', () => {
    const first = rec({
      settings: [setting({ appliedAt: 't1' })],
      volumes: [{ name: 'src_a', sourceVolume: 'a', location: 's3://a', createdAt: 't1' }],
    });
    const merged = mergeRecord(
      first,
      rec({
        settings: [setting({ original: '0', mode: 'unchanged' }), setting({ address: '10.0.0.2:9030', fe: 'fe2', original: '3' })],
        volumes: [
          { name: 'src_a', sourceVolume: 'a', location: 's3://a' },
          { name: 'src_b', sourceVolume: 'b', location: 's3://b' },
        ],
      }),
    );
    expect(merged.settings).toEqual([setting({ appliedAt: 't1' }), setting({ address: '10.0.0.2:9030', fe: 'fe2', original: '3' })]);
    expect(merged.volumes).toEqual([
      { name: 'src_a', sourceVolume: 'a', location: 's3://a', createdAt: 't1' },
      { name: 'src_b', sourceVolume: 'b', location: 's3://b' },
    ]);
  });

  it('a finished record is not merged into: the new migration starts its own', () => {
    const next = rec({ settings: [setting({ original: '1' })] });
    expect(mergeRecord(rec({ state: 'finished', settings: [setting({ original: '9', appliedAt: 'x' })] }), next)).toBe(next);
    expect(mergeRecord(null, next)).toBe(next);
  });

  it('changedSettings: applied ones and static ones, not planned-only or unchanged', () => {
    const r = rec({
      settings: [
        setting({ key: 'a', appliedAt: 't' }),
        setting({ key: 'b' }),
        setting({ key: 'c', mode: 'static' }),
        setting({ key: 'd', mode: 'unchanged' }),
        setting({ key: 'e', mode: 'memory', appliedAt: 't' }),
      ],
    });
    expect(changedSettings(r).map((s) => s.key)).toEqual(['a', 'c', 'e']);
  });
});

describe('archiveFinished', () => {
  it('moves a finished record aside; a prepared one stays', () => {
    const d = tmp();
    const file = path.join(d, 'prepare-record.json');
    writeRecord(file, rec({}));
    expect(archiveFinished(file, rec({}))).toBeNull();
    writeRecord(file, rec({ state: 'finished', finishedAt: '2026-12-07T01:02:03.004Z' }));
    expect(archiveFinished(file, readRecord(file)!)).toBe(path.join(d, 'prepare-record.finished-20261207T010203004Z.json'));
    expect(fs.readdirSync(d)).toEqual(['prepare-record.finished-20261207T010203004Z.json']);
  });
});
