import { describe, it, expect } from 'vitest';
import { buildReplicationRequest, LayoutMismatchError } from '../../../src/replication/request-builder.js';
import type { ReplicationJobSpec } from '../../../src/replication/request-builder.js';

const spec = (): ReplicationJobSpec => ({
  jobId: 'job-1',
  targetUser: 'root',
  targetPassword: 'pw',
  tgtDbId: '20001',
  tgtTableId: '20002',
  srcDbId: '10001',
  srcTableId: '10002',
  srcServiceId: 'svc',
  mirrorVolume: 'src_builtin_storage_volume',
  srcTableDataSize: 1234,
  srcIndexes: [{ id: '10003', name: 't', schemaHash: 777, schemaVersion: 0 }],
  tgtIndexes: [{ id: '20003', name: 't', schemaHash: 888, schemaVersion: 0 }],
  partitions: [
    {
      tgtPhysicalId: '20005',
      srcPhysicalId: '10005',
      srcVersion: 7,
      srcVersionEpoch: '99',
      src: { physicalPartitionId: '10005', indexes: [{ indexId: '10003', indexName: 't', tabletIds: ['10006', '10007'] }] },
      tgt: { physicalPartitionId: '20005', indexes: [{ indexId: '20003', indexName: 't', tabletIds: ['20006', '20007'] }] },
    },
  ],
});

describe('buildReplicationRequest', () => {
  it('fills every field as reference §3 says', () => {
    const r = buildReplicationRequest(spec());
    expect(r).toMatchObject({
      database_id: '20001',
      table_id: '20002',
      src_table_type: 1,
      src_cluster_run_mode: 1,
      src_storage_volume_name: 'src_builtin_storage_volume',
      src_service_id: 'svc',
      src_database_id: '10001',
      src_table_id: '10002',
      src_table_data_size: '1234',
      job_id: 'job-1',
    });
    const p = r.partition_replication_infos!['20005']!;
    expect(p).toMatchObject({ partition_id: '20005', src_version: '7', src_version_epoch: '99', src_partition_id: '10005' });
    const idx = p.index_replication_infos!['20003']!;
    expect(idx.src_schema_hash).toBe(777);
    expect(idx.tablet_replication_infos).toEqual({
      '20006': { tablet_id: '20006', src_tablet_id: '10006', replica_replication_infos: [] },
      '20007': { tablet_id: '20007', src_tablet_id: '10007', replica_replication_infos: [] },
    });
  });

  it('refuses unequal tablet counts', () => {
    const s = spec();
    (s.partitions[0]!.tgt.indexes[0]!.tabletIds as string[]).push('20008');
    expect(() => buildReplicationRequest(s)).toThrow(LayoutMismatchError);
  });
});
