// The FE's HTTP port: only GET /service_id (reference §6.4). Credentials are sent only where the FE asks for them
// (notes/decisions/security-http.md): the first request carries no Authorization header; a 401 with a Basic
// challenge (enable_http_auth, PR #73822) is answered once with the user's credentials. HTTPS when the scheme says so.
import http from 'node:http';
import https from 'node:https';

export interface HttpEndpoint {
  host: string;
  port: number;
  user: string;
  password: string;
  /** Default `http`. */
  scheme?: 'http' | 'https';
  /** Extra trusted CA certificates (PEM) for https; default: Node's trusted roots. */
  ca?: string | Buffer;
}

export interface FetchServiceIdOptions {
  /** Called when the credentials were sent (after a challenge); `inClear`: over plain http. */
  onCredentialsSent?: (inClear: boolean) => void;
}

/** An answer larger than this is not kept (a service id is a few dozen bytes). */
const MAX_BODY_CHARS = 1 << 20;

interface Answer {
  status: number;
  challenge: string;
  body: string;
}

function get(ep: HttpEndpoint, path: string, timeoutMs: number, authorization: string | null): Promise<Answer> {
  const where = `${ep.scheme ?? 'http'}://${ep.host}:${ep.port}${path}`;
  return new Promise((resolve, reject) => {
    const options: https.RequestOptions = {
      host: ep.host,
      port: ep.port,
      path,
      method: 'GET',
      timeout: timeoutMs,
      headers: authorization ? { Authorization: authorization } : {},
      ...(ep.scheme === 'https' && ep.ca !== undefined ? { ca: ep.ca } : {}),
    };
    const onResponse = (res: http.IncomingMessage) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        if (body.length + c.length <= MAX_BODY_CHARS) body += c;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, challenge: String(res.headers['www-authenticate'] ?? ''), body }));
      res.on('error', (e) => reject(new Error(`GET ${where} failed: ${e.message}`)));
    };
    const req = ep.scheme === 'https' ? https.request(options, onResponse) : http.request(options, onResponse);
    req.on('timeout', () => req.destroy(new Error(`GET ${where} timed out`)));
    req.on('error', (e) => reject(new Error(e.message.startsWith(`GET ${where}`) ? e.message : `GET ${where} failed: ${e.message}`)));
    req.end();
  });
}

/** A `WWW-Authenticate` value offering HTTP Basic (possibly among other schemes). */
const offersBasic = (challenge: string) => /(^|,)\s*Basic(\s|$|,)/i.test(challenge);

function serviceIdOf(a: Answer): string | null {
  if (a.status !== 200) return null;
  try {
    const parsed = JSON.parse(a.body) as { service_id?: unknown };
    return typeof parsed.service_id === 'string' && parsed.service_id ? parsed.service_id : null;
  } catch {
    return null;
  }
}

/**
 * The source cluster's StarOS service id, or null when the endpoint is absent (404/older FE) or refuses the
 * credentials. No credentials unless the FE challenges for Basic; then one retry with them.
 */
export async function fetchServiceId(ep: HttpEndpoint, timeoutMs: number, opts: FetchServiceIdOptions = {}): Promise<string | null> {
  const first = await get(ep, '/service_id', timeoutMs, null);
  if (first.status !== 401 || !offersBasic(first.challenge)) return serviceIdOf(first);
  const credentials = `Basic ${Buffer.from(`${ep.user}:${ep.password}`, 'utf8').toString('base64')}`;
  const second = await get(ep, '/service_id', timeoutMs, credentials);
  opts.onCredentialsSent?.(ep.scheme !== 'https');
  return serviceIdOf(second);
}
