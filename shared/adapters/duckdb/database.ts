import { tmpdir } from 'node:os';
import path from 'node:path';
import { type DuckDBConnection, DuckDBInstance, type DuckDBType, DuckDBTypeId } from '@duckdb/node-api';
import type { QueryRow, QueryValue } from '../../ports/query-engine.ts';

/**
 * Opens an in-memory DuckDB. One thread by default: Lambda gives a function ~1 vCPU per 1.8 GB and
 * the CLI runs several steps side by side; output order is also deterministic with one thread.
 */
export async function openDuckDB(
  options: { threads?: number; memoryLimit?: string } = {},
): Promise<DuckDBConnection> {
  const instance = await DuckDBInstance.create(':memory:', {
    threads: String(options.threads ?? 1),
    memory_limit: options.memoryLimit ?? '1GB',
    // Beyond the limit DuckDB spills here; its default (`.tmp` in the working directory) is
    // read-only on Lambda.
    temp_directory: path.join(tmpdir(), `duckdb-spill-${process.pid}`),
    // Hand freed memory back to the system after each task: without it the allocator keeps its
    // peak, and a Lambda's resident memory ends ~50% above DuckDB's own limit.
    allocator_flush_threshold: '16MB',
    allocator_background_threads: 'true',
    // Extensions can never be downloaded here (no network); parquet, json and icu are built in.
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
  });
  return instance.connect();
}

/** Converts DuckDB's JS values to the engine-neutral shapes of the query port. */
export function toQueryValue(value: unknown, type: DuckDBType): QueryValue {
  if (value === null || value === undefined) return null;
  switch (type.typeId) {
    case DuckDBTypeId.DATE:
      return (value as Date).toISOString().slice(0, 10);
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_MS:
    case DuckDBTypeId.TIMESTAMP_S:
    case DuckDBTypeId.TIMESTAMP_NS:
    case DuckDBTypeId.TIMESTAMP_TZ:
      return (value as Date).toISOString();
    case DuckDBTypeId.LIST:
    case DuckDBTypeId.ARRAY: {
      const child = (type as unknown as { valueType: DuckDBType }).valueType;
      return (value as unknown[]).map((v) => toQueryValue(v, child));
    }
    default:
      if (typeof value === 'bigint') return Number(value);
      if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
      return JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? Number(v) : v));
  }
}

/** Runs SQL and returns engine-neutral rows and column descriptions. */
export async function readAll(
  connection: DuckDBConnection,
  sql: string,
  values?: unknown[],
): Promise<{ columns: { name: string; type: string }[]; rows: QueryRow[] }> {
  const reader = await connection.runAndReadAll(sql, values as never);
  const names = reader.columnNames();
  const types = reader.columnTypes();
  const rows = reader.getRowsJS().map((raw) => {
    const row: QueryRow = {};
    names.forEach((name, i) => {
      row[name] = toQueryValue(raw[i], types[i]!);
    });
    return row;
  });
  return { columns: names.map((name, i) => ({ name, type: types[i]!.toString() })), rows };
}
