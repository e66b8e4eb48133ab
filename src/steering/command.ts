// `srsync pause [--conf DIR]` / `srsync resume [--conf DIR]`: reach the running srsync of that conf. With the status
// endpoint on and status_http_token set: POST /pause or /resume there (its answer confirms). Otherwise (or when the
// endpoint does not take writes): the paused file under <home>/run, which the run looks at every 500 ms; the command
// waits until the run's presence file shows the new state. Exit 0 done (also: already so), 1 nothing running (nothing
// changed), 2 bad configuration or a refused token.
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { rootCertificates, type PeerCertificate } from 'node:tls';
import { attempt, type CommandIo } from '../command/conf.js';
import { loadConfig, type SyncConfig } from '../config/index.js';
import { isAlive } from '../cutover/run-process.js';
import { ConfigError, ExitCode } from '../errors.js';
import { hostPort } from '../util/address.js';
import { confDirOf } from '../util/install.js';
import { clearPause, readPause, readPresence, runFilesOf, writePause, type RunFiles } from './run-files.js';
import type { SteeringAnswer } from './status.js';

export type SteeringVerb = 'pause' | 'resume';

export interface SteeringCommandDeps {
  env?: NodeJS.ProcessEnv;
  /** How long the run has to acknowledge through its presence file (default 5 s). */
  ackTimeoutMs?: number;
}

const NOT_RUNNING = 1;
const TIMEOUT_MS = 5_000;

const done = (verb: SteeringVerb, pid: number | null, conf: string) =>
  verb === 'pause'
    ? `srsync${pid ? ` (pid ${pid})` : ''} paused: no new replication jobs or DDL start; running jobs finish. The pause survives a restart; srsync resume --conf ${conf} continues.\n`
    : `srsync${pid ? ` (pid ${pid})` : ''} resumed: replication jobs and DDL start again.\n`;

interface Endpoint {
  host: string;
  port: number;
  token: string;
  certPem?: Buffer;
}

function endpointOf(c: SyncConfig): Endpoint | null {
  if (c.statusHttpPort === 0 || c.statusHttpToken === '') return null;
  const e: Endpoint = {
    host: c.statusHttpHost === '0.0.0.0' || c.statusHttpHost === '' ? '127.0.0.1' : c.statusHttpHost === '::' ? '::1' : c.statusHttpHost,
    port: c.statusHttpPort,
    token: c.statusHttpToken,
  };
  if (c.statusHttpTlsCertFile !== null) {
    try {
      e.certPem = readFileSync(c.statusHttpTlsCertFile);
      new X509Certificate(e.certPem); // a PEM certificate
    } catch (err) {
      throw new ConfigError(
        `status_http_tls_cert_file = '${c.statusHttpTlsCertFile}': cannot be read (${(err as NodeJS.ErrnoException).code ?? 'not a PEM certificate'})`,
        {
          key: 'status_http_tls_cert_file',
        },
      );
    }
  }
  return e;
}

/** POST `route` with the token; HTTPS pins status_http_tls_cert_file's certificate (as `srsync status` does). */
function post(e: Endpoint, route: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const onResponse = (res: http.IncomingMessage) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    };
    const base = {
      host: e.host,
      port: e.port,
      path: route,
      method: 'POST',
      agent: false,
      timeout: TIMEOUT_MS,
      headers: { authorization: `Bearer ${e.token}`, 'content-length': 0 },
    };
    let req: http.ClientRequest;
    if (e.certPem) {
      const pinned = new X509Certificate(e.certPem).fingerprint256;
      req = https.request(
        {
          ...base,
          ca: [...rootCertificates, e.certPem.toString('utf8')],
          checkServerIdentity: (_h: string, cert: PeerCertificate) =>
            cert.fingerprint256 === pinned ? undefined : new Error('the server presented another certificate than status_http_tls_cert_file'),
        },
        onResponse,
      );
    } else req = http.request(base, onResponse);
    req.on('timeout', () => req.destroy(new Error(`no answer within ${TIMEOUT_MS / 1000} s`)));
    req.on('error', reject);
    req.end();
  });
}

/** Through the status endpoint; null when it does not take the write (then the paused file is used). */
async function viaEndpoint(verb: SteeringVerb, e: Endpoint, conf: string, io: CommandIo): Promise<number | null> {
  const url = `${e.certPem ? 'https' : 'http'}://${hostPort(e.host, e.port)}/${verb}`;
  let answer: { status: number; body: string };
  try {
    answer = await post(e, `/${verb}`);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    io.stderr(
      `srsync ${verb}: srsync is not running (no answer from ${url}: ${code === 'ECONNREFUSED' ? 'nothing listens there' : (err as Error).message}); nothing changed\n`,
    );
    return NOT_RUNNING;
  }
  if (answer.status === 401) {
    io.stderr(`srsync ${verb}: ${url} refused the request (HTTP 401): status_http_token in ${conf}/sync.properties is not the running srsync's\n`);
    return ExitCode.config;
  }
  if (answer.status === 403 || answer.status === 404) return null; // a run without the token or an older srsync
  let doc: SteeringAnswer | undefined;
  try {
    doc = JSON.parse(answer.body) as SteeringAnswer;
  } catch {
    doc = undefined;
  }
  if (answer.status !== 200 || !doc?.ok) {
    io.stderr(`srsync ${verb}: ${url} answered HTTP ${answer.status}, which is not srsync's (is status_http_port used by something else?)\n`);
    return NOT_RUNNING;
  }
  io.stdout(done(verb, null, conf));
  return ExitCode.ok;
}

/** Through the paused file: the run of this conf must be alive and acknowledge within `ackTimeoutMs`. */
async function viaFile(verb: SteeringVerb, files: RunFiles, conf: string, io: CommandIo, ackTimeoutMs: number): Promise<number> {
  const run = readPresence(files.presence);
  if (!run || !isAlive(run.pid)) {
    io.stderr(`srsync ${verb}: srsync is not running for ${conf} (no live run in ${files.presence}); nothing changed\n`);
    return NOT_RUNNING;
  }
  const want = verb === 'pause';
  if (want && !readPause(files.paused)) writePause(files.paused, { since: new Date().toISOString(), by: 'srsync pause' });
  if (!want) clearPause(files.paused);
  const deadline = Date.now() + ackTimeoutMs;
  for (;;) {
    const now = readPresence(files.presence);
    if (now && now.pid === run.pid && now.paused === want) {
      io.stdout(done(verb, run.pid, conf));
      return ExitCode.ok;
    }
    if (!isAlive(run.pid) || Date.now() >= deadline) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  io.stderr(
    `srsync ${verb}: the srsync run of ${conf} (pid ${run.pid}) did not confirm within ${Math.round(ackTimeoutMs / 1000)} s; ${
      want ? `${files.paused} is written: it applies when srsync next looks at it, or at its next start` : `${files.paused} is removed`
    }\n`,
  );
  return NOT_RUNNING;
}

export async function steeringCommand(verb: SteeringVerb, opts: { conf?: string }, deps: SteeringCommandDeps, io: CommandIo): Promise<number> {
  const confDir = confDirOf(opts.conf, deps.env);
  const endpoint = attempt(io, () => endpointOf(loadConfig(confDir).config));
  if (!endpoint.ok) return endpoint.exitCode;
  if (endpoint.value) {
    const code = await viaEndpoint(verb, endpoint.value, confDir, io);
    if (code !== null) return code;
  }
  return viaFile(verb, runFilesOf(confDir), confDir, io, deps.ackTimeoutMs ?? TIMEOUT_MS);
}
