// Steering for one `srsync run` (src/engine/run-sync.ts): the Steering, the POST actions and view for the status
// endpoint, the watch of sync.properties (only with a conf directory) and the run files under <home>/run.
import type { SyncConfig } from '../config/sync-config.js';
import type { Logger } from '../log/logger.js';
import { ConfWatch } from './conf-watch.js';
import { runFilesOf } from './run-files.js';
import { steeringActions } from './status.js';
import { describeFields, Steering, type SteeringView } from './steering.js';
import type { StatusAction } from '../status/server.js';

export interface RunSteering {
  readonly steering: Steering;
  /** For startStatusService: POST /pause, /resume, /steering and the `steering` part of /status. */
  readonly status: { actions: ReadonlyMap<string, StatusAction>; steering: () => SteeringView };
  /** Reads the paused file, announces the run, starts watching (call once the run starts). */
  start(): void;
  close(): void;
}

export function runSteering(o: { config: SyncConfig; confDir?: string; log: Logger }): RunSteering {
  const files = o.confDir ? runFilesOf(o.confDir) : undefined;
  const steering = new Steering({ fields: o.config, log: o.log, files, confDir: o.confDir });
  const watch = o.confDir ? new ConfWatch({ confDir: o.confDir, config: o.config, apply: (c, by) => steering.change(c, by), log: o.log }) : null;
  return {
    steering,
    status: { actions: steeringActions(steering), steering: () => steering.view() },
    start: () => {
      steering.start();
      watch?.start();
      if (steering.active) o.log.info(`Steering: ${describeFields(o.config)}${steering.paused() ? ', paused' : ''}`);
    },
    close: () => {
      watch?.close();
      steering.close();
    },
  };
}
