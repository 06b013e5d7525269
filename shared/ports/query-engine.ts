/** Types a query parameter can declare in its `.sql` header. */
export type ParamType = 'string' | 'date' | 'timestamp' | 'bigint' | 'double' | 'boolean';

/** One positional `?` value, typed so each engine can bind it safely (never by concatenation). */
export interface BoundParam {
  readonly name: string;
  readonly type: ParamType;
  readonly value: string | number | boolean;
}

export interface QueryRequest {
  /** Catalog name of the query (for logs, metrics and result naming), or `adhoc`. */
  readonly name: string;
  readonly sql: string;
  /** Values for the `?` placeholders, in order of appearance. */
  readonly params: readonly BoundParam[];
}

/** Values as both engines return them: numbers, strings (dates `YYYY-MM-DD`, timestamps ISO-8601 UTC). */
export type QueryValue = string | number | boolean | null | readonly QueryValue[];
export type QueryRow = Record<string, QueryValue>;

export interface QueryStats {
  /** Bytes the engine read (Athena DataScannedInBytes; locally the Parquet bytes of the files read). */
  readonly bytesScanned: number | null;
  readonly engineMillis: number;
  readonly executionId?: string;
  readonly reusedResult?: boolean;
}

export interface QueryResult {
  readonly columns: readonly { readonly name: string; readonly type: string }[];
  readonly rows: readonly QueryRow[];
  readonly stats: QueryStats;
}

/**
 * Port: runs SQL against the lake (Athena on AWS, DuckDB in-process locally).
 * The SQL is Athena (Trino) SQL from `queries/`; the local engine bridges dialect gaps with macros.
 */
export interface QueryEngine {
  run(request: QueryRequest): Promise<QueryResult>;
  /** Releases connections; safe to call twice. */
  close(): Promise<void>;
}
