import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createZstdDecompress } from 'node:zlib';
import type { DuckDBConnection } from '@duckdb/node-api';
import { bindParams, type QueryDef } from '../../analytics/query-catalog.ts';
import { quoteIdent } from '../../catalog/engines.ts';
import { uiEvents } from '../../catalog/tables.ts';
import { PARTITION_COLUMN, type TableDef } from '../../catalog/types.ts';
import { EARLIEST_VALID_TIME, FUTURE_TOLERANCE_MS } from '../../catalog/validate.ts';
import { DataHubError, UnreadableInputError } from '../../errors/index.ts';
import type { BulkIngestor, BulkOutcome, StagedPart } from '../../ports/bulk-ingestor.ts';
import { openDuckDB, readAll } from './database.ts';

/** A source family the bulk path handles: its key prefix, the statement that stages it, its table. */
export interface BulkSource {
  readonly prefix: string;
  readonly statement: QueryDef;
  readonly table: TableDef;
  /** Name of the temp table the statement creates. */
  readonly stagedTable: string;
}

export interface DuckDBBulkIngestorOptions {
  readonly sources: readonly BulkSource[];
  /** DuckDB's memory cap; it spills to the temp directory beyond it. @default '256MB' */
  readonly memoryLimit?: string;
  /** Largest Parquet file written before a partition is split into parts. @default '64MB' */
  readonly maxFileSize?: string;
  readonly now?: () => number;
}

const sqlString = (value: string) => `'${value.replaceAll("'", "''")}'`;

/** A transform that gunzips or un-zstds by magic bytes and passes anything else through. */
function decompressing(): Transform {
  let inner: Transform | undefined;
  let decided = false;
  const head: Buffer[] = [];
  const outer = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      if (!decided) {
        head.push(chunk);
        const buffered = Buffer.concat(head);
        if (buffered.length < 4) return callback();
        decided = true;
        if (buffered[0] === 0x1f && buffered[1] === 0x8b) inner = createGunzip();
        else if (buffered.readUInt32LE(0) === 0xfd2fb528) inner = createZstdDecompress();
        if (inner) {
          inner.on('data', (data: Buffer) => outer.push(data));
          inner.on('error', (error) => outer.destroy(error));
          inner.write(buffered, callback);
        } else callback(null, buffered);
        return;
      }
      if (inner) inner.write(chunk, callback);
      else callback(null, chunk);
    },
    flush(callback) {
      if (!decided && head.length > 0) {
        decided = true;
        return callback(null, Buffer.concat(head));
      }
      if (!inner) return callback();
      inner.once('end', () => callback());
      inner.once('error', (error) => callback(error));
      inner.end();
    },
  });
  return outer;
}

/**
 * Bulk ingest in DuckDB: the object is streamed to a temp file, read line by line, mapped and
 * checked by the source's SQL (`queries/ingest/*.duckdb.sql`), checked again against the catalog
 * (required columns, timestamp window), de-duplicated, and written as Parquet partitioned by `dt`.
 * Memory stays bounded by DuckDB's limit whatever the object's size.
 */
export class DuckDBBulkIngestor implements BulkIngestor {
  private readonly options: DuckDBBulkIngestorOptions;
  private connection: Promise<DuckDBConnection> | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(options: DuckDBBulkIngestorOptions) {
    this.options = options;
  }

  canIngest(sourceKey: string): boolean {
    return this.options.sources.some((s) => sourceKey.startsWith(s.prefix));
  }

  ingest(sourceKey: string, open: () => Promise<AsyncIterable<Uint8Array>>): Promise<BulkOutcome> {
    // One connection, one statement at a time.
    const result = this.queue.then(() => this.ingestNow(sourceKey, open));
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async ingestNow(
    sourceKey: string,
    open: () => Promise<AsyncIterable<Uint8Array>>,
  ): Promise<BulkOutcome> {
    const source = this.options.sources.find((s) => sourceKey.startsWith(s.prefix));
    if (!source) throw new Error(`No bulk source for ${sourceKey}`);
    this.connection ??= openDuckDB({ threads: 1, memoryLimit: this.options.memoryLimit ?? '256MB' });
    const connection = await this.connection;
    const dir = await mkdtemp(path.join(tmpdir(), 'datahub-ingest-'));
    const dispose = () => rm(dir, { recursive: true, force: true });
    try {
      const input = path.join(dir, 'input');
      // Decompress while staging: Node's zlib fails on a truncated gzip/zstd stream, where DuckDB's
      // reader would quietly stop early and lose the tail of the object.
      try {
        await pipeline(await open(), decompressing(), createWriteStream(input));
      } catch (error) {
        if (error instanceof DataHubError) throw error;
        throw new UnreadableInputError(sourceKey, `cannot be read: ${(error as Error).message}`, error);
      }
      try {
        await connection.run(
          source.statement.sql,
          bindParams(source.statement, { file: input, compression: 'none', source_key: sourceKey }).map(
            (p) => p.value,
          ),
        );
      } catch (error) {
        throw new UnreadableInputError(
          sourceKey,
          `cannot be read: ${(error as Error).message.split('\n')[0]}`,
          error,
        );
      }
      const now = (this.options.now ?? Date.now)();
      await connection.run(this.checkedTableSql(source), [
        new Date(EARLIEST_VALID_TIME).toISOString(),
        new Date(now + FUTURE_TOLERANCE_MS).toISOString(),
      ]);

      const counts = (
        await readAll(
          connection,
          `SELECT
          count(*) FILTER (WHERE bad_field IS NULL AND copy_no = 1) AS accepted,
          count(*) FILTER (WHERE bad_field IS NULL AND copy_no > 1) AS duplicates,
          count(*) FILTER (WHERE bad_field IS NOT NULL) AS quarantined,
          (SELECT 'line ' || line_no || ': ' || bad_field || ': ' || bad_reason FROM checked_rows WHERE bad_field IS NOT NULL ORDER BY line_no LIMIT 1) AS first_problem
        FROM checked_rows`,
        )
      ).rows[0]!;
      const rejects = (
        await readAll(connection, 'SELECT line, csv_line, error_message FROM reject_errors ORDER BY line')
      ).rows;

      const outDir = path.join(dir, 'out');
      const columns = source.table.columns.map((c) => quoteIdent(c.name)).join(', ');
      if (Number(counts.accepted) > 0) {
        // One COPY per day: DuckDB cannot split partitioned writes by size, and large objects need parts.
        const days = (
          await readAll(
            connection,
            `SELECT DISTINCT ${PARTITION_COLUMN} AS dt FROM checked_rows WHERE bad_field IS NULL AND copy_no = 1 ORDER BY 1`,
          )
        ).rows;
        for (const { dt } of days) {
          const dayDir = path.join(outDir, `${PARTITION_COLUMN}=${dt}`);
          await mkdir(dayDir, { recursive: true });
          await connection.run(
            `COPY (SELECT ${columns} FROM checked_rows WHERE bad_field IS NULL AND copy_no = 1 AND ${PARTITION_COLUMN} = $1 ORDER BY line_no)
             TO ${sqlString(dayDir)} (FORMAT parquet, COMPRESSION zstd, FILENAME_PATTERN 'part_{i}', FILE_SIZE_BYTES ${sqlString(this.options.maxFileSize ?? '64MB')})`,
            [String(dt)],
          );
        }
      }
      const quarantineFile = path.join(dir, 'quarantine.ndjson');
      const quarantined = Number(counts.quarantined) + rejects.length;
      if (quarantined > 0) {
        await connection.run(
          `COPY (
             SELECT source_key AS "sourceKey", 'line ' || line_no AS position, bad_field AS field, bad_reason AS reason,
                    CASE WHEN length(line) > 10000 THEN left(line, 10000) || '…[truncated]' ELSE line END AS raw, line_no
             FROM checked_rows WHERE bad_field IS NOT NULL
             UNION ALL
             SELECT ${sqlString(sourceKey)}, 'line ' || line, '$', error_message, left(csv_line, 10000), line FROM reject_errors
             ORDER BY line_no
           ) TO ${sqlString(quarantineFile)} (FORMAT json)`,
        );
      }
      const parts = await this.collectParts(outDir);
      return {
        table: source.table.name,
        parts,
        accepted: Number(counts.accepted),
        duplicates: Number(counts.duplicates),
        quarantined,
        ...(counts.first_problem
          ? { firstProblem: String(counts.first_problem) }
          : rejects[0]
            ? { firstProblem: `line ${rejects[0].line}: $: ${rejects[0].error_message}` }
            : {}),
        quarantineNdjson: async () =>
          quarantined > 0 ? stripLineNo(await readFile(quarantineFile)) : undefined,
        dispose,
      };
    } catch (error) {
      await dispose();
      if (error instanceof DataHubError) throw error;
      throw new UnreadableInputError(
        sourceKey,
        `cannot be read: ${(error as Error).message.split('\n')[0]}`,
        error,
      );
    } finally {
      // Staged rows and DuckDB's reject tables belong to this object only.
      for (const table of ['checked_rows', source.stagedTable, 'reject_errors', 'reject_scans']) {
        await connection.run(`DROP TABLE IF EXISTS ${quoteIdent(table)}`).catch(() => undefined);
      }
    }
  }

  /** Catalog checks on top of the source's own: required columns present, timestamps in the sane window; then de-duplication. */
  private checkedTableSql(source: BulkSource): string {
    const required = source.table.columns.filter((c) => c.required);
    const timestamps = source.table.columns.filter((c) => c.type === 'timestamp');
    const fieldCases = [
      ...required.map((c) => `WHEN ${quoteIdent(c.name)} IS NULL THEN ${sqlString(c.name)}`),
      ...timestamps.flatMap((c) => [
        `WHEN ${quoteIdent(c.name)} < CAST($1 AS TIMESTAMP) THEN ${sqlString(c.name)}`,
        `WHEN ${quoteIdent(c.name)} > CAST($2 AS TIMESTAMP) THEN ${sqlString(c.name)}`,
      ]),
    ];
    const reasonCases = [
      ...required.map((c) => `WHEN ${quoteIdent(c.name)} IS NULL THEN 'required field is missing'`),
      ...timestamps.flatMap((c) => [
        `WHEN ${quoteIdent(c.name)} < CAST($1 AS TIMESTAMP) THEN 'timestamp ' || strftime(${quoteIdent(c.name)}, '%Y-%m-%dT%H:%M:%S.%gZ') || ' is before 2019-01-01'`,
        `WHEN ${quoteIdent(c.name)} > CAST($2 AS TIMESTAMP) THEN 'timestamp ' || strftime(${quoteIdent(c.name)}, '%Y-%m-%dT%H:%M:%S.%gZ') || ' is in the future'`,
      ]),
    ];
    const unique = source.table.uniqueKey.map(quoteIdent).join(', ');
    const partitionSource = quoteIdent(source.table.partitionSource);
    return `CREATE OR REPLACE TEMP TABLE checked_rows AS
      WITH checked AS (
        SELECT * REPLACE (
          coalesce(bad_field, CASE ${fieldCases.join(' ')} END) AS bad_field,
          coalesce(bad_reason, CASE ${reasonCases.join(' ')} END) AS bad_reason
        ) FROM ${quoteIdent(source.stagedTable)}
      )
      SELECT *, strftime(${partitionSource}, '%Y-%m-%d') AS ${PARTITION_COLUMN},
        CASE WHEN bad_field IS NULL THEN row_number() OVER (PARTITION BY bad_field IS NULL, ${unique} ORDER BY line_no) END AS copy_no
      FROM checked`;
  }

  private async collectParts(outDir: string): Promise<StagedPart[]> {
    const parts: StagedPart[] = [];
    const partitions = await readdir(outDir).catch(() => [] as string[]);
    for (const partition of partitions.sort()) {
      const dt = partition.replace(`${PARTITION_COLUMN}=`, '');
      const files = (await readdir(path.join(outDir, partition))).filter((f) => f.endsWith('.parquet'));
      for (const file of files.sort((a, b) => partNumber(a) - partNumber(b))) {
        const full = path.join(outDir, partition, file);
        parts.push({ dt, part: partNumber(file), read: () => readFile(full) });
      }
    }
    return parts;
  }

  async close(): Promise<void> {
    const connection = await this.connection;
    connection?.closeSync();
    this.connection = undefined;
  }
}

const partNumber = (file: string) => Number(/part_(\d+)/.exec(file)?.[1] ?? 0);

/** `line_no` only orders the quarantine file; it is not part of the record. */
function stripLineNo(ndjson: Buffer): Uint8Array {
  const lines = ndjson
    .toString('utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => {
      const { line_no: _omit, ...record } = JSON.parse(l) as Record<string, unknown>;
      return JSON.stringify(record);
    });
  return Buffer.from(`${lines.join('\n')}\n`);
}

/** The Segment source: `events/` objects through `queries/ingest/segment_events.duckdb.sql`. */
export const segmentBulkSource = (statement: QueryDef): BulkSource => ({
  prefix: 'events/',
  statement,
  table: uiEvents,
  stagedTable: 'staged_segment',
});
