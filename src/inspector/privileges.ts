// Reads users, roles and grants (read-only: SHOW USERS, SHOW CREATE USER, SHOW ROLES, SHOW GRANTS FOR ...) and
// parses StarRocks' text into plain data (src/model/snapshot.ts PrivilegeSnapshot). Passwords are only ever seen as
// the mysql_native_password digest SHOW CREATE USER prints (`*HEX`), never in plain text.
// Text formats: sim/fidelity/privileges.md items 12-15 (ShowGrantsExecutor, AstToStringBuilder, SHOW_CREATE_USER.md).
import type { Row } from '../cluster/sql-client.js';
import type { GrantInfo, GrantObjectRef, PrivilegeSnapshot, RoleInfo, UserInfo } from '../model/snapshot.js';
import { identitySql } from '../planner/privileges.js';
import { quoteIdent } from '../sql/quote.js';
import { inParallel } from '../util/parallel.js';

/** What SHOW CREATE USER prints in place of the digest for a login without SHOW SECRET. */
export const SECRET_PLACEHOLDER = '<secret>';

const str = (v: string | null | undefined) => (v === null || v === undefined || v === '\\N' ? '' : v);

/** `'u'@'h'` (as SHOW USERS and SHOW GRANTS print it) → parts; null when it is not that shape. */
export function parseIdentity(text: string): { user: string; host: string } | null {
  const m = /^'(.*)'@'(.*)'$/s.exec(text.trim()) ?? /^`(.*)`@`(.*)`$/s.exec(text.trim());
  return m ? { user: m[1]!, host: m[2]! } : null;
}

/** `'a', 'b'` → ['a', 'b'] (names as StarRocks prints them, single-quoted, unescaped). */
export function parseQuotedList(text: string): string[] {
  const t = text.trim();
  if (!t.startsWith("'") || !t.endsWith("'") || t.length < 2) return [];
  return t.slice(1, -1).split(/',\s*'/);
}

export interface CreateUserText {
  user: string;
  host: string;
  /** '' when there is no IDENTIFIED clause. */
  plugin: string;
  /** The digest, '' without a password, or SECRET_PLACEHOLDER. */
  digest: string;
  defaultRoles: string[];
}

/**
 * SHOW CREATE USER's `Create User` text: `CREATE USER 'u'@'h'`, then `IDENTIFIED WITH <plugin> AS '<digest>'` and
 * `DEFAULT ROLE 'a', 'b'`, separated by newlines (the doc's example) or spaces (either is accepted).
 */
export function parseCreateUser(text: string): CreateUserText | null {
  const t = text.replace(/\s+/g, ' ').trim();
  const head = /^CREATE USER (?:IF NOT EXISTS )?(?:'(.*?)'@'(.*?)'|`(.*?)`@`(.*?)`)(?= |$)/i.exec(t);
  if (!head) return null;
  const id = { user: head[1] ?? head[3]!, host: head[2] ?? head[4]! };
  const rest = t.slice(head[0].length);
  const auth = /IDENTIFIED WITH ['`]?([A-Za-z_0-9]+)['`]?(?: (?:AS|BY) '([^']*)')?/i.exec(rest);
  const roles = /DEFAULT ROLE (.*?)(?: PROPERTIES| IDENTIFIED|$)/i.exec(rest);
  const digest = auth?.[2] ?? '';
  return {
    user: id.user,
    host: id.host,
    plugin: auth ? auth[1]!.toLowerCase() : '',
    digest: digest === SECRET_PLACEHOLDER ? digest : digest.toUpperCase(),
    defaultRoles: roles ? parseQuotedList(roles[1]!).sort() : [],
  };
}

/** One SHOW GRANTS row: a role row (`GRANT 'r1', 'r2' TO ...`) or a privilege entry. null: not understood. */
export type GrantRow = { kind: 'roles'; roles: string[] } | { kind: 'grant'; grant: GrantInfo };

const TABLE_TYPES = ['MATERIALIZED VIEW', 'TABLE', 'VIEW'] as const;

/** `d.t` → db and name, the db being one of `dbNames` when the text is ambiguous (names may hold dots). */
function splitQualified(text: string, dbNames: ReadonlySet<string>): { db: string; name: string } {
  for (let i = text.indexOf('.'); i >= 0; i = text.indexOf('.', i + 1))
    if (dbNames.has(text.slice(0, i))) return { db: text.slice(0, i), name: text.slice(i + 1) };
  const dot = text.indexOf('.');
  return dot < 0 ? { db: '', name: text } : { db: text.slice(0, dot), name: text.slice(dot + 1) };
}

/** The object of a GRANT text (`TABLE d.t`, `ALL TABLES IN DATABASE d`, `SYSTEM`, ...). */
export function parseGrantObject(text: string, catalog: string | null, dbNames: ReadonlySet<string>): GrantObjectRef {
  if (text === 'SYSTEM') return { kind: 'system' };
  const external = catalog !== null && catalog !== 'default_catalog';
  let m = /^ALL (.+) IN ALL DATABASES$/.exec(text);
  if (m && !external) return { kind: 'all', plural: m[1]!, db: null, inAllDatabases: true };
  m = /^ALL (.+?) IN DATABASE (.+)$/.exec(text);
  if (m && !external) return { kind: 'all', plural: m[1]!, db: m[2]!, inAllDatabases: false };
  m = /^ALL (.+)$/.exec(text);
  if (m && !external) return { kind: 'all', plural: m[1]!, db: null, inAllDatabases: false };
  m = /^CATALOG (.+)$/.exec(text);
  if (m) return { kind: 'catalog', name: m[1]! };
  m = /^STORAGE VOLUME (.+)$/.exec(text);
  if (m) return { kind: 'storage_volume', name: m[1]! };
  if (!external) {
    m = /^DATABASE (.+)$/.exec(text);
    if (m) return { kind: 'database', name: m[1]! };
    for (const type of TABLE_TYPES) {
      if (text.startsWith(`${type} `)) return { kind: 'table', type, ...splitQualified(text.slice(type.length + 1), dbNames) };
    }
  }
  return { kind: 'other', text: external ? `${text} (catalog ${catalog})` : text };
}

/** A `Grants` cell of SHOW GRANTS [FOR ROLE], with its `Catalog` cell. */
export function parseGrantRow(text: string, catalog: string | null, dbNames: ReadonlySet<string>): GrantRow | null {
  const t = text.trim();
  if (!t.startsWith('GRANT ')) return null;
  const on = t.indexOf(' ON ');
  const to = Math.max(t.lastIndexOf(' TO USER '), t.lastIndexOf(' TO ROLE '));
  if (on < 0 || to < on) {
    // GRANT 'r1', 'r2' TO 'u'@'h' | GRANT 'p' TO ROLE r
    const roleTo = t.lastIndexOf(' TO ');
    if (roleTo < 0) return null;
    return { kind: 'roles', roles: parseQuotedList(t.slice('GRANT '.length, roleTo)) };
  }
  const privileges = t
    .slice('GRANT '.length, on)
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  const objectText = t.slice(on + ' ON '.length, to);
  const withGrantOption = t.endsWith(' WITH GRANT OPTION');
  return { kind: 'grant', grant: { privileges, object: parseGrantObject(objectText, catalog, dbNames), objectText, catalog, withGrantOption } };
}

/** The rows of one SHOW GRANTS answer: granted roles and privilege entries. */
export function parseGrantRows(rows: readonly Row[], dbNames: ReadonlySet<string>): { roles: string[]; grants: GrantInfo[] } {
  const roles: string[] = [];
  const grants: GrantInfo[] = [];
  for (const r of rows) {
    const catalog = r['Catalog'] === undefined || r['Catalog'] === null || r['Catalog'] === '\\N' ? null : r['Catalog'];
    const g = parseGrantRow(str(r['Grants']), catalog, dbNames);
    if (g?.kind === 'roles') roles.push(...g.roles);
    else if (g?.kind === 'grant') grants.push(g.grant);
  }
  return { roles, grants };
}

/** What the reader needs of a cluster connection. */
export interface PrivilegeSql {
  query(sql: string): Promise<Row[]>;
}

/**
 * Users, roles and grants of one cluster. `dbNames` resolves `TABLE a.b.c` (the database is one of them).
 * Users whose SHOW CREATE USER shows `<secret>` (the login lacks SHOW SECRET) or is refused make `users` null with
 * the reason; roles are read regardless. A failed SHOW GRANTS leaves that user's or role's grants null.
 */
export async function readPrivileges(sql: PrivilegeSql, dbNames: ReadonlySet<string>, threads = 4): Promise<PrivilegeSnapshot> {
  const roleRows = await sql.query('SHOW ROLES');
  const roles: RoleInfo[] = [];
  await inParallel(threads, roleRows, async (r) => {
    const name = str(r['Name']);
    const grants = await sql.query(`SHOW GRANTS FOR ROLE ${quoteIdent(name)}`).then(
      (rows) => parseGrantRows(rows, dbNames),
      () => null,
    );
    roles.push({ name, builtin: str(r['Builtin']).toLowerCase() === 'true', parents: grants?.roles ?? [], grants: grants?.grants ?? null });
  });
  roles.sort((a, b) => roleRows.findIndex((r) => str(r['Name']) === a.name) - roleRows.findIndex((r) => str(r['Name']) === b.name));

  const identities = (await sql.query('SHOW USERS'))
    .map((r) => parseIdentity(str(r['User'])))
    .filter((x): x is { user: string; host: string } => x !== null);
  const users: UserInfo[] = [];
  let unreadable: string | undefined;
  await inParallel(threads, identities, async (id) => {
    if (unreadable !== undefined) return;
    let def: CreateUserText | null;
    try {
      const rows = await sql.query(`SHOW CREATE USER ${identitySql(id.user, id.host)}`);
      def = parseCreateUser(str(rows[0]?.['Create User']));
    } catch (e) {
      unreadable = `SHOW CREATE USER failed: ${(e as Error).message}`;
      return;
    }
    if (def === null) {
      unreadable = `SHOW CREATE USER for '${id.user}'@'${id.host}' printed a text srsync does not understand`;
      return;
    }
    if (def.digest === SECRET_PLACEHOLDER) {
      unreadable = 'SHOW CREATE USER shows <secret>: the login lacks the SHOW SECRET privilege on SYSTEM';
      return;
    }
    const grants = await sql.query(`SHOW GRANTS FOR ${identitySql(id.user, id.host)}`).then(
      (rows) => parseGrantRows(rows, dbNames),
      () => null,
    );
    users.push({
      ...id,
      digest: def.digest,
      plugin: def.plugin,
      defaultRoles: def.defaultRoles,
      roles: grants?.roles ?? [],
      grants: grants?.grants ?? null,
    });
  });
  const order = (u: { user: string; host: string }) => identities.findIndex((x) => x.user === u.user && x.host === u.host);
  users.sort((a, b) => order(a) - order(b));
  return unreadable !== undefined ? { users: null, usersUnreadable: unreadable, roles } : { users, roles };
}
