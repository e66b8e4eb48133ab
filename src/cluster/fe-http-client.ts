// The FE's HTTP port: only GET /service_id (reference §6.4). Basic auth is always sent (harmless when unchecked).
import http from 'node:http';

export interface HttpEndpoint {
  host: string;
  port: number;
  user: string;
  password: string;
}

/** The source cluster's StarOS service id, or null when the endpoint is absent (404/older FE). */
export function fetchServiceId(ep: HttpEndpoint, timeoutMs: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: ep.host,
        port: ep.port,
        path: '/service_id',
        method: 'GET',
        timeout: timeoutMs,
        headers: { Authorization: `Basic ${Buffer.from(`${ep.user}:${ep.password}`).toString('base64')}` },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => {
          if (res.statusCode !== 200) return resolve(null);
          try {
            const parsed = JSON.parse(body) as { service_id?: unknown };
            resolve(typeof parsed.service_id === 'string' && parsed.service_id ? parsed.service_id : null);
          } catch {
            resolve(null);
          }
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`GET /service_id on ${ep.host}:${ep.port} timed out`)));
    req.on('error', (e) => reject(new Error(`GET /service_id on ${ep.host}:${ep.port} failed: ${e.message}`)));
    req.end();
  });
}
