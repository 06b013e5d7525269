import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { duckdbEmptySelect, duckdbViewSelect, quoteIdent } from '../../catalog/engines.ts';
import { TABLES } from '../../catalog/tables.ts';
import type { TableDef } from '../../catalog/types.ts';
import { QueryFailedError } from '../../errors/index.ts';
import type { BoundParam, QueryEngine, QueryRequest, QueryResult } from '../../ports/query-engine.ts';
import { openDuckDB, readAll } from './database.ts';
import { TRINO_MACROS, translateTrinoToDuckDB } from './trino-compat.ts';

export interface DuckDBQueryEngineOptions {
  /** Directory of the lake bucket: `<lakeDir>/<table>/dt=YYYY-MM-DD/*.parquet`. */
  readonly lakeDir: string;
  readonly tables?: readonly TableDef[];
  readonly threads?: number;
}

/**
 * Local adapter of the query engine: DuckDB in-process, one view per catalog table over the same
 * Parquet layout Athena reads, and the Trino compatibility macros, so `queries/*.sql` run unchanged.
 */
export class DuckDBQueryEngine implements QueryEngine {
  private readonly options: DuckDBQueryEngineOptions;
  private connection: Promise<DuckDBConnection> | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(options: DuckDBQueryEngineOptions) {
    this.options = options;
  }

  run(request: QueryRequest): Promise<QueryResult> {
    // One connection runs one statement at a time; concurrent callers are queued.
    const result = this.queue.then(() => this.runNow(request));
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async runNow(request: QueryRequest): Promise<QueryResult> {
    const connection = await this.open();
    const tables = this.options.tables ?? TABLES;
    const scanned = await this.refreshViews(connection, tables);
    const started = performance.now();
    try {
      const { columns, rows } = await readAll(
        connection,
        translateTrinoToDuckDB(request.sql),
        request.params.map(toDuckDBValue),
      );
      return {
        columns,
        rows,
        stats: {
          bytesScanned: bytesRead(request, scanned),
          engineMillis: Math.round(performance.now() - started),
        },
      };
    } catch (error) {
      throw new QueryFailedError(request.name, (error as Error).message, { retryable: false, cause: error });
    }
  }

  private open(): Promise<DuckDBConnection> {
    this.connection ??= (async () => {
      const connection = await openDuckDB({ threads: this.options.threads ?? 2, memoryLimit: '4GB' });
      for (const macro of TRINO_MACROS) await connection.run(macro);
      return connection;
    })();
    return this.connection;
  }

  /**
   * (Re)creates each table's view — new partitions appear without a restart — and returns the
   * Parquet bytes per table and partition, the local stand-in for Athena's bytes scanned.
   */
  private async refreshViews(
    connection: DuckDBConnection,
    tables: readonly TableDef[],
  ): Promise<Map<string, Map<string, number>>> {
    const sizes = new Map<string, Map<string, number>>();
    for (const table of tables) {
      const tableDir = path.join(this.options.lakeDir, table.name);
      const partitions = await partitionSizes(tableDir);
      sizes.set(table.name, partitions);
      const select =
        partitions.size > 0
          ? duckdbViewSelect(table, path.join(tableDir, 'dt=*', '*.parquet'))
          : duckdbEmptySelect(table);
      await connection.run(`CREATE OR REPLACE VIEW ${quoteIdent(table.name)} AS ${select}`);
    }
    return sizes;
  }

  async close(): Promise<void> {
    const connection = await this.connection;
    connection?.closeSync();
    this.connection = undefined;
  }
}

function toDuckDBValue(param: BoundParam): unknown {
  if (param.type === 'bigint') return BigInt(param.value as number);
  return param.value;
}

async function partitionSizes(tableDir: string): Promise<Map<string, number>> {
  const sizes = new Map<string, number>();
  const partitions = await readdir(tableDir).catch(() => [] as string[]);
  for (const partition of partitions) {
    if (!partition.startsWith('dt=')) continue;
    const files = await readdir(path.join(tableDir, partition)).catch(() => [] as string[]);
    let total = 0;
    for (const file of files.filter((f) => f.endsWith('.parquet')))
      total += (await stat(path.join(tableDir, partition, file))).size;
    if (total > 0) sizes.set(partition.slice(3), total);
  }
  return sizes;
}

/**
 * Approximates Athena's DataScannedInBytes: the Parquet bytes of the tables the SQL names, limited
 * to partitions inside the query's date parameters (Athena prunes `dt` the same way). Athena reads
 * only the columns it needs, so this is an upper bound.
 */
function bytesRead(request: QueryRequest, sizes: Map<string, Map<string, number>>): number {
  const dates = request.params
    .filter((p) => p.type === 'date')
    .map((p) => String(p.value))
    .sort();
  const from = dates[0] ?? '0000-00-00';
  const to = dates.at(-1) ?? '9999-99-99';
  let total = 0;
  for (const [table, partitions] of sizes) {
    if (!new RegExp(`\\b${table}\\b`).test(request.sql)) continue;
    for (const [dt, bytes] of partitions) if (dt >= from && dt <= to) total += bytes;
  }
  return total;
}
