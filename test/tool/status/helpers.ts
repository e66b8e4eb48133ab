import { mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseProperties } from '../../../src/config/properties.js';
import { parseSyncProperties } from '../../../src/config/load.js';
import type { SyncConfig } from '../../../src/config/index.js';
import type { StatusSnapshot } from '../../../src/status/index.js';

export const SOURCE_PASSWORD = 'Src-Pa55word-xyz';
export const TARGET_PASSWORD = 'Tgt-Pa55word-xyz';
export const SECRET_KEY = 'my-secret-key-123';

/** sync.properties text with distinctive passwords (the target one encrypted with SECRET_KEY). */
export function confText(extra: Record<string, string> = {}): string {
  const base: Record<string, string> = {
    source_fe_host: '127.0.0.1',
    source_fe_query_port: '19030',
    source_cluster_password: SOURCE_PASSWORD,
    target_fe_host: '127.0.0.1',
    target_fe_query_port: '29030',
    target_cluster_password: TARGET_PASSWORD,
    ...extra,
  };
  return (
    Object.entries(base)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n') + '\n'
  );
}

export function config(extra: Record<string, string> = {}): SyncConfig {
  return parseSyncProperties(parseProperties(confText(extra), 'conf/sync.properties')).config;
}

/** A conf dir holding sync.properties. */
export function confDir(text: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'srsync-status-'));
  writeFileSync(path.join(dir, 'sync.properties'), text);
  return dir;
}

export { freePort } from '../../../harness/e2e-catalog.js';

export function request(port: number, route: string, method = 'GET'): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: route, method, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body: Buffer.concat(chunks).toString('utf8') }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

/** `name{labels} value` lines of a Prometheus text → map. */
export function samples(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const i = line.lastIndexOf(' ');
    out.set(line.slice(0, i), Number(line.slice(i + 1)));
  }
  return out;
}

export function fakeSnapshot(over: Partial<StatusSnapshot> = {}): StatusSnapshot {
  return {
    phase: 'running',
    progressAt: Date.UTC(2026, 0, 2, 3, 4, 5),
    progress: {
      job: { ddlPending: 1, jobPending: 2, sent: 3, running: 4, finished: 50, failed: 6, unknown: 0 },
      table: { total: 20, finished: 15, expired: 2 },
      unsynced: { count: 7, tables: [{ table: 'db1.t1', reason: 'not synchronized yet; replication job running' }] },
      lag: { partitions: 9, tables: 4 },
    },
    counters: {
      ddlApplied: 11,
      ddlFailed: 1,
      jobsSent: 60,
      jobsFinished: 50,
      jobsFailed: 8,
      jobsRetried: 5,
      backpressureDeferrals: 13,
      warnings: 3,
      errors: 1,
    },
    catalogReads: {
      full: { count: 4, failed: 1, totalSeconds: 2, lastSeconds: 0.25 },
      scoped: { count: 10, failed: 0, totalSeconds: 0.5, lastSeconds: 0.01 },
    },
    recentWarnings: [
      { at: Date.UTC(2026, 0, 2, 3, 4, 0), level: 'WARN', message: 'Replication job x failed for db1.t1 (attempt 1/3): boom; retrying' },
    ],
    ...over,
  };
}
