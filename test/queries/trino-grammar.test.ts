import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_QUERIES_DIR } from '../../shared/adapters/local/query-files.ts';
import { parseQueryFile, type QueryDef } from '../../shared/analytics/query-catalog.ts';
import { TABLES } from '../../shared/catalog/tables.ts';
import { analyzeTrinoQuery, trinoSyntaxErrors } from '../support/trino-sql.ts';
import { ATHENA_V3_FUNCTIONS } from './athena-functions.ts';

const LAKE_TABLES = TABLES.map((t) => t.name);
const ALLOWED = new Set(ATHENA_V3_FUNCTIONS);

/** Every Athena query file: all of `queries/**.sql` but the DuckDB-only pipeline statements. */
const files = readdirSync(DEFAULT_QUERIES_DIR, { recursive: true, encoding: 'utf8' })
  .map((f) => f.split(path.sep).join('/'))
  .filter((f) => f.endsWith('.sql') && !f.endsWith('.duckdb.sql'))
  .sort();

const read = (file: string) => readFileSync(path.join(DEFAULT_QUERIES_DIR, file), 'utf8');

/** Header problems: what the Athena console user and the analysis function rely on. */
function headerProblems(query: QueryDef): string[] {
  const problems: string[] = [];
  if (query.columns.length === 0) problems.push('declares no "-- column:" lines');
  for (const c of query.columns) if (!c.description) problems.push(`column ${c.name} has no description`);
  for (const p of query.params) if (!p.description) problems.push(`param ${p.name} has no description`);
  for (const name of ['start_date', 'end_date'])
    if (query.params.find((p) => p.name === name)?.type !== 'date')
      problems.push(`has no "-- param: ${name} date" (every query reads a dt range)`);
  if (!/\bdt\s+BETWEEN\s+\?\s+AND\s+\?/i.test(query.sql)) problems.push('never filters "dt BETWEEN ? AND ?"');
  // The stack saves each query as an Athena named query: name up to 128, "<path>: <description>" up to 1024.
  if (query.title.length > 128) problems.push(`title is ${query.title.length} characters (Athena: 128)`);
  const described = `${query.path}: ${query.description}`.length;
  if (described > 1024) problems.push(`path and description are ${described} characters (Athena: 1024)`);
  return problems;
}

describe('Athena query files (Trino grammar, functions, headers)', () => {
  it('finds the query files', () => {
    expect(files.length).toBeGreaterThan(5);
  });

  describe.each(files)('%s', (file) => {
    const sql = read(file);

    it('parses with the Trino grammar', () => {
      const errors = trinoSyntaxErrors(sql).map((e) => `${file}:${e.line}:${e.column} ${e.message}`);

      expect(errors).toEqual([]);
    });

    it('calls only Athena engine v3 functions from the allow-list', () => {
      const { functions } = analyzeTrinoQuery(sql, LAKE_TABLES);

      const unknown = functions
        .filter((f) => !ALLOWED.has(f.name))
        .map((f) => `${file}:${f.line} ${f.name}() is not in test/queries/athena-functions.ts`);
      expect(unknown).toEqual([]);
    });

    it('has a complete header and filters every lake table it reads on dt', () => {
      const query = parseQueryFile(file, sql);
      const { reads } = analyzeTrinoQuery(sql, LAKE_TABLES);

      const problems = [
        ...headerProblems(query).map((p) => `${file}: ${p}`),
        ...reads
          .filter((r) => !r.filteredOnDt)
          .map((r) => `${file}:${r.line} reads ${r.table} without a dt condition in its WHERE`),
      ];
      expect(problems).toEqual([]);
      expect(reads.length).toBeGreaterThan(0);
    });
  });
});

describe('Function: analyzeTrinoQuery and trinoSyntaxErrors', () => {
  it('reports DuckDB-only syntax as a Trino syntax error with its line', () => {
    const errors = trinoSyntaxErrors('SELECT a\nFROM t\nWHERE x::double > 1 AND dt BETWEEN ? AND ?');

    expect(errors).not.toEqual([]);
    expect(errors[0]!.line).toBe(3);
  });

  it('names called functions with their lines, ignoring strings, comments and quoted identifiers', () => {
    const sql = [
      'SELECT list_value(a), \'lower(x)\' AS s, "max" -- upper(y)',
      'FROM t WHERE "date_trunc"(\'day\', ts) IS NOT NULL AND dt BETWEEN ? AND ?',
    ].join('\n');

    const { functions } = analyzeTrinoQuery(sql, ['t']);

    expect(functions).toEqual([
      { name: 'list_value', line: 1 },
      { name: 'date_trunc', line: 2 },
    ]);
  });

  it('finds lake tables read without a dt condition, by table or alias, and ignores CTE names', () => {
    const sql = `WITH x AS (SELECT * FROM metric_points m WHERE m.dt BETWEEN ? AND ?)
SELECT * FROM x
JOIN spans s ON s.trace_id = x.trace_id
WHERE x.dt > '2026-01-01'`;

    const { reads } = analyzeTrinoQuery(sql, ['metric_points', 'spans']);

    expect(reads).toEqual([
      { table: 'metric_points', line: 1, filteredOnDt: true },
      { table: 'spans', line: 3, filteredOnDt: false },
    ]);
  });
});
