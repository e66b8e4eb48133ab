// One SyncObserver that tells several (the status endpoint and the terminal view): null when none.
import type { SyncObserver } from './model.js';

export function fanOut(...observers: ReadonlyArray<SyncObserver | null | undefined>): SyncObserver | null {
  const all = observers.filter((o): o is SyncObserver => o !== null && o !== undefined);
  if (all.length <= 1) return all[0] ?? null;
  return {
    phase: (p) => all.forEach((o) => o.phase(p)),
    progress: (u) => all.forEach((o) => o.progress(u)),
    ddl: (x) => all.forEach((o) => o.ddl(x)),
    replicationJob: (e) => all.forEach((o) => o.replicationJob(e)),
    catalogRead: (k, s, ok) => all.forEach((o) => o.catalogRead(k, s, ok)),
    warning: (l, m) => all.forEach((o) => o.warning(l, m)),
    targetWrite: (e) => all.forEach((o) => o.targetWrite?.(e)),
    // One subscription is enough: every observer hears the same full reads.
    onFullRead: (listener) => all.find((o) => o.onFullRead)?.onFullRead?.(listener) ?? (() => {}),
  };
}
