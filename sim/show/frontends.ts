// SHOW FRONTENDS (= /frontends, FrontendsProcNode, reference §6.2), SHOW BACKENDS (= /backends, BackendsProcDir)
// and SHOW COMPUTE NODES (= /compute_nodes, ComputeNodeProcDir, shared-data column set).
import type { OlapTable } from '../catalog/model.js';
import type { FeState } from '../fe/state.js';
import { formatDateTime } from './format.js';
import { resultSet, varcharColumns, type ResultSet, type Row } from './result-set.js';

export const FRONTEND_COLUMNS = [
  'Id',
  'Name',
  'IP',
  'EditLogPort',
  'HttpPort',
  'QueryPort',
  'RpcPort',
  'Role',
  'ClusterId',
  'Join',
  'Alive',
  'ReplayedJournalId',
  'LastHeartbeat',
  'IsHelper',
  'ErrMsg',
  'StartTime',
  'Version',
] as const;

const BACKEND_BASE_COLUMNS = [
  'BackendId',
  'IP',
  'HeartbeatPort',
  'BePort',
  'HttpPort',
  'BrpcPort',
  'LastStartTime',
  'LastHeartbeat',
  'Alive',
  'SystemDecommissioned',
  'ClusterDecommissioned',
  'TabletNum',
  'DataUsedCapacity',
  'AvailCapacity',
  'TotalCapacity',
  'UsedPct',
  'MaxDiskUsedPct',
  'ErrMsg',
  'Version',
  'Status',
  'DataTotalCapacity',
  'DataUsedPct',
  'CpuCores',
  'NumRunningQueries',
  'MemUsedPct',
  'CpuUsedPct',
  'DataCacheMetrics',
  'location',
] as const;

const COMPUTE_NODE_BASE_COLUMNS = [
  'ComputeNodeId',
  'IP',
  'HeartbeatPort',
  'BePort',
  'HttpPort',
  'BrpcPort',
  'LastStartTime',
  'LastHeartbeat',
  'Alive',
  'SystemDecommissioned',
  'ClusterDecommissioned',
  'ErrMsg',
  'Version',
  'CpuCores',
  'NumRunningQueries',
  'MemUsedPct',
  'CpuUsedPct',
  'HasStoragePath',
] as const;

const sharedData = (fe: FeState) => fe.options.runMode === 'shared_data';

export const versionString = (fe: FeState) => `${fe.options.version}-${fe.options.commitHash}`;

export function backendColumns(fe: FeState): string[] {
  return sharedData(fe) ? [...BACKEND_BASE_COLUMNS, 'StarletPort', 'WorkerId'] : [...BACKEND_BASE_COLUMNS];
}

export function computeNodeColumns(fe: FeState): string[] {
  return sharedData(fe) ? [...COMPUTE_NODE_BASE_COLUMNS, 'StarletPort', 'WorkerId', 'WarehouseName', 'TabletNum'] : [...COMPUTE_NODE_BASE_COLUMNS];
}

/** A stable cluster id derived from the service id (StarRocks draws one at first start). */
function clusterId(fe: FeState): string {
  let h = 0;
  for (const ch of fe.serviceId) h = (h * 31 + ch.charCodeAt(0)) | 0;
  return String(Math.abs(h) % 2147483647);
}

/** The single LEADER FE: IP 127.0.0.1 and the real ports the simulator listens on. */
export function showFrontends(fe: FeState): ResultSet {
  const editLogPort = fe.config.get('edit_log_port');
  const now = formatDateTime(Date.now());
  const row: Row = [
    '1',
    `127.0.0.1_${editLogPort}_${fe.startTime}`,
    '127.0.0.1',
    editLogPort,
    String(fe.options.httpPort),
    String(fe.options.queryPort),
    String(fe.options.rpcPort),
    'LEADER',
    clusterId(fe),
    'true',
    'true',
    String(fe.transactions.size + fe.replicationJobs.size),
    now,
    'true',
    '',
    formatDateTime(fe.startTime),
    versionString(fe),
  ];
  return resultSet(varcharColumns(FRONTEND_COLUMNS), [row]);
}

/** A shared-data cluster of the simulator has compute nodes only: no backends. */
export function showBackends(fe: FeState): ResultSet {
  return resultSet(varcharColumns(backendColumns(fe)), []);
}

function tabletsPerNode(fe: FeState): Map<number, number> {
  const m = new Map<number, number>();
  for (const db of fe.catalog.databases.values()) {
    for (const t of db.tables.values()) {
      if (t.kind !== 'olap') continue;
      for (const p of (t as OlapTable).partitions) {
        for (const pp of p.physicalPartitions) {
          for (const idx of pp.indexes) for (const tab of idx.tablets) m.set(tab.backendId, (m.get(tab.backendId) ?? 0) + 1);
        }
      }
    }
  }
  return m;
}

/** Compute nodes sorted by (IP, BePort) like ComputeNodeProcDir; each CN gets its own port block. */
export function showComputeNodes(fe: FeState): ResultSet {
  const tablets = sharedData(fe) ? tabletsPerNode(fe) : new Map<number, number>();
  const start = formatDateTime(fe.startTime);
  const now = formatDateTime(Date.now());
  const rows: Row[] = fe.cns.map((cn, i) => {
    const off = i * 10;
    const row: Row = [
      String(cn.id),
      cn.host,
      String(9050 + off),
      String(9060 + off),
      String(8040 + off),
      String(8060 + off),
      start,
      now,
      'true',
      'false',
      'false',
      '',
      versionString(fe),
      '2',
      '0',
      '0.00 %',
      '0.0 %',
      'true',
    ];
    if (sharedData(fe)) row.push(String(9070 + off), String(i + 1), 'default_warehouse', String(tablets.get(cn.id) ?? 0));
    return row;
  });
  rows.sort((a, b) => (a[1]! < b[1]! ? -1 : a[1]! > b[1]! ? 1 : a[3]! < b[3]! ? -1 : a[3]! > b[3]! ? 1 : 0));
  return resultSet(varcharColumns(computeNodeColumns(fe)), rows);
}
