import { describe, expect, it } from 'vitest';
import { loadQueryCatalog } from '../../../shared/adapters/local/query-files.ts';
import {
  bindParams,
  countPlaceholders,
  parseQueryFile,
  QueryCatalog,
} from '../../../shared/analytics/query-catalog.ts';
import { QueryDefinitionError } from '../../../shared/errors/index.ts';

const file = `-- name: demo_query
-- title: Demo
-- description: Counts things
-- description: over two lines.
-- param: start_date date | First day.
-- param: limit_rows bigint = 10 | How many rows.
-- bind: start_date, start_date, limit_rows
-- column: n bigint | Count.
SELECT count(*) AS n, '?' AS literal -- a ? in a comment
FROM t WHERE dt >= ? AND dt <= ? LIMIT ?
`;

describe('Function: parseQueryFile', () => {
  it('reads name, description, typed params with defaults, bind order and columns from the header', () => {
    const query = parseQueryFile('x/demo.sql', file);

    expect(query).toMatchObject({
      name: 'demo_query',
      title: 'Demo',
      description: 'Counts things over two lines.',
      bind: ['start_date', 'start_date', 'limit_rows'],
    });
    expect(query.params).toEqual([
      { name: 'start_date', type: 'date', description: 'First day.' },
      { name: 'limit_rows', type: 'bigint', defaultValue: '10', description: 'How many rows.' },
    ]);
    expect(query.columns).toEqual([{ name: 'n', type: 'bigint', description: 'Count.' }]);
  });

  it('rejects a file whose placeholders do not match its bound params, naming the file', () => {
    expect(() =>
      parseQueryFile('bad.sql', file.replace('-- bind: start_date, start_date, limit_rows', '')),
    ).toThrow(/bad\.sql: 3 "\?" placeholders but 2 bound params/);
  });

  it('ignores ? inside strings and comments when counting placeholders', () => {
    expect(countPlaceholders('SELECT \'?\', "a?" /* ? */ -- ?\n, ?')).toBe(1);
  });
});

describe('Function: bindParams', () => {
  const query = parseQueryFile('demo.sql', file);

  it('returns typed positional values in bind order with defaults applied', () => {
    expect(bindParams(query, { start_date: '2026-01-01' })).toEqual([
      { name: 'start_date', type: 'date', value: '2026-01-01' },
      { name: 'start_date', type: 'date', value: '2026-01-01' },
      { name: 'limit_rows', type: 'bigint', value: 10 },
    ]);
  });

  it.each([
    [{}, /start_date \(date\) is required/],
    [{ start_date: "2026-01-01' OR 1=1 --" }, /is not a YYYY-MM-DD date/],
    [{ start_date: '2026-01-01', limit_rows: '1; DROP TABLE t' }, /is not an integer/],
    [{ start_date: '2026-01-01', other: 'x' }, /unknown parameter "other"/],
  ])('refuses %j with a clear error', (values, message) => {
    expect(() => bindParams(query, values)).toThrow(QueryDefinitionError);
    expect(() => bindParams(query, values)).toThrow(message);
  });
});

describe('The project query catalog', () => {
  it('loads every queries/**/*.sql with a title, description, documented columns and a dt filter', async () => {
    const catalog = await loadQueryCatalog();

    expect(catalog.names().length).toBeGreaterThanOrEqual(5);
    for (const query of catalog.all()) {
      expect(query.description.length, query.path).toBeGreaterThan(30);
      expect(query.columns.length, query.path).toBeGreaterThan(0);
      expect(query.sql, query.path).toMatch(/\bdt BETWEEN \? AND \?/);
      expect(
        query.params.map((p) => p.name),
        query.path,
      ).toEqual(expect.arrayContaining(['start_date', 'end_date']));
    }
  });

  it('refuses two queries with the same name', () => {
    const q = parseQueryFile('a.sql', file);
    expect(() => new QueryCatalog([q, { ...q, path: 'b.sql' }])).toThrow(/used by a\.sql and b\.sql/);
  });
});
