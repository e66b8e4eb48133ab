// Warnings and errors for the status endpoint: every WARN/ERROR line the run's logger writes (already masked),
// its first line only (an unexpected error's stack stays in sync.WARN.log).
import type { Logger } from '../log/index.js';
import type { WarningLevel } from './model.js';

/** Reports each WARN/ERROR line of `log` (and of every logger sharing its files) to `onLine`; returns the unsubscribe. */
export function watchWarnings(log: Logger, onLine: (level: WarningLevel, message: string) => void): () => void {
  return log.subscribe(({ level, message }) => {
    if (level === 'WARN' || level === 'ERROR') onLine(level, message.split('\n', 1)[0]!);
  });
}
