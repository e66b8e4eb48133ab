export { escapeControl } from './escape.js';
export { Logger, createLogger, createMemoryLogger, formatTimestamp, type LogEntry, type LogLevel, type LoggerOptions } from './logger.js';
