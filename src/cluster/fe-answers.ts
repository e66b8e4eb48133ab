// What an FE answer means for srsync, decided in one place (pure): the replication RPC's refusals, a job's abort
// reason, a DDL statement's error. Each failure is permanent (it recurs until someone changes something: report it
// once with the fix, retry with back-off) or transient (retry soon). Messages: reference §4.1 and §5.

/** Why something failed, as far as the FE's answer tells. */
export type FailureCause =
  /** The statement does not parse on the target. */
  | 'syntax'
  /** The statement parses but the target refuses it (unknown object, bad property, ...). */
  | 'semantic'
  /** `src_<volume>` is missing on the target (manual: "Create source storage volumes on the target cluster"). */
  | 'missing_mirror_volume'
  /** The job committed but the target partitions did not reach the job's source versions. */
  | 'moved_nothing'
  /** The source no longer has the version's files (vacuumed). */
  | 'versions_vacuumed'
  /** The target refused the job at admission for a reason that will not pass by itself. */
  | 'admission_refused'
  /** The target table, partition, index or tablet the job named is gone (a new plan is needed). */
  | 'target_changed'
  /**
   * Someone loaded into a target partition while its job ran: the FE's commit-time guard (PR #68223) aborted the
   * job. The manual forbids writing to the target during migration.
   */
  | 'target_written'
  /** The job was cancelled on the target (ReplicationJob.cancel(): the FE's /api/replication?type=cancel_all). */
  | 'job_cancelled'
  /** Connection lost, timeout, FE restart, an aborted job: try again. */
  | 'transient';

export interface Failure {
  permanent: boolean;
  cause: FailureCause;
  /** The FE's text (or srsync's description when the FE said nothing). */
  message: string;
  /** What the DBA should do; empty for transient failures. */
  fix: string;
  /** The FE's own text when `message` is srsync's wording of it (kept out of `message`, which names the failure). */
  detail?: string;
}

/** What srsync knows about the job whose abort reason is classified (to name the table and partitions). */
export interface JobContext {
  /** `db.table` on the target. */
  table: string;
  /** The job's partitions: the target physical partition id and the partition's name. */
  partitions?: ReadonlyArray<{ name: string; tgtPhysicalId: string }>;
}

/** What a refused replication request means. */
export type ReplicationRefusal =
  /** "No data need to replicate": every partition is already at the source version. */
  | { kind: 'in_sync' }
  /** The target is busy (slots, the table's previous job, publish): send again when a slot frees up. */
  | { kind: 'backpressure'; slotLimit: boolean }
  | { kind: 'failure'; failure: Failure };

const IN_SYNC = /No data need to replicate/;
const SLOT_LIMIT = /exceeds (?:the )?replication_max_parallel/;
const BUSY = /is already running|is being constructed|Leader work admission is closed|publish version not finished/;
const MIRROR = /Unknown src storage volume|Source storage volume not found/;
const GONE =
  /(?:Database|OLAP table|Table|Partition|Index|Tablet) \S+ (?:in \S+ )*(?:does not exist|not found)|is not olap table|state is not NORMAL|Target data version: \d+ is larger than source data version/;
const VACUUMED = /Not found: \S+\.meta\b|No such file or directory|vacuum/i;

const MIRROR_FIX =
  'create the storage volume src_<volume> on the target with the source volume\'s location and credentials (manual: "Create source storage volumes on the target cluster")';

function failure(permanent: boolean, cause: FailureCause, message: string, fix = ''): Failure {
  return { permanent, cause, message, fix };
}

/** A refused startTableReplication (`message`: the FE's error text, possibly empty). */
export function classifyRefusal(message: string, mirrorVolume = 'src_<volume>'): ReplicationRefusal {
  if (IN_SYNC.test(message)) return { kind: 'in_sync' };
  if (SLOT_LIMIT.test(message)) return { kind: 'backpressure', slotLimit: true };
  if (BUSY.test(message)) return { kind: 'backpressure', slotLimit: false };
  if (MIRROR.test(message))
    return { kind: 'failure', failure: failure(true, 'missing_mirror_volume', message, MIRROR_FIX.replace('src_<volume>', mirrorVolume)) };
  if (GONE.test(message)) return { kind: 'failure', failure: failure(false, 'target_changed', message) };
  // An empty message is a Preconditions failure (reference §4.1): the request itself was wrong; a new plan helps.
  return { kind: 'failure', failure: failure(false, 'transient', message || 'refused without a message') };
}

/** ReplicationJob.commitTransaction's PR #68223 guard (2026): X = committed, Y = current, Z = the admission data version. */
const GUARD = /Partition (\d+) data version mismatch for replication, committed: (-?\d+), current: (-?\d+), expected: (-?\d+)/;
/** ReplicationJob.commitTransaction / isTransactionAborted (2026): the target table is gone. */
const TABLE_GONE = /^Table \d+ is not found when committing replication$|^Table is deleted$/;
/** ReplicationJob.cancel(). */
const CANCELLED = /^Replication job cancelled\b/;

const TARGET_WRITTEN_FIX =
  'stop loading into the target table during migration (the manual forbids writing to the target before cutover); ' +
  'the next job re-copies the partition (with ddl_job_allow_drop_inconsistent_partition=true srsync drops the written partition on the target and copies it again from the source)';

/** The partition's name when known (stable across re-created partitions: the failure stays the same one), else its id. */
function partitionName(id: string, ctx: JobContext | undefined): string {
  return ctx?.partitions?.find((p) => p.tgtPhysicalId === id)?.name ?? id;
}

/**
 * The Error of a job the target ABORTED, or a transport error while sending it. `ctx` names the job's table and
 * partitions in the message (the FE's text has ids only).
 */
export function classifyJobError(message: string, ctx?: JobContext): Failure {
  const guard = GUARD.exec(message);
  if (guard) {
    const of = ctx ? ` of ${ctx.table}` : '';
    return {
      ...failure(
        true,
        'target_written',
        `the target was written during migration: partition ${partitionName(guard[1]!, ctx)}${of} was loaded on the target while its replication job ran, so the target aborted the job at commit`,
        TARGET_WRITTEN_FIX,
      ),
      detail: message,
    };
  }
  if (TABLE_GONE.test(message)) {
    return failure(
      false,
      'target_changed',
      `the target table${ctx ? ` ${ctx.table}` : ''} was dropped while its replication job ran (target: ${message})`,
    );
  }
  // Someone cancelled it on the target (/api/replication?type=cancel_all): send it again, with the transient back-off.
  if (CANCELLED.test(message)) return failure(false, 'job_cancelled', message);
  if (VACUUMED.test(message)) {
    return failure(
      true,
      'versions_vacuumed',
      message,
      'the source vacuumed versions the target still needs: raise lake_autovacuum_grace_period_minutes on the source (ADMIN SET FRONTEND CONFIG("lake_autovacuum_grace_period_minutes"="10000000")); the next load replicates again',
    );
  }
  if (MIRROR.test(message)) return failure(true, 'missing_mirror_volume', message, MIRROR_FIX);
  return failure(false, 'transient', message);
}

/**
 * A job that COMMITTED while some of its partitions stayed below the job's source version: the target's CNs could
 * not copy those partitions' files (the FE commits a job whose copy tasks of a whole partition all failed, leaving
 * the partition unchanged). First suspect: the mirror volume; then vacuumed versions, and bundled source metadata on
 * compute nodes without PR #77362 (starrocks-2026.md §1.4 N1).
 */
export function movedNothingFailure(table: string, mirrorVolume: string, partitions: readonly string[]): Failure {
  const list = partitions.length > 5 ? `${partitions.slice(0, 5).join(', ')} and ${partitions.length - 5} more` : partitions.join(', ');
  return failure(
    true,
    'moved_nothing',
    `the job committed but partition(s) ${list} of ${table} did not reach the source version: the target's compute nodes could not read the source files`,
    `check that ${mirrorVolume} on the target has the source volume's exact location (DESCRIBE STORAGE VOLUME on both clusters) and valid credentials, that the source did not vacuum the versions (lake_autovacuum_grace_period_minutes), and, for a source table with file_bundling=true, that the target's compute nodes carry StarRocks PR #77362 (they read bundled tablet metadata only with it)`,
  );
}

/** FE answers that pass by themselves (a table busy with another change, leadership moving, timeouts). */
const TRANSIENT_DDL = /state is not NORMAL|Leader work admission is closed|is doing|try again later|timed? ?out|Lost connection/i;

/** MySQL errnos of a statement the target cannot parse. */
const SYNTAX_ERRNOS = new Set([1064, 1149]);
const SYNTAX_TEXT = /Getting syntax error|syntax error|Unexpected input|You have an error in your SQL syntax/i;

/**
 * A DDL statement the target refused. `transientConnection`: the client lost the connection or timed out (the
 * SqlError says so). Anything else the FE answered is permanent: the same statement fails the same way until
 * the source, the target or the configuration changes.
 */
export function classifyDdlError(message: string, errno: number | undefined, transientConnection: boolean): Failure {
  if (transientConnection || TRANSIENT_DDL.test(message)) return failure(false, 'transient', message);
  if (/Unknown storage volume|storage volume .*(?:does not exist|not exist|is disabled)/i.test(message)) {
    return failure(
      true,
      'semantic',
      message,
      'create (or enable) the storage volume on the target, or set target_cluster_storage_volume (manual: "Storage volume mapping")',
    );
  }
  if ((errno !== undefined && SYNTAX_ERRNOS.has(errno)) || SYNTAX_TEXT.test(message)) {
    return failure(
      true,
      'syntax',
      message,
      'the target cannot parse the statement srsync built from the source definition: create the object on the target by hand (same name and schema), or exclude it (exclude_data_list), and report the statement',
    );
  }
  if (/Unknown table|Unknown database|does not exist|not found/i.test(message)) {
    return failure(
      true,
      'semantic',
      message,
      'an object the statement refers to is missing on the target: include it in the migration (include_data_list) or create it on the target',
    );
  }
  return failure(
    true,
    'semantic',
    message,
    'fix the cause the target names, or create the object on the target by hand, or exclude it (exclude_data_list)',
  );
}

/** One line for the operator: the failure, then the fix. */
export function describeFailure(f: Failure): string {
  const what = f.detail ? `${f.message} (target: ${f.detail})` : f.message;
  return f.fix ? `${what}; fix: ${f.fix}` : what;
}
