// The engine's entry point as the CLI knows it (see src/engine/run-sync.ts).
export { runSync, engineSettings, type RunSyncOptions } from './engine/run-sync.js';
