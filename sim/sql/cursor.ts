// A cursor over the token list of one statement, with the small vocabulary the recursive-descent parsers share.
import { SimError, syntaxError } from '../fe/errors.js';
import type { Properties, QualifiedName, UserIdentity } from './ast.js';
import { RESERVED_WORDS, tokenize, type Token } from './lexer.js';

export class Cursor {
  readonly tokens: Token[];
  pos = 0;

  constructor(readonly sql: string) {
    this.tokens = tokenize(sql);
  }

  peek(offset = 0): Token {
    const t = this.tokens[Math.min(this.pos + offset, this.tokens.length - 1)];
    return t!;
  }

  next(): Token {
    const t = this.peek();
    if (t.type !== 'eof') this.pos++;
    return t;
  }

  /** The end offset of the last consumed token. */
  lastEnd(): number {
    return this.pos === 0 ? 0 : this.tokens[this.pos - 1]!.end;
  }

  /** Exact source text from offset `start` up to the end of the last consumed token. */
  textFrom(start: number): string {
    return this.sql.slice(start, this.lastEnd());
  }

  atEof(): boolean {
    return this.peek().type === 'eof';
  }

  // ------------------------------------------------------------ keywords and operators

  /** Is the token at `offset` the bare word `kw` (upper-case)? Backquoted identifiers are never keywords. */
  isKw(kw: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t.type === 'ident' && t.upper === kw;
  }

  /** Do the next tokens spell the given keywords? */
  isKws(...kws: string[]): boolean {
    return kws.every((k, i) => this.isKw(k, i));
  }

  acceptKw(kw: string): boolean {
    if (!this.isKw(kw)) return false;
    this.pos++;
    return true;
  }

  /** Accept a keyword sequence only when all of it is present. */
  acceptKws(...kws: string[]): boolean {
    if (!this.isKws(...kws)) return false;
    this.pos += kws.length;
    return true;
  }

  expectKw(...kws: string[]): void {
    for (const k of kws) {
      if (!this.acceptKw(k)) throw this.unexpected(k);
    }
  }

  /** Accept one of the keywords and return it (upper-case), or null. */
  acceptOneOf(...kws: string[]): string | null {
    for (const k of kws) if (this.acceptKw(k)) return k;
    return null;
  }

  expectOneOf(...kws: string[]): string {
    const k = this.acceptOneOf(...kws);
    if (k === null) throw this.unexpected(kws.join(', '));
    return k;
  }

  isOp(op: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t.type === 'op' && t.value === op;
  }

  acceptOp(op: string): boolean {
    if (!this.isOp(op)) return false;
    this.pos++;
    return true;
  }

  expectOp(op: string): void {
    if (!this.acceptOp(op)) throw this.unexpected(`'${op}'`);
  }

  // ------------------------------------------------------------ identifiers and literals

  /** An identifier token usable as a name here (backquoted, or bare and not reserved)? */
  isIdent(offset = 0): boolean {
    const t = this.peek(offset);
    return t.type === 'qident' || (t.type === 'ident' && !RESERVED_WORDS.has(t.upper));
  }

  ident(): string {
    if (!this.isIdent()) throw this.unexpected('an identifier');
    return this.next().value;
  }

  /** `identifier` or a string literal (StarRocks' identifierOrString). */
  identOrString(): string {
    if (this.peek().type === 'string') return this.next().value;
    return this.ident();
  }

  isString(offset = 0): boolean {
    return this.peek(offset).type === 'string';
  }

  string(): string {
    if (!this.isString()) throw this.unexpected('a string');
    return this.next().value;
  }

  /** An unsigned integer literal, as decimal text. */
  integerText(): string {
    const t = this.peek();
    if (t.type !== 'number' || !/^[0-9]+$/.test(t.value)) throw this.unexpected('an integer');
    this.pos++;
    return t.value;
  }

  integer(): number {
    return Number(this.integerText());
  }

  /** `name` or `db.name` (StarRocks' qualifiedName with at most two parts here). */
  qualifiedName(): QualifiedName {
    const first = this.ident();
    if (this.acceptOp('.')) {
      const second = this.ident();
      if (this.isOp('.')) throw this.unexpected('end of name');
      return { db: first, name: second };
    }
    return { db: null, name: first };
  }

  /** `( ident, ... )` */
  identList(): string[] {
    this.expectOp('(');
    const out = [this.ident()];
    while (this.acceptOp(',')) out.push(this.ident());
    this.expectOp(')');
    return out;
  }

  /** `( "k" = "v", ... )` (StarRocks' propertyList). */
  propertyList(): Properties {
    const props: Properties = {};
    this.expectOp('(');
    do {
      const k = this.string();
      this.expectOp('=');
      const v = this.string();
      Object.defineProperty(props, k, { value: v, enumerable: true, writable: true, configurable: true });
    } while (this.acceptOp(','));
    this.expectOp(')');
    return props;
  }

  /** `PROPERTIES ( ... )` if present, else `{}`. */
  optionalProperties(): Properties {
    return this.acceptKw('PROPERTIES') ? this.propertyList() : {};
  }

  /** `COMMENT 'x'` if present, else null. */
  optionalComment(): string | null {
    return this.acceptKw('COMMENT') ? this.string() : null;
  }

  acceptIfNotExists(): boolean {
    return this.acceptKws('IF', 'NOT', 'EXISTS');
  }

  acceptIfExists(): boolean {
    return this.acceptKws('IF', 'EXISTS');
  }

  /** `'u'`, `u`, `'u'@'h'`, `'u'@['domain']`. */
  user(): UserIdentity {
    const user = this.identOrString();
    if (this.acceptOp('@')) {
      if (this.acceptOp('[')) {
        const host = this.identOrString();
        this.expectOp(']');
        return { user, host, isDomain: true };
      }
      return { user, host: this.identOrString(), isDomain: false };
    }
    return { user, host: '%', isDomain: false };
  }

  // ------------------------------------------------------------ errors

  fail(detail: string): SimError {
    return syntaxError(this.sql, detail);
  }

  /**
   * A ParsingException as StarRocks words it (ParsingException.getMessage): `Getting syntax error[ at line L, column
   * C]. Detail message: <detail>.`, the position (1-based line, 0-based column) of `offset` when given.
   */
  failAt(detail: string, offset: number | null): SimError {
    return new SimError(1064, `Getting syntax error${offset === null ? '' : ` ${this.position(offset)}`}. Detail message: ${detail}.`, '42000');
  }

  /** `at line L, column C` of a source offset (NodePosition of one token). */
  position(offset: number): string {
    const before = this.sql.slice(0, offset);
    const line = before.split('\n').length;
    const col = offset - (before.lastIndexOf('\n') + 1);
    return `at line ${line}, column ${col}`;
  }

  /**
   * NodePosition text of the tokens from the one starting at `startOffset` to the last consumed one (StarRocks
   * reports a node from its first token's start to its last token's start): `from line 1, column 5 to line 1,
   * column 20`, or `at line 1, column 5` for a single token.
   */
  spanFrom(startOffset: number): string {
    const stop = this.pos === 0 ? startOffset : this.tokens[this.pos - 1]!.start;
    if (stop === startOffset) return this.position(startOffset);
    return `from ${this.position(startOffset).slice(3)} to ${this.position(stop).slice(3)}`;
  }

  /**
   * StarRocks' "Unexpected input" error at the current token, with the token's position as ParsingException prints
   * it (`Getting syntax error at line L, column C. Detail message: Unexpected input 'x', the most similar input is
   * {...}.`). The expected set is the simulator's guess of ANTLR's.
   */
  unexpected(expected: string): SimError {
    const t = this.peek();
    const got = t.type === 'eof' ? '<EOF>' : t.text;
    return this.failAt(`Unexpected input '${got}', the most similar input is {${expected}}`, t.start);
  }

  /** Consume an optional `;` and require the end of input. */
  expectEnd(): void {
    this.acceptOp(';');
    if (!this.atEof()) throw this.unexpected('<EOF>');
  }
}
