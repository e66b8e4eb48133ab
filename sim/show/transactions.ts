// Transactions as SHOW PROC '/transactions...' and SHOW TRANSACTION show them (TransDbProcDir, TransStateProcDir,
// TransProcDir, TransTablesProcDir, TransPartitionProcNode, DatabaseTransactionMgr.getTxnStateInfo), reference §5.
import type { Database } from '../catalog/model.js';
import { SimError } from '../fe/errors.js';
import type { FeState, Transaction, TxnStatus } from '../fe/state.js';
import { timeOrNullString } from './format.js';
import { resultSet, varcharColumns, type ResultSet, type Row } from './result-set.js';

export const TRANSACTION_COLUMNS = [
  'TransactionId',
  'Label',
  'Coordinator',
  'TransactionStatus',
  'LoadJobSourceType',
  'PrepareTime',
  'PreparedTime',
  'CommitTime',
  'PublishTime',
  'FinishTime',
  'Reason',
  'ErrorReplicasCount',
  'ListenerId',
  'TimeoutMs',
  'PreparedTimeoutMs',
  'ErrMsg',
] as const;

const FINAL: ReadonlySet<TxnStatus> = new Set(['VISIBLE', 'ABORTED']);
export const isFinished = (t: Transaction) => FINAL.has(t.status);

export function transactionRow(t: Transaction): Row {
  return [
    String(t.id),
    t.label,
    t.coordinator,
    t.status,
    t.sourceType,
    timeOrNullString(t.prepareTime),
    timeOrNullString(t.preparedTime),
    timeOrNullString(t.commitTime),
    timeOrNullString(t.publishTime),
    timeOrNullString(t.finishTime),
    t.reason,
    String(t.errorReplicasCount),
    String(t.listenerId),
    String(t.timeoutMs),
    String(t.preparedTimeoutMs),
    t.errMsg,
  ];
}

/** `/transactions`: `DbId, DbName` of every database with a transaction manager (all catalog dbs), by id. */
export function transactionDbsResult(fe: FeState): ResultSet {
  const dbs = [...fe.catalog.databases.values()].sort((a, b) => a.id - b.id);
  return resultSet(
    varcharColumns(['DbId', 'DbName']),
    dbs.map((d) => [String(d.id), d.name]),
  );
}

function dbTxns(fe: FeState, db: Database): Transaction[] {
  const out: Transaction[] = [];
  for (const t of fe.transactions.values()) if (t.dbId === db.id) out.push(t);
  return out;
}

/** `/transactions/<db>`: `State, Number` for running and finished. */
export function transactionStatesResult(fe: FeState, db: Database): ResultSet {
  const txns = dbTxns(fe, db);
  const finished = txns.filter(isFinished).length;
  return resultSet(varcharColumns(['State', 'Number']), [
    ['running', String(txns.length - finished)],
    ['finished', String(finished)],
  ]);
}

/** `/transactions/<db>/running|finished`: newest first, cut at max_show_proc_transactions_entry. */
export function transactionListResult(fe: FeState, db: Database, running: boolean): ResultSet {
  const limit = fe.config.getInt('max_show_proc_transactions_entry');
  const rows = dbTxns(fe, db)
    .filter((t) => isFinished(t) !== running)
    .sort((a, b) => b.id - a.id)
    .slice(0, Math.max(0, limit))
    .map(transactionRow);
  return resultSet(varcharColumns(TRANSACTION_COLUMNS), rows);
}

function txnOf(fe: FeState, db: Database, txnId: number): Transaction {
  const t = fe.transactions.get(txnId);
  if (!t || t.dbId !== db.id) throw new SimError(1064, `transaction with id ${txnId} does not exist`);
  return t;
}

/** `/transactions/<db>/<state>/<txnId>`: `TableId, CommittedPartitionIds`, by table id. */
export function transactionTablesResult(fe: FeState, db: Database, txnId: number): ResultSet {
  const t = txnOf(fe, db, txnId);
  const rows = Object.entries(t.committedPartitions)
    .map(
      ([tableId, parts]) =>
        [
          Number(tableId),
          Object.keys(parts)
            .map(Number)
            .sort((a, b) => a - b),
        ] as const,
    )
    .sort((a, b) => a[0] - b[0])
    .map(([tableId, parts]): Row => [String(tableId), parts.join(', ')]);
  return resultSet(varcharColumns(['TableId', 'CommittedPartitionIds']), rows);
}

/** `/transactions/<db>/<state>/<txnId>/<tableId>`: `PartitionId, CommittedVersion`, by partition id. */
export function transactionPartitionsResult(fe: FeState, db: Database, txnId: number, tableId: number): ResultSet {
  const t = txnOf(fe, db, txnId);
  const parts = t.committedPartitions[String(tableId)] ?? {};
  const rows = Object.entries(parts)
    .map(([pid, version]) => [Number(pid), version] as const)
    .sort((a, b) => a[0] - b[0])
    .map(([pid, version]): Row => [String(pid), String(version)]);
  return resultSet(varcharColumns(['PartitionId', 'CommittedVersion']), rows);
}

/** SHOW TRANSACTION [FROM db] WHERE ID = n. */
export function showTransaction(fe: FeState, dbName: string, txnId: number): ResultSet {
  const db = fe.getDb(dbName);
  return resultSet(varcharColumns(TRANSACTION_COLUMNS), [transactionRow(txnOf(fe, db, txnId))]);
}
