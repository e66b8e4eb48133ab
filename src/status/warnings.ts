// A logger that also tells the status endpoint about each warning and error line it writes.
// (Logger has no listener hook, and the CLI creates it: this adapter wraps the engine's logger instead.)
import type { Logger } from '../log/index.js';
import type { WarningLevel } from './model.js';

function text(message: string, err: unknown): string {
  if (err === undefined) return message;
  return `${message}: ${err instanceof Error ? err.message : String(err)}`;
}

/**
 * The same logger (same files, component and masking) whose warn/error also call `onLine` with the masked
 * message; its children do too.
 */
export function teeWarnings(log: Logger, onLine: (level: WarningLevel, message: string) => void): Logger {
  const tee = Object.create(log) as Logger;
  tee.warn = (message: string, err?: unknown) => {
    log.warn(message, err);
    onLine('WARN', log.mask(text(message, err)));
  };
  tee.error = (message: string, err?: unknown) => {
    log.error(message, err);
    onLine('ERROR', log.mask(text(message, err)));
  };
  tee.child = (component: string) => teeWarnings(log.child(component), onLine);
  return tee;
}
