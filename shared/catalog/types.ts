/**
 * The vocabulary of the schema catalog. A table is declared once (see `tables.ts`); validators,
 * Parquet schemas, Glue columns and DuckDB views are all derived from these declarations.
 */

/** Logical column types. Each maps to exactly one Glue/Athena type and one DuckDB type. */
export type ColumnType =
  | 'string'
  | 'bigint'
  | 'double'
  | 'boolean'
  | 'timestamp'
  | 'date'
  | 'json'
  | 'array<string>'
  | 'array<double>'
  | 'array<bigint>';

export interface ColumnDef {
  readonly name: string;
  readonly type: ColumnType;
  /** A required column must be present and non-null in every row; optional columns may be null. */
  readonly required: boolean;
  /** Shown in the Glue table and the Athena console, so it must make sense without our code. */
  readonly comment: string;
}

export interface TableDef {
  readonly name: string;
  readonly description: string;
  readonly columns: readonly ColumnDef[];
  /** The column whose UTC date becomes the `dt=YYYY-MM-DD` partition. */
  readonly partitionSource: string;
  /** Columns that identify a record; re-delivered records with the same key are duplicates. */
  readonly uniqueKey: readonly string[];
}

/** A row as it travels through the domain: plain JSON-compatible values, timestamps as ISO-8601 UTC. */
export type Row = Record<string, unknown>;

/** The partition column every lake table carries (Hive style, string `YYYY-MM-DD`). */
export const PARTITION_COLUMN = 'dt';
