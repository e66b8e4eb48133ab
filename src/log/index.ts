export { Logger, createLogger, createMemoryLogger, formatTimestamp, type LogLevel, type LoggerOptions } from './logger.js';
