import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/errors.js';
import { createHostMap, EMPTY_HOST_MAP, parseHostMap } from '../../../src/config/hosts.js';
import { loadHostMap } from '../../../src/config/load.js';
import { parseProperties } from '../../../src/config/properties.js';
import { tempConf } from './helpers.js';

const parse = (text: string) => parseHostMap(parseProperties(text, 'conf/hosts.properties'));

const errorOf = (text: string): ConfigError => {
  try {
    parse(text);
  } catch (e) {
    return e as ConfigError;
  }
  throw new Error('expected a ConfigError');
};

describe('conf/hosts.properties', () => {
  it("maps hosts and ports of each side (the manuals' examples)", () => {
    const { hostMap, warnings } = parse(
      [
        '# <SOURCE/TARGET>_<host>=<mappedHost>[;<srcPort>:<dstPort>[,<srcPort>:<dstPort>...]]',
        'SOURCE_192.1.1.1=10.1.1.1;8030:38030,9030:39030',
        'SOURCE_192.1.1.2=10.1.1.2',
        'TARGET_frontend-0.frontend.mynamespace.svc.cluster.local=10.1.2.1;9030:19030',
      ].join('\n'),
    );
    expect(warnings).toEqual([]);
    expect(hostMap.mapAddress('source', '192.1.1.1', 9030)).toEqual({ host: '10.1.1.1', port: 39030 });
    expect(hostMap.mapAddress('source', '192.1.1.1', 8030)).toEqual({ host: '10.1.1.1', port: 38030 });
    expect(hostMap.mapAddress('source', '192.1.1.1', 9020)).toEqual({ host: '10.1.1.1', port: 9020 }); // rpc port not listed
    expect(hostMap.mapAddress('source', '192.1.1.2', 9020)).toEqual({ host: '10.1.1.2', port: 9020 });
    expect(hostMap.mapAddress('target', 'frontend-0.frontend.mynamespace.svc.cluster.local', 9030)).toEqual({ host: '10.1.2.1', port: 19030 });
    // Sides are separate, and hosts match exactly.
    expect(hostMap.mapAddress('target', '192.1.1.1', 9030)).toEqual({ host: '192.1.1.1', port: 9030 });
    expect(hostMap.mapAddress('source', 'frontend-0.frontend.mynamespace.svc.cluster.local', 9030)).toEqual({
      host: 'frontend-0.frontend.mynamespace.svc.cluster.local',
      port: 9030,
    });
    expect(hostMap.mapAddress('source', '192.1.1.10', 9030)).toEqual({ host: '192.1.1.10', port: 9030 });
  });

  it('tolerates spaces around parts and a trailing comma', () => {
    const { hostMap } = parse('TARGET_fe-0 = 10.1.2.1 ; 9030:19030 , 9020:19020,\n');
    expect(hostMap.mapAddress('target', 'fe-0', 9020)).toEqual({ host: '10.1.2.1', port: 19020 });
  });

  it('a host mapped twice: the last line wins, with a warning', () => {
    const { hostMap, warnings } = parse('SOURCE_a=1.1.1.1\nSOURCE_a=2.2.2.2\n');
    expect(hostMap.mapAddress('source', 'a', 1)).toEqual({ host: '2.2.2.2', port: 1 });
    expect(warnings).toEqual(["conf/hosts.properties: 'SOURCE_a' is mapped 2 times (lines 1, 2); the last one (line 2) is used"]);
  });

  it.each([
    ['fe-0=10.0.0.1', "conf/hosts.properties: line 2: 'fe-0' does not start with SOURCE_ or TARGET_"],
    ['source_fe-0=10.0.0.1', "line 2: 'source_fe-0' does not start with SOURCE_ or TARGET_"],
    ['SOURCE_fe-0=', "line 2: 'SOURCE_fe-0' maps to '', which is not a host name or IP address"],
    ['SOURCE_fe-0=10.0.0.1;9030', "line 2: 'SOURCE_fe-0' has port mapping '9030', which is not <srcPort>:<dstPort>"],
    ['SOURCE_fe-0=10.0.0.1;9030:abc', "has port mapping '9030:abc'"],
    ['SOURCE_fe-0=10.0.0.1;9030:70000', "has port mapping '9030:70000'"],
    ['SOURCE_fe-0=10.0.0.1;9030:1;2', "'SOURCE_fe-0' has more than one ';'"],
    ['TARGET_fe-0=http://10.0.0.1', "maps to 'http://10.0.0.1', which is not a host name or IP address"],
  ])('invalid line %s', (line, expected) => {
    const e = errorOf(`# comment\n${line}\n`);
    expect(e).toBeInstanceOf(ConfigError);
    expect(e.message).toContain(expected);
    expect(e.line).toBe(2);
    expect(e.file).toBe('conf/hosts.properties');
    expect(e.message).not.toContain('\n');
  });

  it('a missing hosts.properties maps nothing; the shipped one is all comments', () => {
    expect(loadHostMap(tempConf({})).hostMap).toBe(EMPTY_HOST_MAP);
    const shipped = loadHostMap(path.join(import.meta.dirname, '../../../conf'));
    expect(shipped.hostMap.source.size + shipped.hostMap.target.size).toBe(0);
    expect(EMPTY_HOST_MAP.mapAddress('target', 'x', 9030)).toEqual({ host: 'x', port: 9030 });
  });

  it('loadHostMap reads <dir>/hosts.properties', () => {
    const dir = tempConf({ 'hosts.properties': 'TARGET_fe-0=127.0.0.1;9030:19030\n' });
    expect(loadHostMap(dir).hostMap.mapAddress('target', 'fe-0', 9030)).toEqual({ host: '127.0.0.1', port: 19030 });
  });

  it('createHostMap builds a map from data (for tests of other modules)', () => {
    const m = createHostMap({ target: new Map([['fe', { host: '127.0.0.1', ports: new Map([[9020, 19020]]) }]]) });
    expect(m.mapAddress('target', 'fe', 9020)).toEqual({ host: '127.0.0.1', port: 19020 });
  });
});
