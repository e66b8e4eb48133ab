// Watches what a DBA fixes on the clusters, between full rounds: the manual's FE settings (warned about when lost,
// logged when fixed; the target's slot count), and the conditions that block tables (condition-watch.ts). Reads
// only; the Migrator decides what a change means for the work waiting on it.
import type { Logger } from '../log/logger.js';
import type { RetryBook } from './retry-book.js';
import type { ClusterSide } from './resources.js';
import { CONDITION_CAUSES, conditionsKey, readConditions } from './condition-watch.js';
import { settingWarnings } from './preflight.js';

/** What changed between the setting warnings shown and the current ones: new ones to warn about, gone ones fixed. */
export function warningChanges(shown: ReadonlySet<string>, current: readonly string[]): { warn: string[]; fixed: string[] } {
  return {
    warn: current.filter((w) => !shown.has(w)),
    fixed: [...shown].filter((w) => !current.includes(w)).map((w) => `Fixed: ${w.split(';')[0]}`),
  };
}

export class ClusterWatch {
  private shown: ReadonlySet<string>;
  /** What the blocking conditions looked like at the last read; null before one (or after a failed one). */
  private conditions: string | null = null;

  constructor(
    private readonly source: ClusterSide,
    private readonly target: ClusterSide,
    private readonly log: Logger,
    /** The setting warnings the preflight already logged. */
    shown: readonly string[],
  ) {
    this.shown = new Set(shown);
  }

  /** Something waits for a DBA's fix: a blocked table, a failure a changed volume or setting may cure, a setting warned about. */
  waiting(blockedTables: number, book: RetryBook): boolean {
    if (blockedTables > 0 || this.shown.size > 0) return true;
    for (const e of book.values()) if (CONDITION_CAUSES.has(e.failure.cause)) return true;
    return false;
  }

  /**
   * The manual's FE settings can be lost when an FE restarts: warn again when they change; with `onSlots`, read the
   * target's slot count too (replication_max_parallel_table_count).
   */
  async recheckSettings(onSlots?: (max: number) => void): Promise<void> {
    try {
      const warnings = await settingWarnings(this.source.inspector, this.target.inspector);
      const changes = warningChanges(this.shown, warnings);
      for (const w of changes.warn) this.log.warn(w);
      for (const f of changes.fixed) this.log.info(f);
      this.shown = new Set(warnings);
      if (!onSlots) return;
      const max = Number(await this.target.inspector.frontendConfig('replication_max_parallel_table_count'));
      if (max > 0) onSlots(max);
    } catch (e) {
      this.log.warn(`Cannot re-read the clusters' FE configs: ${(e as Error).message}`);
    }
  }

  /** The conditions as a full round reads them beside the catalogs (null when unreadable); see remember. */
  readForRound(): Promise<string | null> {
    return this.readKey().catch(() => null);
  }

  /** What a full round read (once its catalog reads succeeded). */
  remember(conditions: string | null): void {
    this.conditions = conditions;
  }

  /** Reads the blocking conditions (cheap); true when they changed since the last read. */
  async changed(): Promise<boolean> {
    let key: string;
    try {
      key = await this.readKey();
    } catch (e) {
      this.log.debug(`Cannot read storage volumes and FE settings: ${(e as Error).message}`);
      return false;
    }
    const before = this.conditions;
    this.conditions = key;
    if (before === null || before === key) return false;
    this.log.info('Storage volumes or FE settings changed on the clusters; planning the blocked and failing work again now');
    return true;
  }

  private readKey(): Promise<string> {
    return readConditions(this.target.sql, this.target.inspector, this.source.inspector).then(conditionsKey);
  }
}
