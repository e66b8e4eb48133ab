// `srsync verify`: the read-only cutover check (command.ts), its pure comparison (compare.ts) and output (format.ts).
export { verifyCommand, VERIFY_NOT_IN_SYNC, type VerifyOptions, type VerifyIo } from './command.js';
export {
  compareClusters,
  tablesOnBothSides,
  tableId,
  type VerifyReport,
  type VerifySummary,
  type VerifyConfig,
  type TableVerdict,
  type TableStatus,
  type LaggingPartition,
  type InconsistentPartition,
  type RowCount,
  type RowCounts,
  type DefinedObjectVerdict,
  type DefinedObjectKind,
  type DefinedObjectStatus,
} from './compare.js';
export { formatText, formatJson, summaryLine, tableLine, definedObjectLine, type ReportContext } from './format.js';
export {
  fingerprintSql,
  versionsSql,
  hashedColumns,
  judgePartition,
  summarizeContent,
  contentLines,
  contentSummaryLine,
  type Fingerprint,
  type PartitionVersions,
  type PartitionContent,
  type TableContent,
  type ContentSummary,
  type ContentStatus,
  type SideReading,
} from './content.js';
export { contentOfTables, tableContent } from './content-read.js';
