// conf/hosts.properties: `<SOURCE|TARGET>_<host>=<mappedHost>[;<srcPort>:<dstPort>[,<srcPort>:<dstPort>...]]`.
// <host> is the IP column of SHOW FRONTENDS, matched exactly; the mapping applies to every address and port of
// that FE the tool connects to (query, rpc, http).
import { ConfigError } from '../errors.js';
import { hostLimit } from './limits.js';
import type { PropertiesDocument } from './properties.js';
import { show } from './show.js';

export type Side = 'source' | 'target';

export interface Address {
  readonly host: string;
  readonly port: number;
}

export interface HostMapping {
  /** The reachable host to use instead. */
  readonly host: string;
  /** Port → reachable port; ports not listed are kept. */
  readonly ports: ReadonlyMap<number, number>;
}

export interface HostMap {
  readonly source: ReadonlyMap<string, HostMapping>;
  readonly target: ReadonlyMap<string, HostMapping>;
  /** The address to connect to for an FE address reported by `side`'s SHOW FRONTENDS. Unmapped → unchanged. */
  mapAddress(side: Side, host: string, port: number): Address;
}

export function createHostMap(entries: { source?: ReadonlyMap<string, HostMapping>; target?: ReadonlyMap<string, HostMapping> } = {}): HostMap {
  const source = entries.source ?? new Map<string, HostMapping>();
  const target = entries.target ?? new Map<string, HostMapping>();
  return Object.freeze({
    source,
    target,
    mapAddress(side: Side, host: string, port: number): Address {
      const m = (side === 'source' ? source : target).get(host);
      if (!m) return { host, port };
      return { host: m.host, port: m.ports.get(port) ?? port };
    },
  });
}

/** A mapping that maps nothing (no hosts.properties). */
export const EMPTY_HOST_MAP: HostMap = createHostMap();

const PORT = /^\d{1,5}$/;
const isPort = (s: string): boolean => PORT.test(s) && Number(s) >= 1 && Number(s) <= 65535;

/** Parses the entries of hosts.properties; every malformed line is a ConfigError naming the file and line. */
export function parseHostMap(doc: PropertiesDocument): { hostMap: HostMap; warnings: string[] } {
  const maps: Record<Side, Map<string, HostMapping>> = { source: new Map(), target: new Map() };
  for (const { key, value, line } of doc.entries.values()) {
    const fail = (why: string): never => {
      throw new ConfigError(`${doc.file}: line ${line}: ${why}`, { file: doc.file, key, line });
    };
    const m = /^(SOURCE|TARGET)_(.+)$/.exec(key);
    if (!m) fail(`${show(key)} does not start with SOURCE_ or TARGET_ followed by the host from SHOW FRONTENDS`);
    const side: Side = m![1] === 'SOURCE' ? 'source' : 'target';
    const fromHost = m![2]!;
    const [hostPart = '', portPart, ...rest] = value.trim().split(';');
    if (rest.length > 0) fail(`${show(key)} has more than one ';' (expected <mappedHost>[;<srcPort>:<dstPort>,...])`);
    const written = hostPart.trim();
    if (!/^(\[[0-9A-Fa-f:.%\w]+\]|[A-Za-z0-9._:%-]+)$/.test(written))
      fail(`${show(key)} maps to ${show(written)}, which is not a host name or IP address`);
    const tooLong = hostLimit(written);
    if (tooLong) fail(`${show(key)} maps to ${show(written)}, which ${tooLong}`);
    const toHost = written.replace(/^\[(.*)\]$/, '$1');
    const ports = new Map<number, number>();
    if (portPart !== undefined) {
      for (const pair of portPart.split(',').map((p) => p.trim())) {
        if (pair === '') continue;
        const [a = '', b = '', ...more] = pair.split(':').map((p) => p.trim());
        if (more.length > 0 || !isPort(a) || !isPort(b)) fail(`${show(key)} has port mapping ${show(pair)}, which is not <srcPort>:<dstPort>`);
        ports.set(Number(a), Number(b));
      }
    }
    maps[side].set(fromHost, Object.freeze({ host: toHost, ports }));
  }
  const warnings = doc.duplicates.map(
    (d) =>
      `${doc.file}: ${show(d.key)} is mapped ${d.lines.length} times (lines ${d.lines.join(', ')}); the last one (line ${d.lines[d.lines.length - 1]}) is used`,
  );
  return { hostMap: createHostMap(maps), warnings };
}
