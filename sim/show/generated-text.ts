// The generated-column expression as a PRIMARY KEY table prints it. Column.toSqlWithoutAggregateTypeName (PRIMARY KEY
// tables) prints `convertToColumnNameExpr(idToColumn).toSql()`, where column references come out bare
// (`AS array_avg(array_data)`, `AS from_unixtime(c1)`: recorded test_materialized_column and test_multi_expr R files,
// all PRIMARY KEY tables); Column.toSql (the other key models) goes through AstToSQLBuilder, which back-quotes them.
// The catalog keeps the back-quoted form; this drops the quotes outside string literals.

/** `` `c` `` → `c` outside quoted strings (a doubled backtick inside a name becomes one). */
export function bareColumnsExpr(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === "'" || ch === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== ch) j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    if (ch === '`') {
      let j = i + 1;
      let name = '';
      while (j < text.length) {
        if (text[j] === '`' && text[j + 1] === '`') {
          name += '`';
          j += 2;
        } else if (text[j] === '`') break;
        else name += text[j++];
      }
      out += name;
      i = j + 1;
      continue;
    }
    out += ch;
    i++;
  }
  return out;
}
