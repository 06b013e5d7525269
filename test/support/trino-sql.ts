import { TrinoSQL, TrinoSqlListener } from 'dt-sql-parser';

/**
 * Static checks of Athena (Trino) SQL with the Trino grammar of dt-sql-parser (ANTLR, the grammar of
 * trinodb/trino's SqlBase.g4). The grammar accepts `?` execution parameters as expressions, so query
 * files are checked as they are, placeholders included.
 */
const trino = new TrinoSQL();

type FunctionCallContext = Parameters<NonNullable<TrinoSqlListener['enterFunctionCall']>>[0];
type QuerySpecificationContext = Parameters<NonNullable<TrinoSqlListener['enterQuerySpecification']>>[0];
type TableNameContext = Parameters<NonNullable<TrinoSqlListener['enterTableName']>>[0];

export interface SqlSyntaxError {
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

/** Syntax errors of `sql` under the Trino grammar (empty when it parses). */
export function trinoSyntaxErrors(sql: string): SqlSyntaxError[] {
  return trino.validate(sql).map((e) => ({ line: e.startLine, column: e.startColumn, message: e.message }));
}

export interface FunctionCall {
  /** Lower case, quotes removed; qualified names keep their dots (`system.foo`). */
  readonly name: string;
  readonly line: number;
}

export interface LakeTableRead {
  readonly table: string;
  readonly line: number;
  /** True when the WHERE of the SELECT that reads the table compares the table's `dt`. */
  readonly filteredOnDt: boolean;
}

const unquote = (name: string) =>
  name
    .split('.')
    .map((part) => part.replace(/^"(.*)"$/, '$1').replaceAll('""', '"'))
    .join('.')
    .toLowerCase();

/** The source text of a rule (getText() drops the whitespace between tokens). */
const textOf = (
  sql: string,
  ctx: { start: { start: number } | null; stop: { stop: number } | null } | null | undefined,
) => (ctx?.start && ctx.stop ? sql.slice(ctx.start.start, ctx.stop.stop + 1) : '');

/**
 * Walks the parse tree of a query that has no syntax errors: every function call (names as written
 * in `name(…)`, so string literals and comments never count) and every read of one of `lakeTables`,
 * with whether its SELECT filters the table's `dt` partition column.
 */
export function analyzeTrinoQuery(
  sql: string,
  lakeTables: readonly string[],
): { functions: FunctionCall[]; reads: LakeTableRead[] } {
  const functions: FunctionCall[] = [];
  const reads: LakeTableRead[] = [];
  const selects: QuerySpecificationContext[] = [];
  const listener = new (class extends TrinoSqlListener {
    override enterFunctionCall = (ctx: FunctionCallContext) => {
      functions.push({ name: unquote(ctx.functionName().getText()), line: ctx.start?.line ?? 0 });
    };
    override enterQuerySpecification = (ctx: QuerySpecificationContext) => {
      selects.push(ctx);
    };
    override exitQuerySpecification = () => {
      selects.pop();
    };
    override enterTableName = (ctx: TableNameContext) => {
      const table = unquote(ctx.tableOrViewName().getText());
      if (!lakeTables.includes(table)) return; // a CTE or something else
      const parent = ctx.parent as { identifier?: () => { getText(): string } | null } | null;
      const alias = parent?.identifier?.()?.getText();
      const where = textOf(sql, selects.at(-1)?.whereClause());
      reads.push({
        table,
        line: ctx.start?.line ?? 0,
        filteredOnDt: comparesDt(where, [table, ...(alias ? [unquote(alias)] : [])]),
      });
    };
  })();
  trino.listen(listener, trino.parse(sql));
  return { functions, reads };
}

/** `dt BETWEEN …`, `x.dt <= …`, `"dt" = …` in a WHERE, unqualified or qualified by one of `names`. */
function comparesDt(where: string, names: readonly string[]): boolean {
  const comparison = /(?<![\w."])(?:("?[A-Za-z_]\w*"?)\.)?"?dt"?\s*(?:BETWEEN\b|<=|>=|=|<|>|IN\b)/gi;
  for (const match of where.matchAll(comparison)) {
    const qualifier = match[1];
    if (qualifier === undefined || names.includes(unquote(qualifier))) return true;
  }
  return false;
}
