import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { quoteIdent } from '../../catalog/engines.ts';
import type { TableDef } from '../../catalog/types.ts';
import type { CompactionInput, CompactionResult, ParquetCompactor } from '../../ports/compactor.ts';
import { openDuckDB, readAll } from './database.ts';

const sqlString = (value: string) => `'${value.replaceAll("'", "''")}'`;

/** DuckDB adapter of compaction: inputs staged as temp files, merged with one statement, sorted for compression. */
export class DuckDBCompactor implements ParquetCompactor {
  private connection: Promise<DuckDBConnection> | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  merge(
    table: TableDef,
    inputs: readonly CompactionInput[],
    replacedStems: readonly string[],
  ): Promise<CompactionResult> {
    const result = this.queue.then(() => this.mergeNow(table, inputs, replacedStems));
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async mergeNow(
    table: TableDef,
    inputs: readonly CompactionInput[],
    replacedStems: readonly string[],
  ): Promise<CompactionResult> {
    this.connection ??= openDuckDB({ threads: 1, memoryLimit: '512MB' });
    const connection = await this.connection;
    const dir = await mkdtemp(path.join(tmpdir(), 'datahub-compact-'));
    try {
      const files: { file: string; fresh: number }[] = [];
      for (const [i, input] of inputs.entries()) {
        const file = path.join(dir, `${i}.parquet`);
        await writeFile(file, await input.read());
        files.push({ file, fresh: input.kind === 'source' ? 1 : 0 });
      }
      const columns = table.columns.map((c) => quoteIdent(c.name)).join(', ');
      const unique = table.uniqueKey.map(quoteIdent).join(', ');
      const list = (fresh: number) =>
        `[${files
          .filter((f) => f.fresh === fresh)
          .map((f) => sqlString(f.file))
          .join(', ')}]`;
      // Stems are our own hex names (checked here), so listing them inline is safe.
      for (const stem of replacedStems)
        if (!/^src-[0-9a-f]{24}$/.test(stem)) throw new Error(`not a source stem: ${stem}`);
      const stemList = `CAST([${replacedStems.map(sqlString).join(', ')}] AS VARCHAR[])`;
      const parts: string[] = [];
      if (files.some((f) => f.fresh === 1))
        parts.push(`SELECT ${columns}, 1 AS fresh FROM read_parquet(${list(1)}, union_by_name = true)`);
      if (files.some((f) => f.fresh === 0)) {
        // The old compacted file keeps only rows of sources that have no fresh file and were not withdrawn.
        parts.push(
          `SELECT ${columns}, 0 AS fresh FROM read_parquet(${list(0)}, union_by_name = true)
           WHERE NOT list_contains(${stemList}, 'src-' || left(sha256(source_key), 24))`,
        );
      }
      const output = path.join(dir, 'compacted.parquet');
      await connection.run(`CREATE OR REPLACE TEMP TABLE merged AS ${parts.join(' UNION ALL ')}`);
      const counts = (
        await readAll(
          connection,
          `SELECT count(*) AS total, count(DISTINCT row(${unique})) AS kept FROM merged`,
        )
      ).rows[0]!;
      // Sorted by time then key: deterministic bytes for the same inputs, and better compression.
      await connection.run(
        `COPY (
           SELECT ${columns} FROM merged
           QUALIFY row_number() OVER (PARTITION BY ${unique} ORDER BY fresh DESC, source_key) = 1
           ORDER BY ${quoteIdent(table.partitionSource)}, ${unique}, source_key
         ) TO ${sqlString(output)} (FORMAT parquet, COMPRESSION zstd)`,
      );
      return {
        parquet: await readFile(output),
        rows: Number(counts.kept),
        duplicates: Number(counts.total) - Number(counts.kept),
      };
    } finally {
      await connection.run('DROP TABLE IF EXISTS merged').catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    }
  }

  async close(): Promise<void> {
    const connection = await this.connection;
    connection?.closeSync();
    this.connection = undefined;
  }
}
