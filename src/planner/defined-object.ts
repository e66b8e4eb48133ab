// Shared by views and materialized views: objects defined by a query, compared by their definition text.
import { parseCreate } from './create-sql.js';

export interface DefinedObject {
  createSql: string;
  definition: string;
}

const squash = (s: string) => s.trim().replace(/\s+/g, ' ');

function withoutName(createSql: string): string {
  try {
    const p = parseCreate(createSql);
    return createSql.slice(0, p.name.start) + createSql.slice(p.name.end);
  } catch {
    return createSql;
  }
}

/**
 * True unless the two definitions are known to differ: compares the definitions (whitespace-insensitive), else the
 * CREATE texts without the object name. With neither on both sides it answers true: never drop without evidence.
 */
export function sameDefinition(a: DefinedObject, b: DefinedObject): boolean {
  if (a.definition.trim() !== '' && b.definition.trim() !== '') return squash(a.definition) === squash(b.definition);
  if (a.createSql.trim() !== '' && b.createSql.trim() !== '') return squash(withoutName(a.createSql)) === squash(withoutName(b.createSql));
  return true;
}
