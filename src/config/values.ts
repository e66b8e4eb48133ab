// Parsers from a .properties string value to a typed value. Each failure message is the phrase that follows
// `<key> = '<value>'` in the operator's error line, e.g. "is not a port number (1-65535)".
import { z } from 'zod';

/** Parses one raw property value (never undefined: absent keys get their default text first). */
export type ValueParser<T> = z.ZodType<T, z.ZodTypeDef, string>;

const INT_MAX = 2_147_483_647; // Java int, as the official tool reads these keys

const wholeNumber = (message: string) =>
  z
    .string()
    .trim()
    .regex(/^[+-]?\d+$/, message)
    .transform(Number);

export const port: ValueParser<number> = wholeNumber('is not a port number (1-65535)').pipe(
  z.number().int().min(1, 'is not a port number (1-65535)').max(65535, 'is not a port number (1-65535)'),
);

/** A port number, or 0 for "disabled" (srsync's status_http_port). */
export const portOrZero: ValueParser<number> = wholeNumber('is not a port number (1-65535) or 0 (disabled)').pipe(
  z.number().int().min(0, 'is not a port number (1-65535) or 0 (disabled)').max(65535, 'is not a port number (1-65535) or 0 (disabled)'),
);

/** A whole number ≥ 1: thread counts, batch sizes, timeouts in ms. */
export const positiveInt: ValueParser<number> = wholeNumber('is not a whole number').pipe(
  z.number().min(1, 'must be at least 1').max(INT_MAX, `must be at most ${INT_MAX}`),
);

/** A number > 0, fractions allowed (intervals, sizes): srsync accepts e.g. `0.5` where the official tool needs integers. */
export const positiveNumber: ValueParser<number> = z
  .string()
  .trim()
  .regex(/^\+?(\d+(\.\d*)?|\.\d+)$/, 'is not a positive number')
  .transform(Number)
  .pipe(z.number().gt(0, 'must be greater than 0').max(INT_MAX, `must be at most ${INT_MAX}`));

export const percent: ValueParser<number> = wholeNumber('is not a whole number from 0 to 100').pipe(
  z.number().min(0, 'is not a whole number from 0 to 100').max(100, 'is not a whole number from 0 to 100'),
);

/** target_cluster_replication_num: -1 (same as the source) or a replica count. */
export const replicationNum: ValueParser<number> = wholeNumber('is not a whole number').pipe(
  z
    .number()
    .max(INT_MAX, `must be at most ${INT_MAX}`)
    .refine((n) => n === -1 || n >= 1, 'must be -1 (same as the source table) or a replica count of at least 1'),
);

export const bool: ValueParser<boolean> = z
  .string()
  .trim()
  .regex(/^(true|false)$/i, 'is not a boolean (true or false)')
  .transform((s) => s.toLowerCase() === 'true');

/** Empty or `null` → null (follow the source cluster), else a boolean. */
export const optionalBool: ValueParser<boolean | null> = z
  .string()
  .trim()
  .regex(/^(true|false|null|)$/i, 'is not true, false, null or empty')
  .transform((s) => (s === '' || s.toLowerCase() === 'null' ? null : s.toLowerCase() === 'true'));

/** A host name or IP address without a port; may be empty here (required-ness is checked by the loader). */
export const host: ValueParser<string> = z
  .string()
  .trim()
  .refine((s) => !/^[^:]+:\d+$/.test(s), 'contains a port; put the port in the *_query_port key')
  .refine((s) => s === '' || /^(\[[0-9A-Fa-f:.%\w]+\]|[A-Za-z0-9._:%-]+)$/.test(s), 'is not a host name or IP address')
  .transform((s) => s.replace(/^\[(.*)\]$/, '$1'));

export const nonEmptyName: ValueParser<string> = z.string().trim().min(1, 'must not be empty');

/** `http` or `https`, any case (source_fe_http_scheme). */
export const httpScheme: ValueParser<'http' | 'https'> = z
  .string()
  .trim()
  .transform((s) => s.toLowerCase())
  .pipe(z.enum(['http', 'https'], { errorMap: () => ({ message: 'is not http or https' }) }));

/** Empty → null, else the trimmed name. */
export const optionalName: ValueParser<string | null> = z
  .string()
  .trim()
  .transform((s) => (s === '' ? null : s));

/** A value used exactly as written (passwords, keys): java.util.Properties keeps trailing spaces, so do we. */
export const verbatim: ValueParser<string> = z.string();

/** One entry of include_data_list / exclude_data_list. */
export interface DataListEntry {
  readonly db: string;
  /** null: the whole database. */
  readonly table: string | null;
}

export type LogLevelName = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';

export const logLevel: ValueParser<LogLevelName> = z
  .string()
  .trim()
  .transform((s) => s.toUpperCase())
  .pipe(z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR'], { errorMap: () => ({ message: 'is not one of DEBUG, INFO, WARN, ERROR' }) }));
