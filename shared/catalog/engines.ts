import type { ColumnType, TableDef } from './types.ts';
import { PARTITION_COLUMN } from './types.ts';

/** Glue / Athena (Hive DDL) type of each logical column type. */
export const GLUE_TYPES: Record<ColumnType, string> = {
  string: 'string',
  json: 'string',
  bigint: 'bigint',
  double: 'double',
  boolean: 'boolean',
  timestamp: 'timestamp',
  date: 'date',
  'array<string>': 'array<string>',
  'array<double>': 'array<double>',
  'array<bigint>': 'array<bigint>',
};

/** DuckDB type of each logical column type; also the Parquet physical/logical type DuckDB writes. */
export const DUCKDB_TYPES: Record<ColumnType, string> = {
  string: 'VARCHAR',
  json: 'VARCHAR',
  bigint: 'BIGINT',
  double: 'DOUBLE',
  boolean: 'BOOLEAN',
  timestamp: 'TIMESTAMP',
  date: 'DATE',
  'array<string>': 'VARCHAR[]',
  'array<double>': 'DOUBLE[]',
  'array<bigint>': 'BIGINT[]',
};

export interface GlueColumn {
  readonly name: string;
  readonly type: string;
  readonly comment: string;
}

/** Columns for the Glue table (partition column excluded; see `gluePartitionKeys`). */
export function glueColumns(table: TableDef): GlueColumn[] {
  return table.columns.map((c) => ({ name: c.name, type: GLUE_TYPES[c.type], comment: c.comment }));
}

export function gluePartitionKeys(): GlueColumn[] {
  return [{ name: PARTITION_COLUMN, type: 'string', comment: 'UTC date partition, YYYY-MM-DD.' }];
}

/** Lake key prefix of a table: `<table>/` — partitions below it are `dt=YYYY-MM-DD/`. */
export function tablePrefix(table: TableDef): string {
  return `${table.name}/`;
}

/** Identifier quoting shared by DuckDB and Trino. Names come from the catalog, never from input. */
export const quoteIdent = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/** DuckDB `read_json(columns=…)` struct literal for the table (used when writing Parquet). */
export function duckdbColumnsStruct(table: TableDef): string {
  return `{${table.columns.map((c) => `'${c.name}': '${DUCKDB_TYPES[c.type]}'`).join(', ')}}`;
}

/** A typed, empty SELECT with the table's columns — the view of a table that has no data yet. */
export function duckdbEmptySelect(table: TableDef): string {
  const cols = table.columns.map((c) => `CAST(NULL AS ${DUCKDB_TYPES[c.type]}) AS ${quoteIdent(c.name)}`);
  return `SELECT ${cols.join(', ')}, CAST(NULL AS VARCHAR) AS ${PARTITION_COLUMN} WHERE false`;
}

/**
 * The DuckDB view over a table's Parquet files, with the same columns (and `dt` as a string)
 * that Athena sees through the Glue table.
 */
export function duckdbViewSelect(table: TableDef, parquetGlob: string): string {
  const cols = table.columns.map(
    (c) => `CAST(${quoteIdent(c.name)} AS ${DUCKDB_TYPES[c.type]}) AS ${quoteIdent(c.name)}`,
  );
  const glob = parquetGlob.replaceAll("'", "''");
  return (
    `SELECT ${cols.join(', ')}, CAST(${PARTITION_COLUMN} AS VARCHAR) AS ${PARTITION_COLUMN} ` +
    `FROM read_parquet('${glob}', hive_partitioning = true, hive_types = {'${PARTITION_COLUMN}': VARCHAR}, union_by_name = true)`
  );
}
