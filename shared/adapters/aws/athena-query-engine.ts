import { createHash } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import {
  type AthenaClient,
  type ColumnInfo,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  type GetQueryResultsCommandOutput,
  type QueryExecution,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import {
  ConfigError,
  DataHubError,
  QueryDefinitionError,
  QueryFailedError,
  QueryTimeoutError,
  ServiceError,
} from '../../errors/index.ts';
import type {
  BoundParam,
  QueryEngine,
  QueryRequest,
  QueryResult,
  QueryRow,
  QueryValue,
} from '../../ports/query-engine.ts';

export interface AthenaQueryEngineOptions {
  readonly client: AthenaClient;
  readonly workgroup: string;
  readonly database: string;
  /** `s3://…` for results; only needed when the workgroup does not enforce its own location. */
  readonly outputLocation?: string;
  /**
   * Athena returns the stored result of an identical query younger than this instead of scanning
   * again (0 turns result reuse off). Also the window in which a retried run re-attaches to the same
   * execution through its ClientRequestToken.
   * @default 60
   */
  readonly resultReuseMaxAgeMinutes?: number;
  /** The Lambda context's `getRemainingTimeInMillis`; without it only Athena's own timeout applies. */
  readonly remainingTimeMillis?: () => number;
  /** Time kept back from `remainingTimeMillis` to stop the query and report. @default 15000 */
  readonly safetyMarginMillis?: number;
  /** First polling interval ceiling; it doubles up to `pollMaxMillis` (full jitter below it). @default 250 */
  readonly pollInitialMillis?: number;
  /** @default 5000 */
  readonly pollMaxMillis?: number;
  /** Extra attempts after throttling the SDK's own retries did not absorb. @default 6 */
  readonly maxThrottleRetries?: number;
  /** Injectable for tests; defaults to a real timer. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Injectable for tests; defaults to `Math.random`. */
  readonly random?: () => number;
  /** Injectable clock for tests (epoch millis). @default Date.now */
  readonly now?: () => number;
}

/** Athena accepts MaxResults up to 1,000 rows per GetQueryResults page. */
const PAGE_SIZE = 1000;
/** ResultReuseByAgeConfiguration.MaxAgeInMinutes: 0–10080 (7 days). */
const MAX_REUSE_MINUTES = 10_080;
const THROTTLE_BASE_MILLIS = 1_000;
const THROTTLE_CAP_MILLIS = 20_000;
/** A FAILED/CANCELLED execution submitted this long before our start call is a leftover, not ours. */
const STALE_SKEW_MILLIS = 5_000;
const MAX_TOKEN_HOPS = 5;

/**
 * AWS adapter of the query engine: StartQueryExecution with typed execution parameters and an
 * idempotency token, polling with exponential backoff and full jitter inside the Lambda's time
 * budget, and paginated results typed by the column metadata into the shapes DuckDB returns.
 *
 * @example
 * const engine = new AthenaQueryEngine({ client, workgroup: 'datahub', database: 'datahub',
 *   remainingTimeMillis: () => context.getRemainingTimeInMillis() });
 */
export class AthenaQueryEngine implements QueryEngine {
  private readonly options: AthenaQueryEngineOptions;
  private readonly reuseMinutes: number;
  private readonly margin: number;
  private readonly pollInitial: number;
  private readonly pollMax: number;
  private readonly maxThrottleRetries: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly now: () => number;

  constructor(options: AthenaQueryEngineOptions) {
    const reuse = options.resultReuseMaxAgeMinutes ?? 60;
    const pollInitial = options.pollInitialMillis ?? 250;
    const pollMax = options.pollMaxMillis ?? 5_000;
    if (!options.workgroup) throw new ConfigError('AthenaQueryEngine: workgroup is required');
    if (!options.database) throw new ConfigError('AthenaQueryEngine: database is required');
    if (options.outputLocation !== undefined && !options.outputLocation.startsWith('s3://'))
      throw new ConfigError(
        `AthenaQueryEngine: outputLocation must be an s3:// URI, got ${options.outputLocation}`,
      );
    if (!Number.isInteger(reuse) || reuse < 0 || reuse > MAX_REUSE_MINUTES)
      throw new ConfigError(`AthenaQueryEngine: resultReuseMaxAgeMinutes must be 0–${MAX_REUSE_MINUTES}`);
    if (!(pollInitial > 0 && pollMax >= pollInitial))
      throw new ConfigError('AthenaQueryEngine: need 0 < pollInitialMillis <= pollMaxMillis');
    this.options = options;
    this.reuseMinutes = reuse;
    this.margin = options.safetyMarginMillis ?? 15_000;
    this.pollInitial = pollInitial;
    this.pollMax = pollMax;
    this.maxThrottleRetries = options.maxThrottleRetries ?? 6;
    this.sleep = options.sleep ?? ((ms) => delay(ms));
    this.random = options.random ?? Math.random;
    this.now = options.now ?? Date.now;
  }

  async run(request: QueryRequest): Promise<QueryResult> {
    const parameters = request.params.map(athenaLiteral);
    const run: RunContext = { name: request.name, startedAt: this.now() };
    // Do not start what there is no time to wait for.
    await this.checkBudget(run, 0);

    const { workgroup, database, outputLocation } = this.options;
    let token = clientRequestToken({
      workgroup,
      database,
      outputLocation,
      sql: request.sql,
      executionParameters: parameters,
      resultReuseMaxAgeMinutes: this.reuseMinutes,
      // One token per reuse window: a retried Lambda re-attaches to the running (or finished)
      // execution instead of starting a second one, and a later run gets a fresh one.
      window: Math.floor(run.startedAt / (Math.max(1, this.reuseMinutes) * 60_000)),
    });
    let execution: QueryExecution | undefined;
    for (let hop = 0; ; hop++) {
      run.executionId = await this.start(run, request.sql, parameters, token);
      execution = await this.getExecution(run);
      // The token led to an execution an earlier attempt left FAILED or CANCELLED (e.g. stopped when
      // its Lambda ran out of time): chain to a new token, deterministically, so retries converge.
      if (hop < MAX_TOKEN_HOPS && isStaleFailure(execution, run.startedAt)) {
        token = sha256Hex(`${token}:${run.executionId}`);
        continue;
      }
      break;
    }
    execution = await this.waitFor(run, execution);
    const executionId = run.executionId;
    const status = execution.Status;
    if (status?.State === 'FAILED') {
      const error = status.AthenaError;
      // Category 1 is a system error; Athena also says outright when a resubmission may succeed.
      const retryable = error?.Retryable === true || error?.ErrorCategory === 1;
      const reason = error?.ErrorMessage ?? status.StateChangeReason ?? 'no reason given';
      const type = error?.ErrorType !== undefined ? `, error type ${error.ErrorType}` : '';
      throw new QueryFailedError(request.name, `${reason} (execution ${executionId}${type})`, { retryable });
    }
    if (status?.State === 'CANCELLED') {
      // Cancelled by a person, or by the workgroup's bytes-scanned cutoff: running it again changes nothing.
      const reason = status.StateChangeReason ?? 'no reason given';
      throw new QueryFailedError(request.name, `cancelled: ${reason} (execution ${executionId})`, {
        retryable: false,
      });
    }

    const { columns, rows } = await this.readResults(run, (execution.StatementType ?? 'DML') === 'DML');
    const statistics = execution.Statistics;
    return {
      columns,
      rows,
      stats: {
        bytesScanned: statistics?.DataScannedInBytes ?? null,
        engineMillis: statistics?.EngineExecutionTimeInMillis ?? 0,
        executionId,
        reusedResult: statistics?.ResultReuseInformation?.ReusedPreviousResult ?? false,
      },
    };
  }

  async close(): Promise<void> {}

  private async start(run: RunContext, sql: string, parameters: string[], token: string): Promise<string> {
    const { client, workgroup, database, outputLocation } = this.options;
    const response = await this.call(run, 'StartQueryExecution', () =>
      client.send(
        new StartQueryExecutionCommand({
          QueryString: sql,
          QueryExecutionContext: { Database: database },
          WorkGroup: workgroup,
          ...(outputLocation ? { ResultConfiguration: { OutputLocation: outputLocation } } : {}),
          ...(parameters.length > 0 ? { ExecutionParameters: parameters } : {}),
          // Same token, same request: retrying the start (throttled, or a retried Lambda) is safe.
          ClientRequestToken: token,
          ResultReuseConfiguration: {
            ResultReuseByAgeConfiguration: {
              Enabled: this.reuseMinutes > 0,
              MaxAgeInMinutes: this.reuseMinutes,
            },
          },
        }),
      ),
    );
    if (!response.QueryExecutionId)
      throw new ServiceError('Athena', `StartQueryExecution for ${run.name} returned no QueryExecutionId`, {
        retryable: true,
      });
    return response.QueryExecutionId;
  }

  private async getExecution(run: RunContext): Promise<QueryExecution> {
    const response = await this.call(run, 'GetQueryExecution', () =>
      this.options.client.send(new GetQueryExecutionCommand({ QueryExecutionId: run.executionId })),
    );
    return response.QueryExecution ?? {};
  }

  /** Polls until the execution leaves QUEUED/RUNNING, sleeping random(0, min(max, initial·2^n)). */
  private async waitFor(run: RunContext, first: QueryExecution): Promise<QueryExecution> {
    let execution = first;
    for (let attempt = 0; isPending(execution); attempt++) {
      const pause = this.random() * Math.min(this.pollMax, this.pollInitial * 2 ** attempt);
      await this.checkBudget(run, pause);
      await this.sleep(pause);
      execution = await this.getExecution(run);
    }
    return execution;
  }

  private async readResults(
    run: RunContext,
    hasHeaderRow: boolean,
  ): Promise<Pick<QueryResult, 'columns' | 'rows'>> {
    const rows: QueryRow[] = [];
    let columns: ColumnInfo[] | undefined;
    let token: string | undefined;
    let firstPage = true;
    do {
      const nextToken = token;
      const page: GetQueryResultsCommandOutput = await this.call(run, 'GetQueryResults', () =>
        this.options.client.send(
          new GetQueryResultsCommand({
            QueryExecutionId: run.executionId,
            MaxResults: PAGE_SIZE,
            ...(nextToken ? { NextToken: nextToken } : {}),
          }),
        ),
      );
      columns ??= page.ResultSet?.ResultSetMetadata?.ColumnInfo ?? [];
      const pageRows = page.ResultSet?.Rows ?? [];
      // For a SELECT the first row of the first page repeats the column names; later pages have none.
      for (const row of firstPage && hasHeaderRow ? pageRows.slice(1) : pageRows) {
        const out: QueryRow = {};
        columns.forEach((column, i) => {
          out[column.Name ?? `_col${i}`] = athenaValue(row.Data?.[i]?.VarCharValue, column.Type ?? 'varchar');
        });
        rows.push(out);
      }
      firstPage = false;
      token = page.NextToken;
    } while (token);
    return {
      columns: (columns ?? []).map((c, i) => ({ name: c.Name ?? `_col${i}`, type: c.Type ?? 'varchar' })),
      rows,
    };
  }

  /**
   * One API call with bounded retries on throttling (the SDK has already retried a few times within
   * milliseconds; Athena's per-account start/poll rates need seconds). Anything else is mapped once.
   */
  private async call<T>(run: RunContext, operation: string, send: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await send();
      } catch (error) {
        if (!isThrottling(error) || attempt >= this.maxThrottleRetries)
          throw toAthenaError(error, operation, run.name);
        const pause = this.random() * Math.min(THROTTLE_CAP_MILLIS, THROTTLE_BASE_MILLIS * 2 ** attempt);
        await this.checkBudget(run, pause);
        await this.sleep(pause);
      }
    }
  }

  /**
   * Throws `QueryTimeoutError` when waiting `pause` more would eat into the safety margin, after
   * stopping the execution so Athena stops scanning (and billing) for a result nobody will read.
   */
  private async checkBudget(run: RunContext, pause: number): Promise<void> {
    const remaining = this.options.remainingTimeMillis?.();
    if (remaining === undefined || remaining - pause >= this.margin) return;
    if (run.executionId) {
      await this.options.client
        .send(new StopQueryExecutionCommand({ QueryExecutionId: run.executionId }))
        .catch(() => undefined); // best effort: the workgroup's own timeout still ends it
    }
    throw new QueryTimeoutError(run.name, Math.max(0, this.now() - run.startedAt));
  }
}

interface RunContext {
  readonly name: string;
  readonly startedAt: number;
  executionId?: string;
}

const isPending = (execution: QueryExecution): boolean => {
  const state = execution.Status?.State;
  return state === undefined || state === 'QUEUED' || state === 'RUNNING';
};

function isStaleFailure(execution: QueryExecution, startedAt: number): boolean {
  const state = execution.Status?.State;
  const submitted = execution.Status?.SubmissionDateTime?.getTime();
  return (
    (state === 'FAILED' || state === 'CANCELLED') &&
    submitted !== undefined &&
    submitted < startedAt - STALE_SKEW_MILLIS
  );
}

/**
 * The Athena literal for one execution parameter. Athena substitutes each value for its `?` as SQL
 * text, so strings must be single-quoted (quotes doubled) and typed values written as literals:
 *
 * | type      | value          | literal                                      |
 * |-----------|----------------|----------------------------------------------|
 * | string    | `o'brien`      | `'o''brien'`                                  |
 * | date      | `2026-01-01`   | `'2026-01-01'` (varchar: `dt` is a string partition key) |
 * | timestamp | ISO-8601       | `CAST('2026-01-02 03:04:05.000' AS timestamp)` (UTC)     |
 * | bigint    | `7`            | `7`                                           |
 * | double    | `0.25`         | `2.5e-1` (exponent form: Trino reads it as DOUBLE, not DECIMAL) |
 * | boolean   | `true`         | `true`                                        |
 *
 * A query that compares a date parameter with a DATE column writes `CAST(? AS date)`; Trino does not
 * compare varchar with date implicitly. Invalid values throw `QueryDefinitionError`.
 */
export function athenaLiteral(param: BoundParam): string {
  const { name, type, value } = param;
  const invalid = (expected: string) =>
    new QueryDefinitionError(`parameter ${name} (${type}) must be ${expected}, got ${JSON.stringify(value)}`);
  switch (type) {
    case 'string':
      if (typeof value !== 'string') throw invalid('a string');
      return quote(value);
    case 'date':
      if (typeof value !== 'string' || !isIsoDate(value)) throw invalid('a YYYY-MM-DD date');
      return quote(value);
    case 'timestamp': {
      const millis = typeof value === 'string' ? parseUtcTimestamp(value) : undefined;
      if (millis === undefined) throw invalid('an ISO-8601 timestamp');
      const iso = new Date(millis).toISOString(); // 2026-01-02T03:04:05.000Z
      return `CAST(${quote(`${iso.slice(0, 10)} ${iso.slice(11, 23)}`)} AS timestamp)`;
    }
    case 'bigint':
      if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
      if (typeof value === 'string' && /^-?\d{1,18}$/.test(value)) return String(BigInt(value));
      throw invalid('an integer');
    case 'double':
      if (typeof value !== 'number' || !Number.isFinite(value)) throw invalid('a finite number');
      return value.toExponential();
    case 'boolean':
      if (typeof value !== 'boolean') throw invalid('true or false');
      return value ? 'true' : 'false';
    default:
      throw new QueryDefinitionError(`parameter ${name}: unknown type ${String(type)}`);
  }
}

const quote = (text: string): string => `'${text.replaceAll("'", "''")}'`;

function isIsoDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
}

/** Epoch millis of an ISO-8601 timestamp; one without an offset is UTC (as the lake stores them). */
function parseUtcTimestamp(text: string): number | undefined {
  const match = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})?$/i.exec(
    text,
  );
  if (!match) return undefined;
  const millis = Date.parse(`${match[1]}T${match[2]}${match[3] ?? 'Z'}`);
  return Number.isNaN(millis) ? undefined : millis;
}

export interface ClientRequestTokenInput {
  readonly workgroup: string;
  readonly database: string;
  readonly outputLocation: string | undefined;
  readonly sql: string;
  readonly executionParameters: readonly string[];
  readonly resultReuseMaxAgeMinutes: number;
  /** Index of the time window the token is valid in. */
  readonly window: number;
}

/**
 * The idempotency token of a StartQueryExecution: a SHA-256 (64 hex characters; Athena takes 32–128)
 * of everything the request carries. Athena answers a repeated token with the same execution, and
 * rejects it if any parameter changed — so every request field is part of the hash.
 */
export function clientRequestToken(input: ClientRequestTokenInput): string {
  return sha256Hex(
    JSON.stringify([
      input.workgroup,
      input.database,
      input.outputLocation ?? null,
      input.sql,
      input.executionParameters,
      input.resultReuseMaxAgeMinutes,
      input.window,
    ]),
  );
}

const sha256Hex = (text: string): string => createHash('sha256').update(text).digest('hex');

const INTEGER_TYPES = new Set(['tinyint', 'smallint', 'integer', 'int', 'bigint']);
const FLOAT_TYPES = new Set(['double', 'float', 'real', 'decimal']);

/**
 * Types one `VarCharValue` by its column's Athena type into the values the DuckDB engine returns:
 * numbers (bigint beyond 2^53 loses precision, as it does locally), booleans, `YYYY-MM-DD` dates,
 * ISO-8601 UTC timestamps with milliseconds, and strings. Arrays, maps and rows stay Athena's text
 * (`[a, b]`); a missing value is SQL NULL.
 */
export function athenaValue(raw: string | undefined, athenaType: string): QueryValue {
  if (raw === undefined) return null;
  const type = athenaType.toLowerCase().replace(/\(.*$/, '').trim();
  if (INTEGER_TYPES.has(type) || FLOAT_TYPES.has(type)) return Number(raw);
  if (type === 'boolean') return raw === 'true';
  if (type === 'timestamp') return isoTimestamp(raw) ?? raw;
  if (type === 'timestamp with time zone') {
    // Only a UTC zone can be rewritten without a time zone database; others stay as Athena wrote them.
    const utc = /^(.*?)\s*(?:UTC|Z|\+00:00)$/.exec(raw);
    return (utc && isoTimestamp(utc[1]!)) ?? raw;
  }
  return raw;
}

/** `2026-01-02 03:04:05.123456` → `2026-01-02T03:04:05.123Z` (milliseconds, like `Date.toISOString`). */
function isoTimestamp(raw: string): string | undefined {
  const match = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(?:\.(\d+))?$/.exec(raw);
  if (!match) return undefined;
  return `${match[1]}T${match[2]}.${(match[3] ?? '').padEnd(3, '0').slice(0, 3)}Z`;
}

export interface RunManyOptions {
  /** Queries in flight at once; Athena's active DML query quota is shared by the account. @default 4 */
  readonly concurrency?: number;
}

/**
 * Runs queries with at most `concurrency` in flight and returns the results in request order.
 * After the first failure no further query is started; the ones in flight finish, then the first
 * error is thrown.
 *
 * @example
 * const [adoption, latency] = await runMany(engine, [adoptionRequest, latencyRequest], { concurrency: 4 });
 */
export async function runMany(
  engine: QueryEngine,
  requests: readonly QueryRequest[],
  options: RunManyOptions = {},
): Promise<QueryResult[]> {
  const concurrency = options.concurrency ?? 4;
  if (!(Number.isInteger(concurrency) && concurrency >= 1))
    throw new RangeError('runMany: concurrency must be a positive integer');
  const results: QueryResult[] = new Array(requests.length);
  const failures: unknown[] = [];
  let next = 0;
  const worker = async () => {
    while (next < requests.length && failures.length === 0) {
      const index = next++;
      try {
        results[index] = await engine.run(requests[index]!);
      } catch (error) {
        failures.push(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, requests.length) }, worker));
  if (failures.length > 0) throw failures[0];
  return results;
}

interface SdkErrorShape {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  $retryable?: { throttling?: boolean };
}

const THROTTLING_NAMES = new Set([
  'TooManyRequestsException',
  'ThrottlingException',
  'Throttling',
  'RequestLimitExceeded',
]);
const TRANSIENT_NAMES = new Set([
  'InternalServerException',
  'InternalFailure',
  'ServiceUnavailable',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
]);
const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN']);

function isThrottling(error: unknown): boolean {
  const e = error as SdkErrorShape;
  return (
    (e?.name !== undefined && THROTTLING_NAMES.has(e.name)) ||
    e?.$metadata?.httpStatusCode === 429 ||
    e?.$retryable?.throttling === true
  );
}

function isRetryableAthenaError(error: unknown): boolean {
  const e = error as SdkErrorShape;
  const status = e?.$metadata?.httpStatusCode;
  return (
    isThrottling(error) ||
    (e?.name !== undefined && TRANSIENT_NAMES.has(e.name)) ||
    (e?.code !== undefined && NETWORK_CODES.has(e.code)) ||
    e?.$retryable !== undefined ||
    (status !== undefined && status >= 500)
  );
}

function toAthenaError(error: unknown, operation: string, queryName: string): DataHubError {
  if (error instanceof DataHubError) return error;
  const e = error as SdkErrorShape;
  const detail = [e?.name, e?.message].filter(Boolean).join(': ') || String(error);
  // Bad input to the API (wrong parameter count, a reused token with other parameters, an
  // unsupported statement) is the query's fault and fails the same way every time.
  if (e?.name === 'InvalidRequestException')
    return new QueryFailedError(queryName, `${operation}: ${detail}`, { retryable: false, cause: error });
  return new ServiceError('Athena', `${operation} for query ${queryName} failed: ${detail}`, {
    retryable: isRetryableAthenaError(error),
    cause: error,
  });
}
