// Session variables and the scalar functions the simulated FE evaluates itself (FROM-less SELECTs, WHERE clauses).
import { createCipheriv, createDecipheriv } from 'node:crypto';
import type { FeState } from '../fe/state.js';
import type { Session } from '../server/session.js';
import type { ScalarEnv } from '../query/select.js';
import type { Value } from '../query/eval.js';
import { defaultVariables } from '../show/index.js';
import { formatDateTime } from '../show/index.js';
import { hashFunction } from '../query/hash.js';

/** MySQL's AES key folding (XOR into 16 bytes), as AES_ENCRYPT/AES_DECRYPT with block_encryption_mode aes-128-ecb. */
function mysqlAesKey(key: string): Buffer {
  const k = Buffer.from(key, 'utf8');
  const out = Buffer.alloc(16);
  for (let i = 0; i < k.length; i++) out[i % 16]! ^= k[i]!;
  return out;
}

export function scalarEnv(fe: FeState, session: Session): ScalarEnv {
  const versionString = `${fe.options.version}-${fe.options.commitHash}`;
  return {
    variable(name, system) {
      const n = name.toLowerCase();
      if (!system) return session.variables.get(`@${n}`) ?? null;
      if (n === 'version_comment') return versionString;
      if (n === 'version') return fe.config.get('mysql_server_version');
      const s = session.variables.get(n);
      if (s !== undefined) return s;
      return defaultVariables(fe)[n] ?? null;
    },
    call(name, args, star): Value | undefined {
      switch (name) {
        case 'current_version':
          return versionString;
        case 'version':
          return fe.config.get('mysql_server_version');
        case 'database':
        case 'schema':
          return session.currentDb;
        case 'connection_id':
          return String(session.connectionId);
        case 'user':
        case 'current_user':
        case 'session_user':
          return `'${session.user}'@'${session.remoteAddress}'`;
        case 'now':
        case 'current_timestamp':
          return formatDateTime(Date.now());
        case 'concat':
          return args.some((a) => a === null) ? null : args.join('');
        case 'upper':
          return args[0] === null || args[0] === undefined ? null : args[0].toUpperCase();
        case 'lower':
          return args[0] === null || args[0] === undefined ? null : args[0].toLowerCase();
        case 'ifnull':
        case 'coalesce':
          return args.find((a) => a !== null) ?? null;
        case 'to_base64':
          return args[0] === null || args[0] === undefined ? null : Buffer.from(args[0], 'latin1').toString('base64');
        case 'from_base64':
          return args[0] === null || args[0] === undefined ? null : Buffer.from(args[0], 'base64').toString('latin1');
        case 'aes_encrypt': {
          const [p, k] = args;
          if (p === null || p === undefined || k === null || k === undefined) return null;
          const c = createCipheriv('aes-128-ecb', mysqlAesKey(k), null);
          return Buffer.concat([c.update(Buffer.from(p, 'utf8')), c.final()]).toString('latin1');
        }
        case 'aes_decrypt': {
          const [c, k] = args;
          if (c === null || c === undefined || k === null || k === undefined) return null;
          try {
            const d = createDecipheriv('aes-128-ecb', mysqlAesKey(k), null);
            return Buffer.concat([d.update(Buffer.from(c, 'latin1')), d.final()]).toString('utf8');
          } catch {
            return null;
          }
        }
        case 'count':
          return star ? '1' : undefined;
        default:
          return hashFunction(name, args);
      }
    },
  };
}
