import {
  AthenaClient,
  AthenaServiceException,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import {
  AthenaQueryEngine,
  athenaLiteral,
  clientRequestToken,
  runMany,
} from '../../../shared/adapters/aws/athena-query-engine.ts';
import { QueryFailedError, QueryTimeoutError } from '../../../shared/errors/index.ts';
import type { QueryRequest } from '../../../shared/ports/query-engine.ts';

const athena = mockClient(AthenaClient);
afterEach(() => athena.reset());

const sleeps: number[] = [];
const engine = (extra: Partial<ConstructorParameters<typeof AthenaQueryEngine>[0]> = {}) =>
  new AthenaQueryEngine({
    client: new AthenaClient({ region: 'eu-west-1' }),
    workgroup: 'odigos-datahub-dev',
    database: 'odigos_datahub_dev',
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    ...extra,
  });

const request: QueryRequest = {
  name: 'feature_adoption',
  sql: 'SELECT feature, users FROM t WHERE dt BETWEEN ? AND ? AND share < ?',
  params: [
    { name: 'start_date', type: 'date', value: '2026-01-01' },
    { name: 'end_date', type: 'date', value: '2026-01-31' },
    { name: 'underused_share', type: 'double', value: 0.25 },
  ],
};
const succeeded = {
  QueryExecution: {
    Status: { State: 'SUCCEEDED' as const },
    Statistics: {
      DataScannedInBytes: 1234,
      EngineExecutionTimeInMillis: 56,
      ResultReuseInformation: { ReusedPreviousResult: true },
    },
  },
};
const column = (Name: string, Type: string) => ({ Name, Type });
const row = (...values: (string | undefined)[]) => ({
  Data: values.map((v) => (v === undefined ? {} : { VarCharValue: v })),
});

describe('Class: AthenaQueryEngine', () => {
  describe('Method: run', () => {
    it('starts the query with execution parameters, workgroup, token and result reuse', async () => {
      athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-1' });
      athena.on(GetQueryExecutionCommand).resolves(succeeded);
      athena.on(GetQueryResultsCommand).resolves({
        ResultSet: {
          ResultSetMetadata: { ColumnInfo: [column('feature', 'varchar')] },
          Rows: [row('feature')],
        },
      });

      const result = await engine().run(request);

      expect(athena).toHaveReceivedCommandExactlyOnceWith(StartQueryExecutionCommand, {
        QueryString: request.sql,
        QueryExecutionContext: { Database: 'odigos_datahub_dev' },
        WorkGroup: 'odigos-datahub-dev',
        ExecutionParameters: ["'2026-01-01'", "'2026-01-31'", '0.25'],
        ClientRequestToken: clientRequestToken('odigos-datahub-dev', request.sql, [
          "'2026-01-01'",
          "'2026-01-31'",
          '0.25',
        ]),
        ResultReuseConfiguration: { ResultReuseByAgeConfiguration: { Enabled: true, MaxAgeInMinutes: 60 } },
      });
      expect(result.stats).toEqual({
        bytesScanned: 1234,
        engineMillis: 56,
        executionId: 'q-1',
        reusedResult: true,
      });
      expect(result.rows).toEqual([]);
    });

    it('polls QUEUED and RUNNING with growing, jittered waits until SUCCEEDED', async () => {
      sleeps.length = 0;
      athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-2' });
      athena
        .on(GetQueryExecutionCommand)
        .resolvesOnce({ QueryExecution: { Status: { State: 'QUEUED' } } })
        .resolvesOnce({ QueryExecution: { Status: { State: 'RUNNING' } } })
        .resolves(succeeded);
      athena
        .on(GetQueryResultsCommand)
        .resolves({ ResultSet: { ResultSetMetadata: { ColumnInfo: [] }, Rows: [row()] } });

      await engine().run(request);

      expect(athena).toHaveReceivedCommandTimes(GetQueryExecutionCommand, 3);
      expect(sleeps).toEqual([125, 250]);
    });

    it('reads every page, skips the header row once and types values by ColumnInfo', async () => {
      athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-3' });
      athena.on(GetQueryExecutionCommand).resolves(succeeded);
      const columns = [
        column('feature', 'varchar'),
        column('users', 'bigint'),
        column('share', 'double'),
        column('underused', 'boolean'),
        column('day', 'date'),
        column('at', 'timestamp'),
        column('missing', 'varchar'),
      ];
      athena
        .on(GetQueryResultsCommand, { QueryExecutionId: 'q-3' })
        .resolvesOnce({
          ResultSet: {
            ResultSetMetadata: { ColumnInfo: columns },
            Rows: [
              row('feature', 'users', 'share', 'underused', 'day', 'at', 'missing'),
              row('actions', '12', '0.5', 'false', '2026-01-02', '2026-01-02 03:04:05.123', undefined),
            ],
          },
          NextToken: 'p2',
        })
        .resolvesOnce({
          ResultSet: {
            ResultSetMetadata: { ColumnInfo: columns },
            Rows: [row('sampling_rules', '3', '0.06', 'true', '2026-01-03', '2026-01-03 00:00:00.000', 'x')],
          },
        });

      const result = await engine().run(request);

      expect(result.rows).toEqual([
        {
          feature: 'actions',
          users: 12,
          share: 0.5,
          underused: false,
          day: '2026-01-02',
          at: '2026-01-02T03:04:05.123Z',
          missing: null,
        },
        {
          feature: 'sampling_rules',
          users: 3,
          share: 0.06,
          underused: true,
          day: '2026-01-03',
          at: '2026-01-03T00:00:00.000Z',
          missing: 'x',
        },
      ]);
      expect(athena.commandCalls(GetQueryResultsCommand)[1]!.args[0].input).toEqual({
        QueryExecutionId: 'q-3',
        MaxResults: 1000,
        NextToken: 'p2',
      });
    });

    it.each([
      [{ ErrorCategory: 2, ErrorType: 1006, Retryable: false, ErrorMessage: 'SYNTAX_ERROR: line 1' }, false],
      [{ ErrorCategory: 1, ErrorType: 401, Retryable: true, ErrorMessage: 'internal error' }, true],
    ])(
      'fails with QueryFailedError naming the query, retryable as Athena says (%j)',
      async (athenaError, retryable) => {
        athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-4' });
        athena
          .on(GetQueryExecutionCommand)
          .resolves({ QueryExecution: { Status: { State: 'FAILED', AthenaError: athenaError } } });

        const error = await engine()
          .run(request)
          .catch((e: unknown) => e);

        expect(error).toBeInstanceOf(QueryFailedError);
        expect((error as QueryFailedError).message).toContain('feature_adoption');
        expect((error as QueryFailedError).retryable).toBe(retryable);
      },
    );

    it('treats CANCELLED (e.g. the bytes-scanned cutoff) as permanent', async () => {
      athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-5' });
      athena.on(GetQueryExecutionCommand).resolves({
        QueryExecution: {
          Status: { State: 'CANCELLED', StateChangeReason: 'Query exhausted bytes scanned limit' },
        },
      });

      await expect(engine().run(request)).rejects.toMatchObject({
        retryable: false,
        message: expect.stringContaining('bytes scanned limit'),
      });
    });

    it('retries a throttled start with backoff, then succeeds', async () => {
      const throttled = new AthenaServiceException({
        name: 'TooManyRequestsException',
        $fault: 'client',
        $metadata: { httpStatusCode: 400 },
        message: 'Rate exceeded',
      });
      athena.on(StartQueryExecutionCommand).rejectsOnce(throttled).resolves({ QueryExecutionId: 'q-6' });
      athena.on(GetQueryExecutionCommand).resolves(succeeded);
      athena.on(GetQueryResultsCommand).resolves({ ResultSet: { Rows: [row()] } });

      await engine().run(request);

      expect(athena).toHaveReceivedCommandTimes(StartQueryExecutionCommand, 2);
    });

    it('stops the query and throws QueryTimeoutError when the Lambda runs out of time', async () => {
      athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-7' });
      athena.on(GetQueryExecutionCommand).resolves({ QueryExecution: { Status: { State: 'RUNNING' } } });
      athena.on(StopQueryExecutionCommand).resolves({});
      let remaining = 20_000;

      const error = await engine({ remainingTimeMillis: () => (remaining -= 2_000) })
        .run(request)
        .catch((e: unknown) => e);

      expect(error).toBeInstanceOf(QueryTimeoutError);
      expect((error as QueryTimeoutError).retryable).toBe(true);
      expect(athena).toHaveReceivedCommandWith(StopQueryExecutionCommand, { QueryExecutionId: 'q-7' });
    });
  });

  describe('Function: athenaLiteral', () => {
    it('quotes strings and dates with doubled single quotes, leaves numbers and booleans bare', () => {
      expect(athenaLiteral({ name: 's', type: 'string', value: "o'brien" })).toBe("'o''brien'");
      expect(athenaLiteral({ name: 'd', type: 'date', value: '2026-01-01' })).toBe("'2026-01-01'");
      expect(athenaLiteral({ name: 'n', type: 'bigint', value: 7 })).toBe('7');
      expect(athenaLiteral({ name: 'b', type: 'boolean', value: false })).toBe('false');
    });
  });

  describe('Function: runMany', () => {
    it('keeps at most `concurrency` queries in flight and returns results in input order', async () => {
      let inFlight = 0;
      let peak = 0;
      const fake = {
        async run(r: QueryRequest) {
          inFlight++;
          peak = Math.max(peak, inFlight);
          await new Promise((resolve) => setTimeout(resolve, 5));
          inFlight--;
          return { columns: [], rows: [{ name: r.name }], stats: { bytesScanned: 0, engineMillis: 0 } };
        },
        async close() {},
      };

      const results = await runMany(
        fake,
        ['a', 'b', 'c', 'd', 'e'].map((name) => ({ name, sql: 'SELECT 1', params: [] })),
        2,
      );

      expect(peak).toBe(2);
      expect(results.map((r) => r.rows[0]!.name)).toEqual(['a', 'b', 'c', 'd', 'e']);
    });
  });
});
