import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { duckdbColumnsStruct, quoteIdent } from '../../catalog/engines.ts';
import type { Row, TableDef } from '../../catalog/types.ts';
import type { ParquetEncoder } from '../../ports/parquet-encoder.ts';
import { openDuckDB } from './database.ts';

/**
 * Parquet encoding through DuckDB (on Lambda and locally): rows are staged as NDJSON in a temp
 * directory and DuckDB writes them with the catalog's column types, zstd-compressed.
 * Same rows in the same order give byte-identical files, which keeps re-ingestion idempotent.
 */
export class DuckDBParquetEncoder implements ParquetEncoder {
  private connection: Promise<DuckDBConnection> | undefined;
  private workDir: Promise<string> | undefined;
  private sequence = 0;
  /** One DuckDB connection runs one statement at a time; callers may be concurrent. */
  private queue: Promise<unknown> = Promise.resolve();

  encode(table: TableDef, rows: readonly Row[]): Promise<Uint8Array> {
    const result = this.queue.then(() => this.encodeNow(table, rows));
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async encodeNow(table: TableDef, rows: readonly Row[]): Promise<Uint8Array> {
    this.connection ??= openDuckDB({ threads: 1 });
    this.workDir ??= mkdtemp(path.join(tmpdir(), 'datahub-parquet-'));
    const [connection, dir] = await Promise.all([this.connection, this.workDir]);
    const id = this.sequence++;
    const staged = path.join(dir, `${id}.ndjson`);
    const output = path.join(dir, `${id}.parquet`);
    try {
      await writeFile(staged, rows.map((r) => JSON.stringify(r)).join('\n'));
      const columns = table.columns.map((c) => quoteIdent(c.name)).join(', ');
      await connection.run(
        `COPY (SELECT ${columns} FROM read_json('${staged}', format = 'newline_delimited', ` +
          `columns = ${duckdbColumnsStruct(table)})) ` +
          `TO '${output}' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 122880)`,
      );
      return await readFile(output);
    } finally {
      await Promise.all([rm(staged, { force: true }), rm(output, { force: true })]);
    }
  }

  async close(): Promise<void> {
    const connection = await this.connection;
    connection?.closeSync();
    const dir = await this.workDir;
    if (dir) await rm(dir, { recursive: true, force: true });
    this.connection = undefined;
    this.workDir = undefined;
  }
}
