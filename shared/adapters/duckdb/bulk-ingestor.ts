import { createReadStream, createWriteStream, ReadStream } from 'node:fs';
import { mkdir, mkdtemp, open as openFile, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createZstdDecompress } from 'node:zlib';
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { bindParams, type QueryDef } from '../../analytics/query-catalog.ts';
import { quoteIdent } from '../../catalog/engines.ts';
import { uiEvents } from '../../catalog/tables.ts';
import { PARTITION_COLUMN, type TableDef } from '../../catalog/types.ts';
import { EARLIEST_VALID_TIME, FUTURE_TOLERANCE_MS } from '../../catalog/validate.ts';
import { DataHubError, ServiceError, UnreadableInputError } from '../../errors/index.ts';
import type { BulkIngestor, BulkOutcome, StagedPart } from '../../ports/bulk-ingestor.ts';
import { openDuckDB, readAll } from './database.ts';

/**
 * A source family the bulk path handles: its key prefix, its table, and three statements from
 * `queries/ingest/`: a fast reader and a careful line-by-line reader of the staged object (each
 * defines the view `view`), and the mapping from that view to the table's rows with per-record
 * `bad_field` / `bad_reason`.
 */
export interface BulkSource {
  readonly prefix: string;
  readonly table: TableDef;
  readonly view: string;
  readonly fastReader: QueryDef;
  readonly carefulReader: QueryDef;
  readonly mapping: QueryDef;
}

export interface DuckDBBulkIngestorOptions {
  readonly sources: readonly BulkSource[];
  /** DuckDB's memory cap; it spills to the temp directory beyond it. @default '256MB' */
  readonly memoryLimit?: string;
  /** Parquet files are cut near this size, so each can be uploaded from memory. @default '32MB' */
  readonly maxPartSize?: string;
  /** Rows per Parquet row group, the unit files are cut at; fewer rows, less writer memory. @default 61440 */
  readonly rowGroupSize?: number;
  readonly now?: () => number;
}

type Compression = 'uncompressed' | 'gzip' | 'zstd';

const sqlString = (value: string) => `'${value.replaceAll("'", "''")}'`;
/** DuckDB objects that hold one object's rows; dropped after each object. */
const SCRATCH_TABLES = ['duplicate_rows', 'reject_errors', 'reject_scans'];
const SCRATCH_VIEWS = ['staged_rows'];
/**
 * The careful path's staging file keeps small row groups: the line reader's window and the JSON
 * parser already hold memory while the Parquet writer buffers a row group.
 */
const STAGING_ROW_GROUP = 20_000;

/**
 * Bulk ingest in DuckDB, in one thread and bounded memory whatever the object's size.
 *
 * The object is staged to a temp file as it arrived (compressed or not). The fast path reads it with
 * DuckDB's NDJSON reader and writes the table's Parquet in one streaming pass, failing at the first
 * record that is not good; a clean object of one day with no repeated records is then done. Otherwise
 * the rows (fast path) or every line with its verdict (careful path, taken when the fast one failed)
 * are staged as Parquet and split from there: bad records to quarantine, later copies of a record
 * dropped, one directory of parts per `dt` day.
 *
 * DuckDB's gzip/zstd readers stop quietly at a truncated stream, so Node's zlib reads the same bytes
 * alongside on its own thread pool and a damaged object is rejected whole.
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
    // One connection, one object at a time.
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
    const run = new ObjectRun(connection, source, sourceKey, dir, {
      maxPartSize: this.options.maxPartSize ?? '32MB',
      rowGroupSize: this.options.rowGroupSize ?? 61_440,
      now: (this.options.now ?? Date.now)(),
    });
    try {
      const outcome = await run.ingest(open);
      return { ...outcome, dispose };
    } catch (error) {
      await dispose();
      throw classify(sourceKey, error);
    } finally {
      await run.dropScratch();
    }
  }

  async close(): Promise<void> {
    const connection = await this.connection;
    connection?.closeSync();
    this.connection = undefined;
  }
}

/** One object's trip through DuckDB; every statement it runs is about this object only. */
class ObjectRun {
  private input: string;
  private readonly columns: string;
  private readonly unique: string;
  private readonly partitionSource: string;
  private readonly connection: DuckDBConnection;
  private readonly source: BulkSource;
  private readonly sourceKey: string;
  private readonly dir: string;
  private readonly settings: { maxPartSize: string; rowGroupSize: number; now: number };

  constructor(
    connection: DuckDBConnection,
    source: BulkSource,
    sourceKey: string,
    dir: string,
    settings: { maxPartSize: string; rowGroupSize: number; now: number },
  ) {
    this.connection = connection;
    this.source = source;
    this.sourceKey = sourceKey;
    this.dir = dir;
    this.settings = settings;
    this.input = path.join(dir, 'input');
    this.columns = source.table.columns.map((c) => quoteIdent(c.name)).join(', ');
    this.unique = source.table.uniqueKey.map(quoteIdent).join(', ');
    this.partitionSource = quoteIdent(source.table.partitionSource);
  }

  async ingest(open: () => Promise<AsyncIterable<Uint8Array>>): Promise<Omit<BulkOutcome, 'dispose'>> {
    const body = await open();
    const inPlace = localFileOf(body);
    if (inPlace) this.input = inPlace;
    else
      await pipeline(body, createWriteStream(this.input)).catch((error: unknown) => {
        if (error instanceof DataHubError) throw error;
        // The object could not be fetched or staged: worth another try, not a verdict on the data.
        throw new ServiceError('object store', `staging ${this.sourceKey}: ${firstLine(error)}`, {
          retryable: true,
          cause: error,
        });
      });
    const compression = await sniffCompression(this.input);
    const damage = verifyDecompresses(this.input, compression);
    await this.connection.run('SET VARIABLE ingest_file = ?', [this.input]);
    await this.connection.run('SET VARIABLE ingest_compression = ?', [compression]);
    const fastDir = path.join(this.dir, 'fast');
    // A record the fast path cannot take sends the object down the careful path; running out of
    // memory or disk would only happen again there.
    let fastFailure: DataHubError | undefined;
    const fast = await this.writeFast(fastDir).then(
      () => true,
      (error: unknown) => {
        const failure = classify(this.sourceKey, error);
        if (failure instanceof ServiceError) fastFailure = failure;
        return false;
      },
    );
    const damaged = await damage;
    if (damaged) throw new UnreadableInputError(this.sourceKey, `cannot be read: ${damaged.message}`);
    if (fastFailure) throw fastFailure;

    if (fast) {
      const summary = await this.summarise(path.join(fastDir, '*.parquet'));
      if (summary.rows === 0) return this.outcome([], 0, 0, 0);
      if (summary.distinct === summary.rows && summary.firstDay === summary.lastDay) {
        const parts = await partsIn(fastDir, summary.firstDay);
        return this.outcome(parts, summary.rows, 0, 0);
      }
      // Several days, or a record sent twice: split the rows already written.
      await this.connection.run(
        `CREATE OR REPLACE TEMP VIEW staged_rows AS
           SELECT * EXCLUDE (filename, file_row_number),
             CAST(regexp_extract(filename, 'part_(\\d+)\\.parquet$', 1) AS BIGINT) * 1099511627776 + file_row_number AS ord,
             CAST(NULL AS VARCHAR) AS bad_field, CAST(NULL AS VARCHAR) AS bad_reason, CAST(NULL AS VARCHAR) AS line
           FROM read_parquet(${sqlString(path.join(fastDir, '*.parquet'))}, filename = true, file_row_number = true)`,
      );
      return this.split();
    }
    await this.stageCareful();
    return this.split();
  }

  /** Parquet options of the lake's files: zstd, cut into parts near the configured size. */
  private partOptions(): string {
    const rows = Math.trunc(this.settings.rowGroupSize);
    return `FILE_SIZE_BYTES ${sqlString(this.settings.maxPartSize)}, ROW_GROUP_SIZE ${rows}`;
  }

  /** Rows of a clean object straight to Parquet; throws at the first record that is not good. */
  private async writeFast(outDir: string): Promise<void> {
    await this.defineView(this.source.fastReader);
    const { sql, params } = this.checkedSelect();
    await this.connection.run(
      `COPY (
         SELECT ${this.columns} FROM (${sql})
         WHERE CASE WHEN bad_field IS NULL THEN true ELSE error('bad record: ' || bad_field || ': ' || bad_reason) END
       ) TO ${sqlString(outDir)} (FORMAT parquet, COMPRESSION zstd, ${this.partOptions()}, FILENAME_PATTERN 'part_{i}')`,
      params,
    );
  }

  /** Every line with its verdict, staged as Parquet (the raw line is kept for bad ones only). */
  private async stageCareful(): Promise<void> {
    await this.defineView(this.source.carefulReader);
    const { sql, params } = this.checkedSelect();
    const staged = path.join(this.dir, 'staged.parquet');
    try {
      await this.connection.run(
        `COPY (
           SELECT ${this.columns}, line_no AS ord, bad_field, bad_reason,
             CASE WHEN bad_field IS NOT NULL THEN line END AS line
           FROM (${sql})
         ) TO ${sqlString(staged)} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE ${STAGING_ROW_GROUP})`,
        params,
      );
    } catch (error) {
      throw classify(this.sourceKey, error);
    }
    await this.connection.run(
      `CREATE OR REPLACE TEMP VIEW staged_rows AS SELECT * FROM read_parquet(${sqlString(staged)})`,
    );
  }

  /** Splits `staged_rows`: quarantine, duplicates, then each day's parts. */
  private async split(): Promise<Omit<BulkOutcome, 'dispose'>> {
    // A grouped count spills to disk within the memory limit; only keys seen twice are joined back.
    const same = this.source.table.uniqueKey
      .map((c) => `s.${quoteIdent(c)} IS NOT DISTINCT FROM r.${quoteIdent(c)}`)
      .join(' AND ');
    await this.connection.run(
      `CREATE OR REPLACE TEMP TABLE duplicate_rows AS
         WITH repeated AS (
           SELECT ${this.unique}, min(ord) AS first_ord FROM staged_rows WHERE bad_field IS NULL
           GROUP BY ${this.unique} HAVING count(*) > 1
         )
         SELECT s.ord FROM staged_rows s JOIN repeated r ON ${same}
         WHERE s.bad_field IS NULL AND s.ord <> r.first_ord`,
    );
    const counts = (
      await readAll(
        this.connection,
        `SELECT
           count(*) FILTER (WHERE bad_field IS NULL) AS good,
           (SELECT count(*) FROM duplicate_rows) AS duplicates,
           count(*) FILTER (WHERE bad_field IS NOT NULL) AS bad,
           arg_min('line ' || ord || ': ' || bad_field || ': ' || bad_reason, ord) FILTER (WHERE bad_field IS NOT NULL) AS first_bad
         FROM staged_rows`,
      )
    ).rows[0]!;
    const rejects = await this.rejectedLines();

    const kept = `bad_field IS NULL AND ord NOT IN (SELECT ord FROM duplicate_rows)`;
    const days = (
      await readAll(
        this.connection,
        `SELECT DISTINCT strftime(${this.partitionSource}, '%Y-%m-%d') AS dt FROM staged_rows WHERE ${kept} ORDER BY dt`,
      )
    ).rows.map((r) => String(r.dt));
    const parts: StagedPart[] = [];
    for (const dt of days) {
      const dayDir = path.join(this.dir, 'out', `${PARTITION_COLUMN}=${dt}`);
      await mkdir(path.dirname(dayDir), { recursive: true });
      await this.connection.run(
        `COPY (
           SELECT ${this.columns} FROM staged_rows
           WHERE ${kept} AND ${this.partitionSource} >= CAST(? AS DATE) AND ${this.partitionSource} < CAST(? AS DATE) + INTERVAL 1 DAY
         ) TO ${sqlString(dayDir)} (FORMAT parquet, COMPRESSION zstd, ${this.partOptions()}, FILENAME_PATTERN 'part_{i}')`,
        [dt, dt],
      );
      parts.push(...(await partsIn(dayDir, dt)));
    }

    const quarantined = Number(counts.bad) + rejects;
    const quarantineFile = path.join(this.dir, 'quarantine.ndjson');
    if (quarantined > 0) await this.writeQuarantine(quarantineFile, rejects > 0);
    const good = Number(counts.good);
    const duplicates = Number(counts.duplicates);
    const firstProblem =
      counts.first_bad !== null
        ? String(counts.first_bad)
        : rejects > 0
          ? await this.firstReject()
          : undefined;
    return this.outcome(parts, good - duplicates, duplicates, quarantined, firstProblem, quarantineFile);
  }

  private async writeQuarantine(file: string, withRejects: boolean): Promise<void> {
    const rejected = withRejects
      ? `UNION ALL SELECT ${sqlString(this.sourceKey)}, 'line ' || line, '$', error_message, left(csv_line, 10000), line FROM reject_errors`
      : '';
    await this.connection.run(
      `COPY (
         SELECT "sourceKey", position, field, reason, raw FROM (
           SELECT source_key AS "sourceKey", 'line ' || ord AS position, bad_field AS field, bad_reason AS reason,
                  CASE WHEN length(line) > 10000 THEN left(line, 10000) || '…[truncated]' ELSE line END AS raw, ord
           FROM staged_rows WHERE bad_field IS NOT NULL
           ${rejected}
         ) ORDER BY ord
       ) TO ${sqlString(file)} (FORMAT json)`,
    );
  }

  /** Lines DuckDB's reader itself rejected (e.g. not UTF-8) on the careful path. */
  private async rejectedLines(): Promise<number> {
    const exists = await readAll(
      this.connection,
      `SELECT count(*) AS n FROM duckdb_tables() WHERE table_name = 'reject_errors'`,
    );
    if (Number(exists.rows[0]!.n) === 0) return 0;
    return Number((await readAll(this.connection, 'SELECT count(*) AS n FROM reject_errors')).rows[0]!.n);
  }

  private async firstReject(): Promise<string> {
    const row = (
      await readAll(this.connection, 'SELECT line, error_message FROM reject_errors ORDER BY line LIMIT 1')
    ).rows[0]!;
    return `line ${row.line}: $: ${row.error_message}`;
  }

  /** Row count, distinct records and first/last day of the fast path's Parquet. */
  private async summarise(glob: string) {
    const row = (
      await readAll(
        this.connection,
        `SELECT count(*) AS n, count(DISTINCT hash(${this.unique})) AS n_distinct,
           strftime(min(${this.partitionSource}), '%Y-%m-%d') AS first_day,
           strftime(max(${this.partitionSource}), '%Y-%m-%d') AS last_day
         FROM read_parquet(${sqlString(glob)})`,
      )
    ).rows[0]!;
    return {
      rows: Number(row.n),
      distinct: Number(row.n_distinct),
      firstDay: String(row.first_day),
      lastDay: String(row.last_day),
    };
  }

  private async defineView(reader: QueryDef): Promise<void> {
    // The readers take the staged file from session variables (set per object), so the view itself
    // holds no value that came from outside.
    await this.connection.run(`CREATE OR REPLACE TEMP VIEW ${quoteIdent(this.source.view)} AS ${reader.sql}`);
  }

  /**
   * The source's mapping wrapped with the catalog's checks (required columns present, timestamps in
   * the sane window); `bad_field` / `bad_reason` name the first problem of each record.
   */
  private checkedSelect(): { sql: string; params: DuckDBValue[] } {
    const { table, mapping } = this.source;
    const required = table.columns.filter((c) => c.required);
    const timestamps = table.columns.filter((c) => c.type === 'timestamp');
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
    // Placeholders in text order: the mapping's own, then the two bounds.
    const params = [
      ...bindParams(mapping, { source_key: this.sourceKey }).map((p) => p.value),
      new Date(EARLIEST_VALID_TIME).toISOString(),
      new Date(this.settings.now + FUTURE_TOLERANCE_MS).toISOString(),
    ];
    const sql = `WITH mapped AS (${mapping.sql}),
      bounds AS (SELECT CAST(? AS TIMESTAMP) AS earliest, CAST(? AS TIMESTAMP) AS latest)
      SELECT ${this.columns}, line_no, line,
        coalesce(bad_field, ${fieldCase}) AS bad_field,
        coalesce(bad_reason, ${reasonCase}) AS bad_reason
      FROM mapped CROSS JOIN bounds`;
    return { sql, params };
  }

  private outcome(
    parts: StagedPart[],
    accepted: number,
    duplicates: number,
    quarantined: number,
    firstProblem?: string,
    quarantineFile?: string,
  ): Omit<BulkOutcome, 'dispose'> {
    return {
      table: this.source.table.name,
      parts,
      accepted,
      duplicates,
      quarantined,
      ...(firstProblem ? { firstProblem } : {}),
      quarantineNdjson: async () =>
        quarantined > 0 && quarantineFile ? new Uint8Array(await readFile(quarantineFile)) : undefined,
    };
  }

  async dropScratch(): Promise<void> {
    for (const view of [...SCRATCH_VIEWS, this.source.view])
      await this.connection.run(`DROP VIEW IF EXISTS ${quoteIdent(view)}`).catch(() => undefined);
    for (const table of SCRATCH_TABLES)
      await this.connection.run(`DROP TABLE IF EXISTS ${quoteIdent(table)}`).catch(() => undefined);
  }
}

const firstLine = (error: unknown): string => String((error as Error)?.message ?? error).split('\n')[0] ?? '';

/**
 * What DuckDB's failure says about the object: running out of memory or disk is this machine's
 * problem (retryable, and never a reason to quarantine good data); anything else is the object's.
 */
function classify(sourceKey: string, error: unknown): DataHubError {
  if (error instanceof DataHubError) return error;
  const message = firstLine(error);
  if (/Out of Memory Error|No space left on device|Could not allocate/i.test(message))
    return new ServiceError('duckdb', `ingesting ${sourceKey}: ${message}`, {
      retryable: true,
      cause: error,
    });
  return new UnreadableInputError(sourceKey, `cannot be read: ${message}`, error);
}

/** The Parquet files DuckDB wrote in `dir`, in the order it wrote them. */
async function partsIn(dir: string, dt: string): Promise<StagedPart[]> {
  const files = (await readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith('.parquet'));
  return files
    .map((file) => ({ file, part: Number(/part_(\d+)/.exec(file)?.[1] ?? 0) }))
    .sort((a, b) => a.part - b.part)
    .map(({ file, part }) => ({ dt, part, read: () => readFile(path.join(dir, file)) }));
}

/**
 * The file behind a stream the local object store opened: DuckDB reads it in place instead of a
 * copy (a copy of a large object costs more CPU than parsing it). Other streams are staged.
 */
function localFileOf(body: AsyncIterable<Uint8Array>): string | undefined {
  if (!(body instanceof ReadStream) || typeof body.path !== 'string') return undefined;
  body.destroy();
  return body.path;
}

/** gzip and zstd by their magic bytes, whatever the key's extension says. */
async function sniffCompression(file: string): Promise<Compression> {
  const handle = await openFile(file, 'r');
  try {
    const head = Buffer.alloc(4);
    const { bytesRead } = await handle.read(head, 0, 4, 0);
    if (bytesRead >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
    if (bytesRead === 4 && head.readUInt32LE(0) === 0xfd2fb528) return 'zstd';
    return 'uncompressed';
  } finally {
    await handle.close();
  }
}

/** Resolves with the reason a compressed file does not decompress to its end, or undefined. */
async function verifyDecompresses(file: string, compression: Compression): Promise<Error | undefined> {
  if (compression === 'uncompressed') return undefined;
  const discard = new Writable({ write: (_chunk, _encoding, callback) => callback() });
  // Large chunks: the check costs about as much CPU as DuckDB's own decompression, not more.
  const chunkSize = 1 << 18;
  const inflate = compression === 'gzip' ? createGunzip({ chunkSize }) : createZstdDecompress({ chunkSize });
  return pipeline(createReadStream(file, { highWaterMark: 1 << 20 }), inflate, discard).then(
    () => undefined,
    (error: Error) => error,
  );
}

/** The Segment source: `events/` objects through `queries/ingest/segment_*.duckdb.sql`. */
export const segmentBulkSource = (statements: { get(name: string): QueryDef }): BulkSource => ({
  prefix: 'events/',
  table: uiEvents,
  view: 'segment_parsed',
  fastReader: statements.get('segment_parse_records'),
  carefulReader: statements.get('segment_parse_lines'),
  mapping: statements.get('ingest_segment_events'),
});
