// src/command/mask.ts: the config's secrets out of what a read-only command prints.
import { describe, expect, it } from 'vitest';
import { configMask, maskWith } from '../../../src/command/mask.js';
import { parseProperties } from '../../../src/config/properties.js';
import { parseSyncProperties } from '../../../src/config/load.js';

describe('maskWith', () => {
  it('replaces every occurrence, the longest secret first; secrets under 4 characters stay', () => {
    const mask = maskWith(['abcd', 'abcdefgh', 'xyz', 'abcd']);
    expect(mask('p=abcdefgh q=abcd r=xyz abcdabcd')).toBe('p=****** q=****** r=xyz ************');
  });

  it('no secrets: the text as it is', () => {
    expect(maskWith([])('anything abcd')).toBe('anything abcd');
  });
});

describe('configMask', () => {
  it('masks the cluster passwords of sync.properties', () => {
    const text = 'source_fe_host=127.0.0.1\nsource_cluster_password=Src-Secret-1\ntarget_fe_host=127.0.0.2\ntarget_cluster_password=Tgt-Secret-2\n';
    const { config } = parseSyncProperties(parseProperties(text, 'conf/sync.properties'));
    expect(configMask(config)("Access denied for 'root' (using Src-Secret-1 / Tgt-Secret-2)")).toBe(
      "Access denied for 'root' (using ****** / ******)",
    );
  });
});
