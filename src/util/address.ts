// `host:port` as written in URLs and messages: IPv6 literals in brackets (`[::1]:9030`).

export function hostPort(host: string, port: number): string {
  return `${host.includes(':') ? `[${host}]` : host}:${port}`;
}
