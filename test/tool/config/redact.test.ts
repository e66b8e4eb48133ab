import { describe, expect, it } from 'vitest';
import { configSecrets, clusterLogin } from '../../../src/config/sync-config.js';
import { describeConfig, redact } from '../../../src/config/redact.js';
import { HOSTS, parse } from './helpers.js';

describe('redact', () => {
  const { config } = parse(
    `${HOSTS}source_cluster_password=3o8FZWjtnDJX870XGWZNiA==\nsource_cluster_password_secret_key=key\ntarget_cluster_password=t0p-secret\nsource_cluster_token=tok-123\ninclude_data_list=db1,db2.t2\n`,
  );

  it('shows secrets as ****** and everything else as written in sync.properties', () => {
    const r = redact(config);
    expect(r['source_cluster_password']).toBe('******');
    expect(r['source_cluster_password_secret_key']).toBe('******');
    expect(r['target_cluster_password']).toBe('******');
    expect(r['source_cluster_token']).toBe('******');
    expect(r['target_cluster_password_secret_key']).toBe('');
    expect(r['include_data_list']).toBe('db1,db2.t2');
    expect(r['target_cluster_enable_persistent_index']).toBe('');
    expect(r['source_fe_query_port']).toBe('9030');
    const text = describeConfig(config).join('\n');
    for (const secret of ['pwd', '3o8FZWjtnDJX870XGWZNiA==', 't0p-secret', 'tok-123']) expect(text).not.toContain(secret);
    expect(describeConfig(config)[0]).toBe('one_time_run_mode=false');
  });

  it('configSecrets lists the non-empty secrets for the logger', () => {
    expect(configSecrets(config).sort()).toEqual(['key', 'pwd', 't0p-secret', 'tok-123']);
  });

  it('clusterLogin gives the SQL endpoint of each side', () => {
    expect(clusterLogin(config, 'source')).toEqual({
      host: '10.0.0.1',
      port: 9030,
      user: 'root',
      password: 'pwd',
      sourceFeHttpScheme: 'http',
      sourceFeHttpCaFile: null,
    });
    expect(clusterLogin(config, 'target')).toEqual({ host: '10.0.0.2', port: 9030, user: 'root', password: 't0p-secret' });
  });
});
