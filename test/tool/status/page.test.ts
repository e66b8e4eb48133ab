// The status page's assets and the byte figures of /status and /metrics (the page itself runs in Chromium in
// test/e2e/status-page.test.ts).
import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../../src/log/logger.js';
import type { ByteFigures } from '../../../src/progress/byte-tracker.js';
import {
  createStatusMetrics,
  formatStatus,
  startStatusService,
  statusDocument,
  StatusRecorder,
  type StatusService,
} from '../../../src/status/index.js';
import { PAGE_ASSETS, PAGE_HEADERS } from '../../../src/status/page/index.js';
import { PAGE_HTML } from '../../../src/status/page/html.js';
import { PAGE_SCRIPT } from '../../../src/status/page/script.js';
import { config, fakeSnapshot, samples } from './helpers.js';

const TOKEN = 'page-unit-token-0123456789';

const figures = (over: Partial<ByteFigures> = {}): ByteFigures => ({
  copiedBytes: 4_000,
  catalogBytes: 8_000,
  bytesPerSecond: 123.4,
  windowSeconds: 300,
  initialCopy: {
    tables: 3,
    tablesDone: 1,
    copiedBytes: 3_000,
    totalBytes: 9_000,
    remainingBytes: 6_000,
    remainingBytesKnown: 6_000,
    tablesSizeUnknown: 0,
    etaSeconds: 49,
  },
  catchUp: { remainingBytes: 7_000, remainingBytesKnown: 7_000, tablesSizeUnknown: 0, etaSeconds: 57 },
  lag: { versions: 5, bytes: 7_000, seconds: 12 },
  tables: [
    { table: 'd.a', synced: false, initialCopyDone: false, partitions: 2, versions: 4, bytes: 6_000, seconds: 12, copiedBytes: 3_000 },
    { table: 'd.b', synced: true, initialCopyDone: true, partitions: 1, versions: 1, bytes: 1_000, seconds: 3, copiedBytes: 1_000 },
  ],
  tablesBehind: 2,
  ...over,
});

const unknown = (): ByteFigures =>
  figures({
    catalogBytes: null,
    initialCopy: {
      tables: 3,
      tablesDone: 0,
      copiedBytes: 0,
      totalBytes: null,
      remainingBytes: null,
      remainingBytesKnown: 10,
      tablesSizeUnknown: 2,
      etaSeconds: null,
    },
    catchUp: { remainingBytes: null, remainingBytesKnown: 10, tablesSizeUnknown: 2, etaSeconds: null },
    bytesPerSecond: null,
    lag: { versions: null, bytes: null, seconds: null },
    tables: [{ table: 'd.c', synced: false, initialCopyDone: false, partitions: null, versions: null, bytes: null, seconds: null, copiedBytes: 0 }],
  });

const withBytes = (b: ByteFigures) => {
  const s = fakeSnapshot();
  return fakeSnapshot({ progress: { ...s.progress!, bytes: b, jobsInFlight: { count: 1, tables: [{ table: 'd.a', state: 'running' }] } } });
};

function at(doc: unknown, field: string): unknown {
  let v = doc;
  for (const k of field.split('.')) v = v === null || v === undefined ? undefined : (v as Record<string, unknown>)[k];
  return v;
}

function get(port: number, route: string, token?: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: route, agent: false, headers: token ? { authorization: `Bearer ${token}` } : {} }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      })
      .on('error', reject);
  });
}

describe('byte figures in /status', () => {
  it('as computed, with the ETA times counted from the progress time; unknown stays null', () => {
    const facts = { version: 'x', pid: 1, startedAt: 0, config: config() };
    const d = statusDocument(facts, withBytes(figures()), Date.UTC(2026, 0, 2, 3, 5));
    expect(d.bytes).toMatchObject({
      copied_bytes: 4_000,
      catalog_bytes: 8_000,
      copied_to_catalog_ratio: 0.5,
      throughput_bytes_per_second: 123,
      window_seconds: 300,
      initial_copy: { tables: 3, tables_done: 1, copied_bytes: 3_000, total_bytes: 9_000, remaining_bytes: 6_000, eta_seconds: 49 },
      catch_up: { remaining_bytes: 7_000, eta_seconds: 57, eta_time: '2026-01-02T03:05:02.000Z' },
      lag: { versions: 5, bytes: 7_000, seconds: 12 },
      tables_behind: 2,
    });
    expect(d.bytes!.tables[0]).toEqual({
      table: 'd.a',
      synced: false,
      initial_copy_done: false,
      partitions_behind: 2,
      versions_behind: 4,
      bytes_behind: 6_000,
      lag_seconds: 12,
      copied_bytes: 3_000,
    });
    expect(d.jobs_in_flight).toEqual({ count: 1, shown: 1, tables: [{ table: 'd.a', state: 'running' }] });
    const u = statusDocument(facts, withBytes(unknown()), 0).bytes!;
    expect(u.initial_copy).toMatchObject({ remaining_bytes: null, total_bytes: null, eta_seconds: null, eta_time: null, tables_size_unknown: 2 });
    expect(u.throughput_bytes_per_second).toBeNull();
    expect([u.catalog_bytes, u.copied_to_catalog_ratio]).toEqual([null, null]);
    expect(u.lag).toEqual({ versions: null, bytes: null, seconds: null });
    expect(u.tables[0]).toMatchObject({ bytes_behind: null, lag_seconds: null });
    expect(statusDocument(facts, fakeSnapshot({ progress: null }), 0).bytes).toBeNull();
  });
});

describe('byte figures in /metrics', () => {
  it('the values when known, NaN (never 0) when not', async () => {
    let s = samples(await createStatusMetrics({ version: 'x', defaultMetrics: false }).render(withBytes(figures())));
    expect(s.get('srsync_copied_bytes_total')).toBe(4_000);
    expect(s.get('srsync_catalog_bytes')).toBe(8_000);
    expect(s.get('srsync_copy_throughput_bytes_per_second')).toBeCloseTo(123.4);
    expect(s.get('srsync_copy_remaining_bytes{copy="initial"}')).toBe(6_000);
    expect(s.get('srsync_copy_remaining_bytes{copy="catch_up"}')).toBe(7_000);
    expect(s.get('srsync_copy_eta_seconds{copy="initial"}')).toBe(49);
    expect(s.get('srsync_initial_copy_total_bytes')).toBe(9_000);
    expect(s.get('srsync_target_lag_versions')).toBe(5);
    expect(s.get('srsync_target_lag_bytes')).toBe(7_000);
    expect(s.get('srsync_target_lag_seconds')).toBe(12);
    s = samples(await createStatusMetrics({ version: 'x', defaultMetrics: false }).render(withBytes(unknown())));
    for (const name of [
      'srsync_copy_throughput_bytes_per_second',
      'srsync_copy_remaining_bytes{copy="initial"}',
      'srsync_copy_eta_seconds{copy="catch_up"}',
      'srsync_initial_copy_total_bytes',
      'srsync_target_lag_seconds',
      'srsync_catalog_bytes',
    ])
      expect(s.get(name), name).toBeNaN();
  });
});

describe('the status page', () => {
  let service: StatusService | undefined;
  afterEach(async () => {
    await service?.close();
    service = undefined;
  });

  it('every figure it shows names a field of the /status document', () => {
    const doc = statusDocument({ version: 'x', pid: 1, startedAt: 0, config: config() }, withBytes(figures()), 0);
    const fields = [...PAGE_HTML.matchAll(/data-field="([^"]+)"/g)].map((m) => m[1]!);
    expect(fields.length).toBeGreaterThan(40);
    for (const f of fields) expect(at(doc, f), f).not.toBeUndefined();
  });

  it('its script is valid JavaScript, sets text only, and reaches nothing but /status', () => {
    expect(() => new Function(PAGE_SCRIPT)).not.toThrow();
    expect(PAGE_SCRIPT).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(/);
    expect([...PAGE_SCRIPT.matchAll(/fetch\('([^']+)'/g)].map((m) => m[1])).toEqual(['/status']);
    expect(PAGE_HTML).not.toMatch(/https?:\/\//);
  });

  it('is served without the token (it holds no data), with a strict CSP; the data still needs the token', async () => {
    const { logger, lines } = createMemoryLogger();
    service = await startStatusService({ config: config({ status_http_token: TOKEN }), version: '1.0', log: logger, port: 0, defaultMetrics: false });
    expect(lines.join('\n')).toContain('(status page at /, GET /status, GET /metrics)');
    for (const [route, asset] of PAGE_ASSETS) {
      const r = await get(service.port, route);
      expect(r.status, route).toBe(200);
      expect(r.headers['content-type']).toBe(asset.contentType);
      expect(r.body).toBe(asset.body);
      for (const [h, v] of Object.entries(PAGE_HEADERS)) expect(r.headers[h], h).toBe(v);
      expect(r.body).not.toContain(TOKEN);
    }
    expect((await get(service.port, '/status')).status).toBe(401);
    expect((await get(service.port, '/metrics')).status).toBe(401);
    expect((await get(service.port, '/status', TOKEN)).status).toBe(200);
  });
});

describe('the recorder tells who listens about full catalog reads', () => {
  it('after each successful full read only; a listener that throws does not reach the engine', () => {
    const r = new StatusRecorder();
    let n = 0;
    const off = r.onFullRead(() => n++);
    r.onFullRead(() => {
      throw new Error('listener');
    });
    r.catalogRead('full', 0.1, true);
    r.catalogRead('scoped', 0.1, true);
    r.catalogRead('full', 0.1, false);
    expect(n).toBe(1);
    off();
    r.catalogRead('full', 0.1, true);
    expect(n).toBe(1);
  });
});

describe('srsync status prints the byte figures', () => {
  it('exact numbers, unknown as unknown', () => {
    const facts = { version: 'x', pid: 1, startedAt: 0, config: config() };
    const lines = formatStatus(statusDocument(facts, withBytes(figures()), 0));
    expect(lines).toContain('bytes copied: 4000 bytes (catalog 8000 bytes, ratio 0.5), throughput 123 bytes/s over the last 5m 0s (or since start)');
    expect(lines).toContain('initial copy: 1 of 3 table(s) done, 3000 of 9000 bytes copied, 6000 bytes remaining, ETA 49s');
    expect(lines).toContain('catch-up: 7000 bytes behind, ETA 57s; lag 5 version(s), 12 s');
    const u = formatStatus(statusDocument(facts, withBytes(unknown()), 0));
    expect(u).toContain('catch-up: unknown behind, ETA unknown; lag unknown, unknown (2 table(s) of unknown size yet)');
  });
});
