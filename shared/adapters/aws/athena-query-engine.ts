import { createHash } from 'node:crypto';
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
import { QueryFailedError, QueryTimeoutError } from '../../errors/index.ts';
import type {
  BoundParam,
  QueryEngine,
  QueryRequest,
  QueryResult,
  QueryRow,
  QueryValue,
} from '../../ports/query-engine.ts';
import { isRetryable, realSleep, withRetry } from './errors.ts';

export interface AthenaQueryEngineOptions {
  readonly client: AthenaClient;
  readonly workgroup: string;
  readonly database: string;
  /** Only when the workgroup does not enforce its own result location. */
  readonly outputLocation?: string;
  /** Reuse results of an identical query younger than this (Athena result reuse). */
  readonly resultReuseMaxAgeMinutes?: number;
  /** The Lambda context's `getRemainingTimeInMillis`; polling stops with a safety margin. */
  readonly remainingTimeMillis?: () => number;
  readonly safetyMarginMillis?: number;
  readonly pollInitialMillis?: number;
  readonly pollMaxMillis?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
}

/**
 * Athena execution parameters are SQL literals substituted for the `?` in order. Strings, dates
 * and timestamps are quoted string literals (our `dt` partition is a string, and queries CAST
 * where they need a DATE or TIMESTAMP); numbers and booleans are bare.
 */
export function athenaLiteral(param: BoundParam): string {
  switch (param.type) {
    case 'bigint':
    case 'double':
      if (typeof param.value !== 'number' || !Number.isFinite(param.value))
        throw new Error(`${param.name}: not a number`);
      return String(param.value);
    case 'boolean':
      return param.value ? 'true' : 'false';
    default:
      return `'${String(param.value).replaceAll("'", "''")}'`;
  }
}

/** Same query, same parameters, same workgroup → same token: a retried Lambda does not start a second run. */
export function clientRequestToken(workgroup: string, sql: string, params: readonly string[]): string {
  return createHash('sha256')
    .update(JSON.stringify([workgroup, sql, params]))
    .digest('hex')
    .slice(0, 64);
}

const NUMBER_TYPES = new Set([
  'tinyint',
  'smallint',
  'integer',
  'int',
  'bigint',
  'double',
  'float',
  'real',
  'decimal',
]);

/** Types a VarCharValue by the column's Athena type, into the shapes the DuckDB engine returns. */
export function typedValue(raw: string | undefined, column: ColumnInfo): QueryValue {
  if (raw === undefined) return null;
  const type = (column.Type ?? 'varchar').toLowerCase();
  if (NUMBER_TYPES.has(type)) return Number(raw);
  if (type === 'boolean') return raw === 'true';
  if (type === 'date') return raw;
  if (type.startsWith('timestamp')) {
    const match = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(\.\d+)?/.exec(raw);
    return match ? `${match[1]}T${match[2]}${(match[3] ?? '.000').padEnd(4, '0').slice(0, 4)}Z` : raw;
  }
  return raw;
}

/**
 * AWS adapter of the query engine: StartQueryExecution with execution parameters, polling with
 * backoff and full jitter inside the Lambda's time budget, paginated typed results.
 */
export class AthenaQueryEngine implements QueryEngine {
  private readonly options: AthenaQueryEngineOptions;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;

  constructor(options: AthenaQueryEngineOptions) {
    this.options = options;
    this.sleep = options.sleep ?? realSleep;
    this.random = options.random ?? Math.random;
  }

  async run(request: QueryRequest): Promise<QueryResult> {
    const { client, workgroup, database } = this.options;
    const parameters = request.params.map(athenaLiteral);
    const retry = { sleep: this.sleep, random: this.random };
    const fail = (message: string, retryable: boolean, cause?: unknown) =>
      new QueryFailedError(request.name, message, { retryable, cause });

    let executionId: string | undefined;
    try {
      const started = await withRetry(
        () =>
          client.send(
            new StartQueryExecutionCommand({
              QueryString: request.sql,
              QueryExecutionContext: { Database: database },
              WorkGroup: workgroup,
              ...(parameters.length > 0 ? { ExecutionParameters: parameters } : {}),
              ClientRequestToken: clientRequestToken(workgroup, request.sql, parameters),
              ...(this.options.outputLocation
                ? { ResultConfiguration: { OutputLocation: this.options.outputLocation } }
                : {}),
              ResultReuseConfiguration: {
                ResultReuseByAgeConfiguration: {
                  Enabled: true,
                  MaxAgeInMinutes: this.options.resultReuseMaxAgeMinutes ?? 60,
                },
              },
            }),
          ),
        retry,
      );
      executionId = started.QueryExecutionId;
    } catch (error) {
      throw fail(`StartQueryExecution: ${(error as Error).message}`, isRetryable(error), error);
    }
    if (!executionId) throw fail('Athena returned no QueryExecutionId', true);

    const execution = await this.waitFor(request.name, executionId);
    const state = execution.Status?.State;
    if (state === 'FAILED') {
      const athenaError = execution.Status?.AthenaError;
      // ErrorCategory 1 is a system error; Athena also says when a retry may succeed.
      const retryable = athenaError?.Retryable === true || athenaError?.ErrorCategory === 1;
      throw fail(athenaError?.ErrorMessage ?? execution.Status?.StateChangeReason ?? 'FAILED', retryable);
    }
    if (state === 'CANCELLED')
      throw fail(`cancelled: ${execution.Status?.StateChangeReason ?? 'no reason given'}`, false);

    const { columns, rows } = await this.readResults(request.name, executionId);
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

  private async waitFor(name: string, executionId: string): Promise<QueryExecution> {
    const { client } = this.options;
    const margin = this.options.safetyMarginMillis ?? 15_000;
    let delay = this.options.pollInitialMillis ?? 250;
    const maxDelay = this.options.pollMaxMillis ?? 5_000;
    let waited = 0;
    for (;;) {
      let execution: QueryExecution | undefined;
      try {
        execution = (
          await withRetry(
            () => client.send(new GetQueryExecutionCommand({ QueryExecutionId: executionId })),
            { sleep: this.sleep, random: this.random },
          )
        ).QueryExecution;
      } catch (error) {
        throw new QueryFailedError(name, `GetQueryExecution: ${(error as Error).message}`, {
          retryable: isRetryable(error),
          cause: error,
        });
      }
      const state = execution?.Status?.State;
      if (execution && state !== 'QUEUED' && state !== 'RUNNING') return execution;
      const pause = this.random() * delay;
      const remaining = this.options.remainingTimeMillis?.();
      if (remaining !== undefined && remaining - pause < margin) {
        // Out of time: stop paying for a query whose result nobody will read.
        await client
          .send(new StopQueryExecutionCommand({ QueryExecutionId: executionId }))
          .catch(() => undefined);
        throw new QueryTimeoutError(name, waited);
      }
      await this.sleep(pause);
      waited += pause;
      delay = Math.min(maxDelay, delay * 2);
    }
  }

  private async readResults(
    name: string,
    executionId: string,
  ): Promise<Pick<QueryResult, 'columns' | 'rows'>> {
    const rows: QueryRow[] = [];
    let columnInfo: ColumnInfo[] = [];
    let token: string | undefined;
    let first = true;
    do {
      let page: GetQueryResultsCommandOutput;
      try {
        page = await withRetry(
          () =>
            this.options.client.send(
              new GetQueryResultsCommand({
                QueryExecutionId: executionId,
                MaxResults: 1000,
                ...(token ? { NextToken: token } : {}),
              }),
            ),
          { sleep: this.sleep, random: this.random },
        );
      } catch (error) {
        throw new QueryFailedError(name, `GetQueryResults: ${(error as Error).message}`, {
          retryable: isRetryable(error),
          cause: error,
        });
      }
      if (first) columnInfo = page.ResultSet?.ResultSetMetadata?.ColumnInfo ?? [];
      // The header row (column names) comes only at the top of the first page.
      const data = (page.ResultSet?.Rows ?? []).slice(first ? 1 : 0);
      for (const row of data) {
        const out: QueryRow = {};
        columnInfo.forEach((column, i) => {
          out[column.Name ?? `_col${i}`] = typedValue(row.Data?.[i]?.VarCharValue, column);
        });
        rows.push(out);
      }
      first = false;
      token = page.NextToken;
    } while (token);
    return { columns: columnInfo.map((c) => ({ name: c.Name ?? '', type: c.Type ?? 'varchar' })), rows };
  }

  async close(): Promise<void> {}
}

/** Runs queries with at most `concurrency` in flight (Athena's DML concurrency is a shared account quota). */
export async function runMany(
  engine: QueryEngine,
  requests: readonly QueryRequest[],
  concurrency = 5,
): Promise<QueryResult[]> {
  const results: QueryResult[] = new Array(requests.length);
  let next = 0;
  const worker = async () => {
    while (next < requests.length) {
      const index = next++;
      results[index] = await engine.run(requests[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, requests.length) }, worker));
  return results;
}
