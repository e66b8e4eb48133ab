// End to end through the CLI, in a real headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core):
// `srsync run` with status_http_token and TLS serves the live status page at `/`. During a migration (one table
// copied, then three jobs crawling at a throttled bandwidth) the page asks for the token, then shows the tables and
// figures of the run, each exactly as the /status document it rendered (captured from the wire) gives it, and
// follows the run without a reload; a screenshot of a laptop-sized window is a real image; the token also works
// from the URL fragment (and leaves the address bar), and a wrong one is refused. Chromium missing: the test fails.
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../harness/e2e-catalog.js';
import { control, killAllSrsync, runSrsync, startPair, waitUntil, type Pair } from '../../harness/e2e-run.js';
import { sql } from '../../harness/sim-pair.js';
import type { StatusDocument } from '../../src/status/index.js';

const CHROMIUM = '/usr/bin/chromium';
const TOKEN = 'page-e2e-token-0123456789abcdef';
const fixtures = path.join(import.meta.dirname, '..', 'tool', 'status', 'fixtures');
const CERT = path.join(fixtures, 'status-cert.pem');
const VIEWPORT = { width: 1280, height: 800 };

let pair: Pair;
let context: BrowserContext | undefined;
let profile: string;

beforeAll(async () => {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: the status page tests need Debian's chromium package (apt-get install chromium)`);
  }
  profile = fs.mkdtempSync(path.join(os.tmpdir(), 'srsync-chromium-'));
  pair = await startPair({ sourceCompaction: false });
}, 60_000);

afterAll(async () => {
  await context?.close();
  await killAllSrsync();
  await pair?.stop();
  if (profile) fs.rmSync(profile, { recursive: true, force: true });
});

function fetchText(port: number, route: string, token = TOKEN): Promise<{ code: number; body: string }> {
  return new Promise((resolve, reject) => {
    https
      .get(
        { host: 'localhost', port, path: route, agent: false, ca: fs.readFileSync(CERT), headers: { authorization: `Bearer ${token}` } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ code: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        },
      )
      .on('error', reject);
  });
}

/** `name{labels}` → value of /metrics. */
async function metrics(port: number): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const line of (await fetchText(port, '/metrics')).body.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const i = line.lastIndexOf(' ');
    out.set(line.slice(0, i), Number(line.slice(i + 1)));
  }
  return out;
}

function status(port: number, token = TOKEN): Promise<{ code: number; doc: StatusDocument | null }> {
  return new Promise((resolve, reject) => {
    https
      .get(
        { host: 'localhost', port, path: '/status', agent: false, ca: fs.readFileSync(CERT), headers: { authorization: `Bearer ${token}` } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const body = Buffer.concat(chunks).toString('utf8');
            resolve({ code: res.statusCode ?? 0, doc: res.statusCode === 200 ? (JSON.parse(body) as StatusDocument) : null });
          });
        },
      )
      .on('error', reject);
  });
}

const rowsOf = (n: number) => Array.from({ length: n }, (_, i) => `(${i}, "name-${i}-xxxxxxxxxxxxxxxx")`).join(', ');
const table = (name: string) => `CREATE TABLE pg.${name} (id INT NOT NULL, s VARCHAR(40)) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 2`;

/** Run in the page (the test compiles without DOM types): what the page shows, and the document it rendered. */
const READ_PAGE = `(() => {
  const cells = (sel) => [...document.querySelectorAll(sel)].map((tr) => [...tr.cells].map((td) => td.dataset.value ?? td.textContent));
  return {
    renders: Number(document.body.dataset.renders || 0),
    doc: window.srsyncStatus ?? null,
    fields: [...document.querySelectorAll('[data-field]')].map((el) => ({ field: el.dataset.field, value: el.dataset.value, text: el.textContent })),
    lag: cells('#lag-table tbody tr'),
    unsynced: cells('#unsynced-table tbody tr'),
    jobs: [...document.querySelectorAll('#jobs-list li')].map((li) => li.textContent),
    config: cells('#config-table tbody tr'),
  };
})()`;

interface PageRead {
  renders: number;
  doc: StatusDocument | null;
  fields: Array<{ field: string; value: string; text: string }>;
  lag: string[][];
  unsynced: string[][];
  jobs: string[];
  config: string[][];
}

const readPage = (page: Page) => page.evaluate(READ_PAGE) as Promise<PageRead>;

/**
 * Waits until `expression` is true in the page. Polled from here with page.evaluate (DevTools evaluation): the
 * page's Content-Security-Policy forbids eval, which page.waitForFunction with a string uses.
 */
async function pageUntil(page: Page, expression: string, what: string, timeoutMs = 20_000): Promise<void> {
  await waitUntil(async () => (await page.evaluate(expression)) === true, what, timeoutMs, 100);
}

function at(doc: unknown, field: string): unknown {
  let v = doc;
  for (const k of field.split('.')) v = v === null || v === undefined ? undefined : (v as Record<string, unknown>)[k];
  return v;
}
const raw = (v: unknown) => (v === null ? 'null' : v === undefined ? '' : String(v));

/** Width and height from a PNG's IHDR, and how many distinct byte values its (inflated) pixel data holds. */
function pngFacts(file: string): { width: number; height: number; distinct: number; bytes: number } {
  const png = fs.readFileSync(file);
  expect(png.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
  const idat: Buffer[] = [];
  let width = 0;
  let height = 0;
  for (let off = 8; off < png.length;) {
    const len = png.readUInt32BE(off);
    const type = png.toString('ascii', off + 4, off + 8);
    const data = png.subarray(off + 8, off + 8 + len);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
    }
    if (type === 'IDAT') idat.push(data);
    off += 12 + len;
  }
  const pixels = inflateSync(Buffer.concat(idat));
  return { width, height, distinct: new Set(pixels).size, bytes: png.length };
}

describe('the live status page in Chromium', () => {
  it('asks for the token, then shows the running migration exactly as /status gives it; screenshot; token from the URL', async () => {
    await sql(pair.source, ['CREATE DATABASE pg', table('done'), `INSERT INTO pg.done VALUES ${rowsOf(100)}`]);
    const port = await freePort();
    const run = runSrsync(pair, 'page', {
      include_data_list: 'pg',
      status_http_port: String(port),
      status_http_token: TOKEN,
      status_http_tls_cert_file: CERT,
      status_http_tls_key_file: path.join(fixtures, 'status-key.pem'),
    });
    await run.waitForLog(/Status endpoint listening on https:\/\/127\.0\.0\.1:\d+ \(status page at \//);
    // pg.done copied at full speed: bytes copied and a throughput.
    const first = await waitUntil(
      async () => {
        const { doc } = await status(port);
        return doc?.bytes && doc.bytes.copied_bytes > 0 && doc.tables_not_in_sync.count === 0 ? doc : null;
      },
      'pg.done copied',
      20_000,
      100,
    );
    expect(first.bytes!.initial_copy).toMatchObject({ tables: 1, tables_done: 1, remaining_bytes: 0, eta_seconds: 0 });
    expect(first.bytes!.initial_copy.copied_bytes).toBe(first.bytes!.copied_bytes);

    // Now crawling: two new tables (initial copy) and a load into pg.done (catch-up), each with its job on the target.
    await control(pair.target, 'set_cn_bandwidth', { bytesPerSec: 16 });
    await sql(pair.source, [
      table('slow_a'),
      table('slow_b'),
      `INSERT INTO pg.slow_a VALUES ${rowsOf(150)}`,
      `INSERT INTO pg.slow_b VALUES ${rowsOf(60)}`,
    ]);
    await sql(pair.source, [`INSERT INTO pg.done VALUES ${rowsOf(30)}`]);
    const during = await waitUntil(
      async () => {
        const { doc } = await status(port);
        return doc?.jobs_in_flight.count === 3 && doc.bytes?.tables.length === 3 && doc.bytes.initial_copy.remaining_bytes !== null ? doc : null;
      },
      'three jobs in flight, every table sized',
      20_000,
      100,
    );
    const b = during.bytes!;
    expect(b.tables.map((t) => t.table).sort()).toEqual(['pg.done', 'pg.slow_a', 'pg.slow_b']);
    for (const t of b.tables) expect(t.bytes_behind).toBeGreaterThan(0);
    expect(b.tables.find((t) => t.table === 'pg.done')).toMatchObject({ synced: true });
    // (A new table srsync found in sync while still empty has had its initial copy: its rows are catch-up.)
    expect(b.initial_copy.tables).toBe(3);
    expect(b.initial_copy.tables_done).toBe(b.tables.filter((t) => t.initial_copy_done).length);
    expect(b.tables.find((t) => t.table === 'pg.done')!.initial_copy_done).toBe(true);
    expect(b.initial_copy.remaining_bytes).toBe(b.tables.filter((t) => !t.initial_copy_done).reduce((n, t) => n + t.bytes_behind!, 0));
    expect(b.catch_up.remaining_bytes).toBe(b.tables.reduce((n, t) => n + t.bytes_behind!, 0));
    expect(b.lag.bytes).toBe(b.catch_up.remaining_bytes);

    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      viewport: VIEWPORT,
      ignoreHTTPSErrors: true,
    });
    const page = context.pages()[0] ?? (await context.newPage());
    const external: string[] = [];
    const bodies: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(`https://127.0.0.1:${port}/`)) external.push(r.url());
    });
    page.on('response', (r) => {
      if (r.url().endsWith('/status') && r.status() === 200) void r.text().then((t) => bodies.push(t));
    });
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));

    // Without the token: the form, no figures.
    await page.goto(`https://127.0.0.1:${port}/`);
    await page.locator('#auth-token').waitFor({ state: 'visible' });
    expect(await page.locator('#main').isHidden()).toBe(true);
    await page.locator('#auth-token').fill(TOKEN);
    await page.locator('#auth-form button').click();
    await pageUntil(page, 'Number(document.body.dataset.renders || 0) >= 2', 'two renders');

    // Every figure is the one of the document the page rendered, and that document is one /status sent.
    const shown = await readPage(page);
    const doc = shown.doc!;
    await waitUntil(
      () => bodies.some((t) => JSON.stringify(JSON.parse(t)) === JSON.stringify(doc)),
      'the rendered /status answer captured',
      5_000,
      50,
    );
    expect(shown.fields.length).toBeGreaterThan(40);
    for (const f of shown.fields) {
      const v = at(doc, f.field);
      expect(f.value, f.field).toBe(raw(v));
      if (v === null) expect(f.text, f.field).toBe('unknown');
      else if (typeof v === 'number' && !/bytes|seconds/.test(f.field)) expect(f.text.replace(/,/g, ''), f.field).toBe(String(v));
    }
    expect(doc.bytes!.copied_bytes).toBeGreaterThan(0);
    expect(shown.lag).toEqual(
      doc.bytes!.tables.map((t) => [
        t.table,
        t.synced ? 'yes' : 'not yet',
        t.initial_copy_done ? 'done' : 'copying',
        ...[t.partitions_behind, t.versions_behind, t.bytes_behind, t.lag_seconds, t.copied_bytes].map(raw),
      ]),
    );
    expect(shown.lag.map((r) => r[0]).sort()).toEqual(['pg.done', 'pg.slow_a', 'pg.slow_b']);
    expect(shown.unsynced).toEqual(doc.tables_not_in_sync.tables.map((t) => [t.table, t.reason]));
    expect(shown.jobs).toEqual(doc.jobs_in_flight.tables.map((t) => `${t.table}: ${t.state}`));
    expect(shown.jobs).toHaveLength(3);
    expect(shown.config).toContainEqual(['status_http_token', '******']);
    expect(shown.config).toContainEqual(['source_cluster_password', '******']);
    expect(await page.content()).not.toContain(TOKEN);

    // A laptop-sized screenshot of it: a real image of the expected size.
    const shots = fs.mkdtempSync(path.join(os.tmpdir(), 'srsync-page-shot-'));
    const png = path.join(shots, 'status-page.png');
    await page.screenshot({ path: png });
    const facts = pngFacts(png);
    expect({ width: facts.width, height: facts.height }).toEqual(VIEWPORT);
    expect(facts.bytes).toBeGreaterThan(20_000);
    expect(facts.distinct).toBeGreaterThan(100);
    console.log(`status page screenshot: ${png}`);

    // It follows the run without a reload: the jobs finish, the page says so.
    const renders = shown.renders;
    await control(pair.target, 'set_cn_bandwidth', { bytesPerSec: 0 });
    await pageUntil(
      page,
      `(() => { const d = window.srsyncStatus; return !!d && d.tables_not_in_sync.count === 0 && d.bytes.catch_up.remaining_bytes === 0 && d.jobs_in_flight.count === 0; })()`,
      'the page to show the migration in sync',
    );
    const after = await readPage(page);
    expect(after.renders).toBeGreaterThan(renders);
    expect(after.lag).toEqual([['every table is in sync']]);
    expect(after.fields.find((f) => f.field === 'bytes.catch_up.remaining_bytes')).toMatchObject({ value: '0', text: '0 B' });
    expect(after.fields.find((f) => f.field === 'progress.table.finishedTableRatio')!.text).toBe('100.00%');
    // In sync, nothing moves: /metrics says what /status says.
    const settled = (await status(port)).doc!.bytes!;
    const m = await metrics(port);
    expect(m.get('srsync_copied_bytes_total')).toBe(settled.copied_bytes);
    expect(settled.copied_bytes).toBeGreaterThan(doc.bytes!.copied_bytes);
    expect(m.get('srsync_copy_remaining_bytes{copy="initial"}')).toBe(0);
    expect(m.get('srsync_copy_remaining_bytes{copy="catch_up"}')).toBe(0);
    expect(m.get('srsync_copy_eta_seconds{copy="catch_up"}')).toBe(0);
    expect(m.get('srsync_initial_copy_total_bytes')).toBe(settled.initial_copy.total_bytes);
    expect(m.get('srsync_target_lag_bytes')).toBe(0);
    expect(m.get('srsync_target_lag_seconds')).toBe(0);
    expect(settled.initial_copy).toMatchObject({ tables: 3, tables_done: 3, remaining_bytes: 0 });

    // Pause and resume from the page (POST /pause, /resume with the token): /status follows each click.
    expect(await page.locator('#steer').textContent()).toBe('Pause');
    await page.locator('#steer').click();
    await waitUntil(async () => (await status(port)).doc!.steering?.paused === true, 'a pause from the page', 10_000, 100);
    await pageUntil(page, `document.getElementById('steer').textContent === 'Resume'`, 'the button to offer Resume');
    await page.locator('#steer').click();
    await waitUntil(async () => (await status(port)).doc!.steering?.paused === false, 'a resume from the page', 10_000, 100);
    await pageUntil(page, `document.getElementById('steer').textContent === 'Pause'`, 'the button to offer Pause again');

    // The token from the URL fragment: used, then gone from the address bar; a wrong one is refused.
    const second = await context.newPage();
    await second.goto(`https://127.0.0.1:${port}/#token=${TOKEN}`);
    await pageUntil(second, 'Number(document.body.dataset.renders || 0) >= 1', 'a render with the token from the URL');
    expect(second.url()).toBe(`https://127.0.0.1:${port}/`);
    await second.close();
    const wrong = await context.browser()?.newContext({ ignoreHTTPSErrors: true });
    const third = wrong ? await wrong.newPage() : await context.newPage();
    await third.goto(`https://127.0.0.1:${port}/#token=not-the-token-0123456789`);
    await third.locator('#auth-error').filter({ hasText: 'the token was refused' }).waitFor();
    await wrong?.close();

    expect(external).toEqual([]);
    expect(pageErrors).toEqual([]);
    expect((await status(port, 'not-the-token-0123456789')).code).toBe(401);
    expect(await run.stop('SIGTERM')).toBe(0);
  }, 60_000);
});
