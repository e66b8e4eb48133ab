/** An error the FE returns to a MySQL client: error code + message, exactly as StarRocks words it. */
export class SimError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly sqlState = 'HY000',
  ) {
    super(message);
    this.name = 'SimError';
  }
}

/** StarRocks' analyzer errors arrive as 1064 with "Getting analyzing error..." phrasing; keep one helper for them. */
export const analysisError = (msg: string) => new SimError(1064, `Getting analyzing error. Detail message: ${msg}.`, '42000');

/** Syntax errors: StarRocks answers 1064 and names the statement. */
export const syntaxError = (sql: string, detail: string) =>
  new SimError(1064, `Getting syntax error. Detail message: ${detail}. Statement: ${sql.slice(0, 200)}`, '42000');
