/**
 * The DuckDB side of "one SQL file, two engines": Athena (Trino) functions that DuckDB lacks are
 * defined as macros. Where DuckDB already has a function of the same name with other semantics
 * (e.g. `element_at` and `cardinality` only for maps), calls are renamed to a `trino_` macro.
 * The rename touches identifiers followed by `(` outside string literals and comments only.
 */
export const TRINO_MACROS: readonly string[] = [
  // Arrays are 1-based in both engines; out-of-range subscripts give NULL in DuckDB like element_at in Trino.
  'CREATE OR REPLACE MACRO trino_element_at(arr, i) AS arr[i]',
  'CREATE OR REPLACE MACRO trino_cardinality(arr) AS len(arr)',
  // Trino's approx_percentile is a t-digest estimate; the exact continuous quantile is a fair stand-in.
  'CREATE OR REPLACE MACRO approx_percentile(x, p) AS quantile_cont(x, p)',
  'CREATE OR REPLACE MACRO approx_distinct(x) AS count(DISTINCT x)',
  'CREATE OR REPLACE MACRO from_iso8601_timestamp(s) AS CAST(CAST(s AS TIMESTAMPTZ) AS TIMESTAMP)',
  'CREATE OR REPLACE MACRO to_unixtime(ts) AS epoch(ts)',
  'CREATE OR REPLACE MACRO from_unixtime(x) AS make_timestamp(CAST(CAST(x AS DOUBLE) * 1000000 AS BIGINT))',
  'CREATE OR REPLACE MACRO regexp_like(s, p) AS regexp_matches(s, p)',
  // Keys with dots (OTLP attribute names) are written `$["k8s.cluster.name"]`, the only quoted form
  // Trino's JSON path accepts; DuckDB's path spells the same key `$."k8s.cluster.name"`.
  `CREATE OR REPLACE MACRO json_extract_scalar(j, p) AS
     json_extract_string(j, regexp_replace(p, '\\[\\s*"([^"]*)"\\s*\\]', '."\\1"', 'g'))`,
  // Trino's sequence(start, stop) of integers; DuckDB calls it generate_series (both ends inclusive).
  'CREATE OR REPLACE MACRO sequence(start, stop) AS generate_series(start, stop)',
  // Trino's array_join(arr, sep); both skip NULL elements.
  'CREATE OR REPLACE MACRO array_join(arr, sep) AS array_to_string(arr, sep)',
  'CREATE OR REPLACE MACRO day_of_week(d) AS isodow(d)',
  'CREATE OR REPLACE MACRO week_of_year(d) AS week(d)',
  `CREATE OR REPLACE MACRO trino_date_add(unit, n, ts) AS CASE lower(unit)
     WHEN 'second' THEN ts + to_seconds(n) WHEN 'minute' THEN ts + to_minutes(n)
     WHEN 'hour' THEN ts + to_hours(n) WHEN 'day' THEN ts + to_days(n)
     WHEN 'week' THEN ts + to_days(7 * n) WHEN 'month' THEN ts + to_months(n)
     WHEN 'year' THEN ts + to_years(n) END`,
];

const RENAMES: Readonly<Record<string, string>> = {
  element_at: 'trino_element_at',
  cardinality: 'trino_cardinality',
  date_add: 'trino_date_add',
};

/** Renames Trino functions whose DuckDB namesakes differ; leaves strings, quoted names and comments alone. */
export function translateTrinoToDuckDB(sql: string): string {
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i]!;
    const next = sql[i + 1];
    if (ch === "'" || ch === '"') {
      const end = closingQuote(sql, i, ch);
      out += sql.slice(i, end);
      i = end;
    } else if (ch === '-' && next === '-') {
      const end = sql.indexOf('\n', i);
      const stop = end === -1 ? sql.length : end;
      out += sql.slice(i, stop);
      i = stop;
    } else if (ch === '/' && next === '*') {
      const end = sql.indexOf('*/', i + 2);
      const stop = end === -1 ? sql.length : end + 2;
      out += sql.slice(i, stop);
      i = stop;
    } else if (/[A-Za-z_]/.test(ch) && (i === 0 || !/[A-Za-z0-9_.]/.test(sql[i - 1]!))) {
      const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(sql.slice(i))![0];
      const rest = sql.slice(i + match.length);
      const renamed = Object.hasOwn(RENAMES, match.toLowerCase()) ? RENAMES[match.toLowerCase()] : undefined;
      out += renamed && /^\s*\(/.test(rest) ? renamed : match;
      i += match.length;
    } else {
      out += ch;
      i++;
    }
  }
  return out;
}

function closingQuote(sql: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < sql.length) {
    if (sql[i] === quote) {
      if (sql[i + 1] === quote) i += 2;
      else return i + 1;
    } else i++;
  }
  return sql.length;
}
