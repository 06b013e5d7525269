import { afterAll, describe, expect, it } from 'vitest';
import { DuckDBQueryEngine } from '../../../shared/adapters/duckdb/query-engine.ts';
import { translateTrinoToDuckDB } from '../../../shared/adapters/duckdb/trino-compat.ts';
import { tempDir } from '../../support/tmp.ts';

describe('Function: translateTrinoToDuckDB', () => {
  it('renames Trino functions whose DuckDB namesakes differ, but not inside strings, quoted names or comments', () => {
    const sql = `SELECT element_at(a, 1), cardinality (a), "element_at"(x), 'cardinality(' -- element_at(\nFROM t`;

    expect(translateTrinoToDuckDB(sql)).toBe(
      `SELECT trino_element_at(a, 1), trino_cardinality (a), "element_at"(x), 'cardinality(' -- element_at(\nFROM t`,
    );
  });
});

describe('Class: DuckDBQueryEngine (Trino dialect)', () => {
  const engine = new DuckDBQueryEngine({ lakeDir: '/nonexistent-lake', threads: 1 });
  afterAll(() => engine.close());
  const one = async (sql: string) => (await engine.run({ name: 'adhoc', sql, params: [] })).rows[0];

  it.each([
    ['SELECT element_at(ARRAY[1, 2, 3], 2) AS v', 2],
    ['SELECT element_at(ARRAY[1, 2, 3], 9) AS v', null],
    ['SELECT cardinality(ARRAY[1, 2, 3]) AS v', 3],
    ["SELECT date_add('day', 2, TIMESTAMP '2026-01-01 00:00:00') AS v", '2026-01-03T00:00:00.000Z'],
    ["SELECT from_iso8601_timestamp('2026-01-01T05:00:00+02:00') AS v", '2026-01-01T03:00:00.000Z'],
    ["SELECT to_unixtime(TIMESTAMP '2026-01-01 00:00:00') AS v", 1767225600],
    ['SELECT from_unixtime(1767225600) AS v', '2026-01-01T00:00:00.000Z'],
    ["SELECT regexp_like('odigos', 'dig') AS v", true],
    [`SELECT json_extract_scalar('{"a":{"b":"c"}}', '$.a.b') AS v`, 'c'],
    [`SELECT json_extract_scalar('{"k8s.node.count":12}', '$["k8s.node.count"]') AS v`, '12'],
    ['SELECT approx_distinct(x) AS v FROM (VALUES (1), (2), (2)) AS t(x)', 2],
    ['SELECT approx_percentile(x, 0.5) AS v FROM (VALUES (1), (2), (3)) AS t(x)', 2],
    ["SELECT day_of_week(DATE '2026-03-01') AS v", 7],
    ['SELECT sequence(0, 3) AS v', [0, 1, 2, 3]],
    ['SELECT n AS v FROM UNNEST(sequence(1, 100)) AS t(n) WHERE n = 42', 42],
    ["SELECT array_join(ARRAY['/overview', NULL, '/service-map'], ' > ') AS v", '/overview > /service-map'],
  ])('runs %s', async (sql, expected) => {
    expect((await one(sql))?.v).toEqual(expected);
  });

  it('binds typed parameters positionally and exposes empty, typed views for tables without data', async () => {
    const result = await engine.run({
      name: 'adhoc',
      sql: 'SELECT count(*) AS n FROM ui_events WHERE dt BETWEEN ? AND ? AND actor_id = ?',
      params: [
        { name: 'start_date', type: 'date', value: '2026-01-01' },
        { name: 'end_date', type: 'date', value: '2026-01-31' },
        { name: 'actor', type: 'string', value: "x' OR '1'='1" },
      ],
    });

    expect(result.rows).toEqual([{ n: 0 }]);
    expect(result.stats.bytesScanned).toBe(0);
  });

  it('reports a failed query with its name', async () => {
    const fresh = new DuckDBQueryEngine({ lakeDir: await tempDir(), threads: 1 });
    await expect(fresh.run({ name: 'broken', sql: 'SELEC 1', params: [] })).rejects.toThrow(
      /Query broken failed/,
    );
    await fresh.close();
  });
});
