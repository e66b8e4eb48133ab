// Transactions of the simulated FE (DatabaseTransactionMgr): begin → commit → publish (VISIBLE), or abort.
// Version bookkeeping on partitions is done by the caller (load, compaction, replication) at commit/publish.
import type { FeState, Transaction, TxnSourceType } from '../fe/state.js';
import { SimError } from '../fe/errors.js';

export class TxnManager {
  constructor(private readonly fe: FeState) {}

  begin(dbId: number, label: string, sourceType: TxnSourceType, tableIds: number[], timeoutMs: number): Transaction {
    for (const t of this.fe.transactions.values()) {
      if (t.dbId === dbId && t.label === label && t.status !== 'ABORTED') {
        throw new SimError(5025, `Label [${label}] has already been used.`);
      }
    }
    const now = Date.now();
    const txn: Transaction = {
      id: this.fe.allocTxnId(),
      dbId,
      label,
      coordinator: `FE: 127.0.0.1`,
      status: 'PREPARE',
      sourceType,
      prepareTime: now,
      preparedTime: -1,
      commitTime: -1,
      publishTime: -1,
      finishTime: -1,
      reason: '',
      errorReplicasCount: 0,
      listenerId: tableIds[0] ?? -1,
      timeoutMs,
      preparedTimeoutMs: timeoutMs,
      errMsg: '',
      tableIds,
      committedPartitions: {},
    };
    this.fe.transactions.set(txn.id, txn);
    this.fe.onChange();
    return txn;
  }

  commit(txn: Transaction, partitions: Record<string, Record<string, number>>): void {
    if (txn.status !== 'PREPARE' && txn.status !== 'PREPARED') {
      throw new SimError(1064, `transaction [${txn.id}] is already ${txn.status.toLowerCase()}`);
    }
    txn.status = 'COMMITTED';
    txn.commitTime = Date.now();
    txn.committedPartitions = partitions;
    this.fe.onChange();
  }

  publish(txn: Transaction): void {
    const now = Date.now();
    txn.status = 'VISIBLE';
    txn.publishTime = now;
    txn.finishTime = now;
    this.fe.onChange();
  }

  abort(txn: Transaction, reason: string): void {
    if (txn.status === 'VISIBLE' || txn.status === 'ABORTED') return;
    txn.status = 'ABORTED';
    txn.reason = reason;
    txn.finishTime = Date.now();
    this.fe.onChange();
  }

  get(id: number): Transaction | undefined {
    return this.fe.transactions.get(id);
  }

  /** Running = not final (PREPARE, PREPARED, COMMITTED); sorted by id descending as TransProcDir does. */
  list(dbId: number, which: 'running' | 'finished'): Transaction[] {
    const final = (t: Transaction) => t.status === 'VISIBLE' || t.status === 'ABORTED';
    return [...this.fe.transactions.values()]
      .filter((t) => t.dbId === dbId && (which === 'finished' ? final(t) : !final(t)))
      .sort((a, b) => b.id - a.id);
  }

  /** Aborts PREPARE txns whose timeout has passed (called by the daemon). */
  expire(now = Date.now()): void {
    for (const t of this.fe.transactions.values()) {
      if (t.status === 'PREPARE' && now - t.prepareTime > t.timeoutMs) this.abort(t, 'timeout by txn manager');
    }
  }
}
