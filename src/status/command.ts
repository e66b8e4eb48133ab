// `srsync status [--conf <dir>] [--json]`: asks the running srsync's status endpoint (status_http_host:
// status_http_port of sync.properties) and prints a short summary, or the /status JSON.
// Exit 0: it answered; 1: nothing answers (not running, or status_http_port = 0); 2: bad configuration.
import { hostPort } from '../util/address.js';
import http from 'node:http';
import path from 'node:path';
import { confDirOf } from '../util/install.js';
import { loadConfig } from '../config/index.js';
import { ExitCode, exitCodeOf, SrsyncError } from '../errors.js';
import type { StatusDocument } from './document.js';

export interface StatusCommandIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

export interface StatusCommandOptions {
  conf?: string;
  json?: boolean;
}

/** Nothing answers. */
const NOT_RUNNING = 1;
const TIMEOUT_MS = 5_000;
/** Tables and warnings listed in the summary. */
const SHOWN = 10;

/** Where to connect for a listen address: a wildcard address means this machine. */
function connectHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::' || host === '[::]') return '::1';
  return host;
}

function get(host: string, port: number, route: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host, port, path: route, agent: false, timeout: TIMEOUT_MS, headers: { accept: 'application/json' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${TIMEOUT_MS / 1000} s`)));
    req.on('error', reject);
  });
}

function duration(seconds: number): string {
  const d = Math.floor(seconds / 86400);
  const h = Math.floor((seconds % 86400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return d > 0 ? `${d}d ${h}h ${m}m` : h > 0 ? `${h}h ${m}m ${s}s` : m > 0 ? `${m}m ${s}s` : `${s}s`;
}

/** The human summary of a /status document. */
export function formatStatus(doc: StatusDocument): string[] {
  const out = [
    `srsync ${doc.version} ${doc.phase} (pid ${doc.pid}) since ${doc.start_time}, uptime ${duration(doc.uptime_seconds)}, ${doc.one_time_run_mode ? 'one-time run' : 'continuous mode'}`,
    `source ${doc.source_fe} -> target ${doc.target_fe}`,
  ];
  if (!doc.progress) {
    out.push('no progress yet (checking the clusters, or reading the catalogs for the first time)');
  } else {
    out.push(`${doc.progress.lines.job} (at ${doc.progress.updated_at})`, doc.progress.lines.table);
    out.push(`target lag: ${doc.target_lag.partitions} partition(s) in ${doc.target_lag.tables} table(s)`);
  }
  const uns = doc.tables_not_in_sync;
  out.push(`tables not in sync: ${uns.count}`);
  for (const t of uns.tables.slice(0, SHOWN)) out.push(`  ${t.table}: ${t.reason}`);
  if (uns.count > SHOWN) out.push(`  ... and ${uns.count - SHOWN} more (srsync status --json lists ${uns.shown})`);
  const a = doc.activity;
  out.push(
    `replication jobs: ${a.replication_jobs_sent} sent, ${a.replication_jobs_finished} finished, ${a.replication_jobs_failed} failed, ${a.replication_jobs_retried} retried, ${a.backpressure_deferrals} deferred; DDL: ${a.ddl_applied} applied, ${a.ddl_failed} failed`,
  );
  const w = doc.warnings;
  out.push(`warnings: ${w.count}, errors: ${w.errors}`);
  for (const r of w.recent.slice(-5)) out.push(`  ${r.time} ${r.level} ${r.message}`);
  return out;
}

function isStatusDocument(v: unknown): v is StatusDocument {
  return typeof v === 'object' && v !== null && (v as { service?: unknown }).service === 'srsync' && typeof (v as { pid?: unknown }).pid === 'number';
}

export async function statusCommand(
  opts: StatusCommandOptions,
  deps: { env?: NodeJS.ProcessEnv },
  io: StatusCommandIo,
): Promise<number> {
  const confDir = confDirOf(opts.conf, deps.env);
  let host: string;
  let port: number;
  try {
    const { config } = loadConfig(confDir);
    host = config.statusHttpHost;
    port = config.statusHttpPort;
  } catch (e) {
    io.stderr(`${e instanceof SrsyncError ? e.message : String(e)}\n`);
    return exitCodeOf(e);
  }
  const file = path.join(confDir, 'sync.properties');
  if (port === 0) {
    io.stderr(`srsync status: status_http_port is 0 in ${file} (the status endpoint is off); set it and restart srsync to use this command\n`);
    return NOT_RUNNING;
  }
  const target = connectHost(host);
  const url = `http://${hostPort(target, port)}/status`;
  let answer: { status: number; body: string };
  try {
    answer = await get(target, port, '/status');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ECONNREFUSED' ? 'nothing listens there' : (e as Error).message;
    io.stderr(`srsync status: srsync is not running (no answer from ${url}: ${why})\n`);
    return NOT_RUNNING;
  }
  let doc: unknown;
  try {
    doc = JSON.parse(answer.body);
  } catch {
    doc = undefined;
  }
  if (answer.status !== 200 || !isStatusDocument(doc)) {
    io.stderr(`srsync status: ${url} answered HTTP ${answer.status}, which is not srsync's status (is status_http_port used by something else?)\n`);
    return NOT_RUNNING;
  }
  if (opts.json) io.stdout(`${JSON.stringify(doc, null, 2)}\n`);
  else for (const line of formatStatus(doc)) io.stdout(`${line}\n`);
  return ExitCode.ok;
}
