import { createWriteStream } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
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
}

export interface DuckDBBulkIngestorOptions {
  readonly sources: readonly BulkSource[];
  /** DuckDB's memory cap; it spills to the temp directory beyond it. @default '256MB' */
  readonly memoryLimit?: string;
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
      const now = (this.options.now ?? Date.now)();
      const params = [
        ...bindParams(source.statement, { file: input, compression: 'none', source_key: sourceKey }).map(
          (p) => p.value,
        ),
        new Date(EARLIEST_VALID_TIME).toISOString(),
        new Date(now + FUTURE_TOLERANCE_MS).toISOString(),
      ];
      try {
        await connection.run(this.checkedTableSql(source), params);
      } catch (error) {
        throw new UnreadableInputError(
          sourceKey,
          `cannot be read: ${(error as Error).message.split('\n')[0]}`,
          error,
        );
      }

      const unique = source.table.uniqueKey.map(quoteIdent).join(', ');
      const counts = (
        await readAll(
          connection,
          `SELECT
             count(DISTINCT row(${unique})) FILTER (WHERE bad_field IS NULL) AS accepted,
             count(*) FILTER (WHERE bad_field IS NULL) AS good,
             count(*) FILTER (WHERE bad_field IS NOT NULL) AS quarantined,
             min(line_no) FILTER (WHERE bad_field IS NOT NULL) AS first_bad
           FROM checked_rows`,
        )
      ).rows[0]!;
      const firstBad =
        counts.first_bad === null
          ? undefined
          : (
              await readAll(
                connection,
                `SELECT 'line ' || line_no || ': ' || bad_field || ': ' || bad_reason AS problem FROM checked_rows WHERE line_no = ?`,
                [counts.first_bad],
              )
            ).rows[0]?.problem;
      const rejects = (
        await readAll(connection, 'SELECT line, csv_line, error_message FROM reject_errors ORDER BY line')
      ).rows;

      const outDir = path.join(dir, 'out');
      const columns = source.table.columns.map((c) => quoteIdent(c.name)).join(', ');
      if (Number(counts.accepted) > 0) {
        // Later copies of a record (same unique key) are dropped: find them on two slim columns,
        // then write the rest in file order (one thread keeps insertion order), one directory per day.
        await connection.run(
          `CREATE OR REPLACE TEMP TABLE duplicate_lines AS
             SELECT line_no FROM (
               SELECT line_no, row_number() OVER (PARTITION BY ${unique} ORDER BY line_no) AS copy_no
               FROM checked_rows WHERE bad_field IS NULL
             ) WHERE copy_no > 1`,
        );
        await connection.run(
          `COPY (
             SELECT ${columns}, ${PARTITION_COLUMN} FROM checked_rows
             WHERE bad_field IS NULL AND line_no NOT IN (SELECT line_no FROM duplicate_lines)
           ) TO ${sqlString(outDir)} (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (${PARTITION_COLUMN}), FILENAME_PATTERN 'part_{i}')`,
        );
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
        duplicates: Number(counts.good) - Number(counts.accepted),
        quarantined,
        ...(firstBad
          ? { firstProblem: String(firstBad) }
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
      for (const table of ['checked_rows', 'duplicate_lines', 'reject_errors', 'reject_scans']) {
        await connection.run(`DROP TABLE IF EXISTS ${quoteIdent(table)}`).catch(() => undefined);
      }
    }
  }

  /**
   * Wraps the source's SELECT with the catalog's checks (required columns present, timestamps in the
   * sane window), the `dt` partition and a duplicate marker, and materialises the result once. The
   * raw line is kept only for bad rows (they go to quarantine); good rows keep just their columns.
   */
  private checkedTableSql(source: BulkSource): string {
    const required = source.table.columns.filter((c) => c.required);
    const timestamps = source.table.columns.filter((c) => c.type === 'timestamp');
    const iso = (c: string) => `strftime(${quoteIdent(c)}, '%Y-%m-%dT%H:%M:%S.%gZ')`;
    const checks: [string, string, string][] = [
      ...required.map((c): [string, string, string] => [
        `${quoteIdent(c.name)} IS NULL`,
        c.name,
        `'required field is missing'`,
      ]),
      ...timestamps.flatMap((c): [string, string, string][] => [
        [
          `${quoteIdent(c.name)} < bounds.earliest`,
          c.name,
          `'timestamp ' || ${iso(c.name)} || ' is before 2019-01-01'`,
        ],
        [
          `${quoteIdent(c.name)} > bounds.latest`,
          c.name,
          `'timestamp ' || ${iso(c.name)} || ' is in the future'`,
        ],
      ]),
    ];
    const fieldCase = `CASE ${checks.map(([when, field]) => `WHEN ${when} THEN ${sqlString(field)}`).join(' ')} END`;
    const reasonCase = `CASE ${checks.map(([when, , reason]) => `WHEN ${when} THEN ${reason}`).join(' ')} END`;
    const columns = source.table.columns.map((c) => quoteIdent(c.name)).join(', ');
    const partitionSource = quoteIdent(source.table.partitionSource);
    // Placeholders in text order: the source statement's own, then the two bounds.
    return `CREATE OR REPLACE TEMP TABLE checked_rows AS
      WITH staged AS (${source.statement.sql}),
      bounds AS (SELECT CAST(? AS TIMESTAMP) AS earliest, CAST(? AS TIMESTAMP) AS latest),
      checked AS (
        SELECT ${columns}, line_no, line,
          coalesce(bad_field, ${fieldCase}) AS bad_field,
          coalesce(bad_reason, ${reasonCase}) AS bad_reason
        FROM staged CROSS JOIN bounds
      )
      SELECT ${columns}, line_no, bad_field, bad_reason,
        CASE WHEN bad_field IS NOT NULL THEN line END AS line,
        strftime(${partitionSource}, '%Y-%m-%d') AS ${PARTITION_COLUMN}
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
});
