// `srsync status [--conf <dir>] [--json]`: asks the running srsync's status endpoint (status_http_host:
// status_http_port of sync.properties) and prints a short summary, or the /status JSON.
// Sends status_http_token (Authorization: Bearer) when set; over HTTPS when status_http_tls_cert_file is set, trusting
// exactly that certificate. Exit 0: it answered; 1: nothing answers (not running, or status_http_port = 0);
// 2: bad configuration, or the endpoint refused the token.
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import { rootCertificates, type PeerCertificate } from 'node:tls';
import { hostPort } from '../util/address.js';
import { confDirOf } from '../util/install.js';
import { loadConfig, type SyncConfig } from '../config/index.js';
import { attempt } from '../command/conf.js';
import { ConfigError, ExitCode } from '../errors.js';
import type { BytesDoc, CopyDoc, StatusDocument } from './document.js';
import { steeringLines } from '../steering/status.js';

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

/** How to reach the endpoint: the token to send, and for HTTPS the certificate file the server must present. */
interface Client {
  token: string;
  /** PEM of status_http_tls_cert_file: trusted as an anchor, and its first certificate pinned. */
  certPem?: Buffer;
}

/** The first certificate of a PEM file, for pinning. */
function leafFingerprint(pem: Buffer): string {
  return new X509Certificate(pem).fingerprint256;
}

function get(host: string, port: number, route: string, client: Client): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (client.token !== '') headers['authorization'] = `Bearer ${client.token}`;
    const onResponse = (res: http.IncomingMessage) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    };
    const base = { host, port, path: route, agent: false, timeout: TIMEOUT_MS, headers };
    let req: http.ClientRequest;
    if (client.certPem) {
      // Trust the configured certificate (a self-signed one, or a chain ending in a public CA), and require the
      // server to present exactly it: the token is only sent to the srsync this conf describes.
      const pinned = leafFingerprint(client.certPem);
      req = https.request(
        {
          ...base,
          ca: [...rootCertificates, client.certPem.toString('utf8')],
          checkServerIdentity: (_host: string, cert: PeerCertificate) =>
            cert.fingerprint256 === pinned ? undefined : new Error('the server presented another certificate than status_http_tls_cert_file'),
        },
        onResponse,
      );
    } else {
      req = http.request(base, onResponse);
    }
    req.on('timeout', () => req.destroy(new Error(`no answer within ${TIMEOUT_MS / 1000} s`)));
    req.on('error', reject);
    req.end();
  });
}

function duration(seconds: number): string {
  const d = Math.floor(seconds / 86400);
  const h = Math.floor((seconds % 86400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return d > 0 ? `${d}d ${h}h ${m}m` : h > 0 ? `${h}h ${m}m ${s}s` : m > 0 ? `${m}m ${s}s` : `${s}s`;
}

const known = (n: number | null, unit = ' bytes') => (n === null ? 'unknown' : `${n}${unit}`);
const eta = (c: CopyDoc) => (c.eta_seconds === null ? 'ETA unknown' : `ETA ${duration(c.eta_seconds)}`);

/** The byte figures in three lines (exact numbers; the page shows units). */
function bytesLines(b: BytesDoc): string[] {
  const i = b.initial_copy;
  return [
    `bytes copied: ${b.copied_bytes} bytes (catalog ${known(b.catalog_bytes)}, ratio ${known(b.copied_to_catalog_ratio, '')}), throughput ${known(b.throughput_bytes_per_second, ' bytes/s')} over the last ${duration(b.window_seconds)} (or since start)`,
    `initial copy: ${i.tables_done} of ${i.tables} table(s) done, ${i.copied_bytes} of ${known(i.total_bytes)} copied, ${known(i.remaining_bytes)} remaining, ${eta(i)}`,
    `catch-up: ${known(b.catch_up.remaining_bytes)} behind, ${eta(b.catch_up)}; lag ${known(b.lag.versions, ' version(s)')}, ${known(b.lag.seconds, ' s')}` +
      (b.catch_up.tables_size_unknown > 0 ? ` (${b.catch_up.tables_size_unknown} table(s) of unknown size yet)` : ''),
  ];
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
    if (doc.bytes) out.push(...bytesLines(doc.bytes));
  }
  const uns = doc.tables_not_in_sync;
  out.push(`tables not in sync: ${uns.count}`);
  for (const t of uns.tables.slice(0, SHOWN)) out.push(`  ${t.table}: ${t.reason}`);
  if (uns.count > SHOWN) out.push(`  ... and ${uns.count - SHOWN} more (srsync status --json lists ${uns.shown})`);
  const a = doc.activity;
  out.push(
    `replication jobs: ${a.replication_jobs_sent} sent, ${a.replication_jobs_finished} finished, ${a.replication_jobs_failed} failed, ${a.replication_jobs_retried} retried, ${a.backpressure_deferrals} deferred; DDL: ${a.ddl_applied} applied, ${a.ddl_failed} failed`,
  );
  const tw = doc.target_writes;
  if (tw && tw.count > 0) {
    out.push(`target written outside replication: ${tw.count} partition write(s) (the manual forbids loading into the target during migration)`);
    for (const r of tw.recent.slice(-5)) out.push(`  ${r.time} ${r.table} partition ${r.partition} (${r.detected_by})`);
  }
  if (doc.steering) out.push(...steeringLines(doc.steering));
  const w = doc.warnings;
  out.push(`warnings: ${w.count}, errors: ${w.errors}`);
  for (const r of w.recent.slice(-5)) out.push(`  ${r.time} ${r.level} ${r.message}`);
  return out;
}

function isStatusDocument(v: unknown): v is StatusDocument {
  return typeof v === 'object' && v !== null && (v as { service?: unknown }).service === 'srsync' && typeof (v as { pid?: unknown }).pid === 'number';
}

/** Where the status endpoint listens and how to reach it; an unreadable status_http_tls_cert_file is a ConfigError. */
function endpointOf(config: SyncConfig): { host: string; port: number; client: Client } {
  const client: Client = { token: config.statusHttpToken };
  const certFile = config.statusHttpTlsCertFile;
  if (certFile !== null) {
    try {
      client.certPem = readFileSync(certFile);
      leafFingerprint(client.certPem);
    } catch (e) {
      const why = (e as NodeJS.ErrnoException).code ?? 'not a PEM certificate';
      throw new ConfigError(`status_http_tls_cert_file = '${certFile}': cannot be read (${why})`, { key: 'status_http_tls_cert_file' }, { cause: e });
    }
  }
  return { host: config.statusHttpHost, port: config.statusHttpPort, client };
}

export async function statusCommand(opts: StatusCommandOptions, deps: { env?: NodeJS.ProcessEnv }, io: StatusCommandIo): Promise<number> {
  const confDir = confDirOf(opts.conf, deps.env);
  const endpoint = attempt(io, () => endpointOf(loadConfig(confDir).config));
  if (!endpoint.ok) return endpoint.exitCode;
  const { host, port, client } = endpoint.value;
  const file = path.join(confDir, 'sync.properties');
  if (port === 0) {
    io.stderr(`srsync status: status_http_port is 0 in ${file} (the status endpoint is off); set it and restart srsync to use this command\n`);
    return NOT_RUNNING;
  }
  const target = connectHost(host);
  const url = `${client.certPem ? 'https' : 'http'}://${hostPort(target, port)}/status`;
  let answer: { status: number; body: string };
  try {
    answer = await get(target, port, '/status', client);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ECONNREFUSED' ? 'nothing listens there' : (e as Error).message;
    io.stderr(`srsync status: srsync is not running (no answer from ${url}: ${why})\n`);
    return NOT_RUNNING;
  }
  if (answer.status === 401 || answer.status === 403) {
    const why = client.token === '' ? `status_http_token is not set in ${file}` : `status_http_token in ${file} is not the running srsync's`;
    io.stderr(`srsync status: ${url} refused the request (HTTP ${answer.status}): ${why}\n`);
    return ExitCode.config;
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
