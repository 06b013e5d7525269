import { createHash } from 'node:crypto';
import {
  AthenaClient,
  AthenaServiceException,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  type QueryExecution,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import { mockClient } from 'aws-sdk-client-mock';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  AthenaQueryEngine,
  type AthenaQueryEngineOptions,
  athenaLiteral,
  athenaValue,
  type ClientRequestTokenInput,
  clientRequestToken,
  runMany,
} from '../../../shared/adapters/aws/athena-query-engine.ts';
import {
  ConfigError,
  QueryDefinitionError,
  QueryFailedError,
  QueryTimeoutError,
  ServiceError,
} from '../../../shared/errors/index.ts';
import type {
  BoundParam,
  QueryEngine,
  QueryRequest,
  QueryResult,
} from '../../../shared/ports/query-engine.ts';

const athena = mockClient(AthenaClient);
afterEach(() => {
  athena.reset();
});

const NOW = Date.parse('2026-01-24T06:40:00Z');
let sleeps: number[] = [];
beforeEach(() => {
  sleeps = [];
});

const engine = (extra: Partial<AthenaQueryEngineOptions> = {}) =>
  new AthenaQueryEngine({
    client: new AthenaClient({ region: 'eu-west-1' }),
    workgroup: 'odigos-datahub',
    database: 'odigos_datahub',
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    now: () => NOW,
    ...extra,
  });

const request: QueryRequest = {
  name: 'feature_adoption',
  sql: 'SELECT feature, users FROM ui_events WHERE dt BETWEEN ? AND ? AND share < ?',
  params: [
    { name: 'start_date', type: 'date', value: '2026-01-01' },
    { name: 'end_date', type: 'date', value: '2026-01-31' },
    { name: 'underused_share', type: 'double', value: 0.25 },
  ],
};

const execution = (
  State: 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED',
  extra: QueryExecution = {},
) => ({
  QueryExecution: { ...extra, Status: { State, ...extra.Status } },
});
const succeeded = execution('SUCCEEDED', {
  StatementType: 'DML',
  Statistics: {
    DataScannedInBytes: 1234,
    EngineExecutionTimeInMillis: 56,
    ResultReuseInformation: { ReusedPreviousResult: true },
  },
});
const column = (Name: string, Type: string) => ({ Name, Label: Name, Type });
const row = (...values: (string | undefined)[]) => ({
  Data: values.map((v) => (v === undefined ? {} : { VarCharValue: v })),
});
const emptyResult = {
  ResultSet: { ResultSetMetadata: { ColumnInfo: [column('n', 'bigint')] }, Rows: [row('n')] },
};

const athenaError = (name: string, status: number, extra: Record<string, unknown> = {}) =>
  Object.assign(
    new AthenaServiceException({
      name,
      $fault: status >= 500 ? 'server' : 'client',
      $metadata: { httpStatusCode: status },
      message: `${name} happened`,
    }),
    extra,
  );

const errorOf = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => expect.unreachable('expected a rejection'),
    (error: unknown) => error,
  );

const startInputs = () => athena.commandCalls(StartQueryExecutionCommand).map((c) => c.args[0].input);

describe('Class: AthenaQueryEngine', () => {
  describe('Method: constructor', () => {
    it.each<[string, Partial<AthenaQueryEngineOptions>]>([
      ['an empty workgroup', { workgroup: '' }],
      ['an empty database', { database: '' }],
      ['a non-S3 output location', { outputLocation: '/tmp/results' }],
      ['a reuse age over 7 days', { resultReuseMaxAgeMinutes: 10_081 }],
      ['a negative reuse age', { resultReuseMaxAgeMinutes: -1 }],
      ['a poll ceiling below the first interval', { pollInitialMillis: 500, pollMaxMillis: 100 }],
    ])('rejects %s up front', (_label, options) => {
      // Act & Assess
      expect(() => engine(options)).toThrow(ConfigError);
    });
  });

  describe('Method: run', () => {
    it('starts the query with typed execution parameters, workgroup, database, token and result reuse', async () => {
      // Prepare
      athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-1' });
      athena.on(GetQueryExecutionCommand, { QueryExecutionId: 'q-1' }).resolves(succeeded);
      athena.on(GetQueryResultsCommand).resolves(emptyResult);

      // Act
      const result = await engine().run(request);

      // Assess
      expect(startInputs()).toEqual([
        {
          QueryString: request.sql,
          QueryExecutionContext: { Database: 'odigos_datahub' },
          WorkGroup: 'odigos-datahub',
          ExecutionParameters: ["'2026-01-01'", "'2026-01-31'", '2.5e-1'],
          ClientRequestToken: expect.stringMatching(/^[0-9a-f]{64}$/),
          ResultReuseConfiguration: { ResultReuseByAgeConfiguration: { Enabled: true, MaxAgeInMinutes: 60 } },
        },
      ]);
      expect(result).toEqual({
        columns: [{ name: 'n', type: 'bigint' }],
        rows: [],
        stats: { bytesScanned: 1234, engineMillis: 56, executionId: 'q-1', reusedResult: true },
      });
    });

    it('adds ResultConfiguration only with an output location, and can turn result reuse off', async () => {
      // Prepare
      athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-1' });
      athena.on(GetQueryExecutionCommand).resolves(succeeded);
      athena.on(GetQueryResultsCommand).resolves(emptyResult);

      // Act
      await engine({ outputLocation: 's3://results/athena/', resultReuseMaxAgeMinutes: 0 }).run(request);

      // Assess
      expect(athena).toHaveReceivedCommandWith(StartQueryExecutionCommand, {
        ResultConfiguration: { OutputLocation: 's3://results/athena/' },
        ResultReuseConfiguration: { ResultReuseByAgeConfiguration: { Enabled: false, MaxAgeInMinutes: 0 } },
      });
    });

    it('sends no ExecutionParameters for a query without parameters', async () => {
      // Prepare
      athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-1' });
      athena.on(GetQueryExecutionCommand).resolves(succeeded);
      athena.on(GetQueryResultsCommand).resolves(emptyResult);

      // Act
      await engine().run({ name: 'adhoc', sql: 'SELECT 1 AS n', params: [] });

      // Assess
      expect(startInputs()[0]).not.toHaveProperty('ExecutionParameters');
    });

    it('uses the same ClientRequestToken for the same query in the same window, and a new one otherwise', async () => {
      // Prepare
      athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-1' });
      athena.on(GetQueryExecutionCommand).resolves(succeeded);
      athena.on(GetQueryResultsCommand).resolves(emptyResult);
      const otherParams = {
        ...request,
        params: [...request.params.slice(0, 2), { ...request.params[2]!, value: 0.3 }],
      };

      // Act
      await engine().run(request);
      await engine().run(request); // e.g. the retried Lambda, a minute later in the same window
      await engine({ now: () => NOW + 15 * 60_000 }).run(request); // 06:55, same 06:00–07:00 window
      await engine({ now: () => NOW + 30 * 60_000 }).run(request); // 07:10, the next window
      await engine().run(otherParams);
      await engine({ workgroup: 'other' }).run(request);

      // Assess
      const [a, b, c, d, e, f] = startInputs().map((i) => i.ClientRequestToken);
      expect(b).toBe(a);
      expect(c).toBe(a);
      expect(new Set([a, d, e, f]).size).toBe(4);
    });

    it('polls QUEUED and RUNNING with exponential backoff and full jitter until SUCCEEDED', async () => {
      // Prepare
      athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-2' });
      athena
        .on(GetQueryExecutionCommand)
        .resolvesOnce(execution('QUEUED'))
        .resolvesOnce(execution('RUNNING'))
        .resolvesOnce(execution('RUNNING'))
        .resolvesOnce(execution('RUNNING'))
        .resolves(succeeded);
      athena.on(GetQueryResultsCommand).resolves(emptyResult);

      // Act
      await engine({ pollInitialMillis: 200, pollMaxMillis: 1000 }).run(request);

      // Assess: random 0.5 × min(1000, 200·2^n)
      expect(sleeps).toEqual([100, 200, 400, 500]);
      expect(athena).toHaveReceivedCommandTimes(GetQueryExecutionCommand, 5);
      expect(athena).toHaveReceivedCommandWith(GetQueryExecutionCommand, { QueryExecutionId: 'q-2' });
    });

    it('reads every page, skips the header row exactly once and types each column', async () => {
      // Prepare
      athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-3' });
      athena.on(GetQueryExecutionCommand).resolves(succeeded);
      const columns = [
        column('feature', 'varchar'),
        column('users', 'bigint'),
        column('share', 'double'),
        column('underused', 'boolean'),
        column('day', 'date'),
        column('at', 'timestamp'),
        column('phrases', 'array'),
      ];
      const header = row('feature', 'users', 'share', 'underused', 'day', 'at', 'phrases');
      athena
        .on(GetQueryResultsCommand, { QueryExecutionId: 'q-3' })
        .resolvesOnce({
          ResultSet: {
            ResultSetMetadata: { ColumnInfo: columns },
            Rows: [
              header,
              row('actions', '12', '0.5', 'false', '2026-01-02', '2026-01-02 03:04:05.123', '[a, b]'),
            ],
          },
          NextToken: 'p2',
        })
        .resolvesOnce({
          // A data row that happens to equal the column names must survive on a later page.
          ResultSet: { ResultSetMetadata: { ColumnInfo: columns }, Rows: [header] },
          NextToken: 'p3',
        })
        .resolvesOnce({
          ResultSet: {
            ResultSetMetadata: { ColumnInfo: columns },
            Rows: [row('sampling', '3', '0.06', 'true', '2026-01-03', '2026-01-03 00:00:00.000', undefined)],
          },
        });

      // Act
      const result = await engine().run(request);

      // Assess
      expect(result.rows).toEqual([
        {
          feature: 'actions',
          users: 12,
          share: 0.5,
          underused: false,
          day: '2026-01-02',
          at: '2026-01-02T03:04:05.123Z',
          phrases: '[a, b]',
        },
        {
          feature: 'feature',
          users: Number.NaN,
          share: Number.NaN,
          underused: false,
          day: 'day',
          at: 'at',
          phrases: 'phrases',
        },
        {
          feature: 'sampling',
          users: 3,
          share: 0.06,
          underused: true,
          day: '2026-01-03',
          at: '2026-01-03T00:00:00.000Z',
          phrases: null,
        },
      ]);
      expect(result.columns.map((c) => `${c.name}:${c.type}`)).toEqual([
        'feature:varchar',
        'users:bigint',
        'share:double',
        'underused:boolean',
        'day:date',
        'at:timestamp',
        'phrases:array',
      ]);
      expect(athena.commandCalls(GetQueryResultsCommand).map((c) => c.args[0].input)).toEqual([
        { QueryExecutionId: 'q-3', MaxResults: 1000 },
        { QueryExecutionId: 'q-3', MaxResults: 1000, NextToken: 'p2' },
        { QueryExecutionId: 'q-3', MaxResults: 1000, NextToken: 'p3' },
      ]);
    });

    it.each([
      [
        'Athena marks retryable',
        { ErrorCategory: 3, ErrorType: 401, Retryable: true, ErrorMessage: 'Failed to write query results' },
        true,
      ],
      ['a system error', { ErrorCategory: 1, ErrorType: 100, ErrorMessage: 'Internal service error' }, true],
      [
        'a syntax error',
        {
          ErrorCategory: 2,
          ErrorType: 1006,
          Retryable: false,
          ErrorMessage: "SYNTAX_ERROR: line 1:8: Column 'x' cannot be resolved",
        },
        false,
      ],
    ])(
      'fails with QueryFailedError when the execution FAILED with %s',
      async (_label, AthenaError, retryable) => {
        // Prepare
        athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-4' });
        athena.on(GetQueryExecutionCommand).resolves(execution('FAILED', { Status: { AthenaError } }));

        // Act
        const error = await errorOf(engine().run(request));

        // Assess
        expect(error).toBeInstanceOf(QueryFailedError);
        expect(error).not.toBeInstanceOf(QueryTimeoutError);
        expect((error as QueryFailedError).queryName).toBe('feature_adoption');
        expect((error as QueryFailedError).retryable).toBe(retryable);
        expect((error as QueryFailedError).message).toContain(AthenaError.ErrorMessage);
        expect((error as QueryFailedError).message).toContain('q-4');
        expect(athena).not.toHaveReceivedCommand(GetQueryResultsCommand);
      },
    );

    it('treats CANCELLED (e.g. the bytes-scanned cutoff) as permanent', async () => {
      // Prepare
      athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-5' });
      athena.on(GetQueryExecutionCommand).resolves(
        execution('CANCELLED', {
          Status: {
            StateChangeReason: 'Query cancelled: exceeded the bytes scanned limit',
            SubmissionDateTime: new Date(NOW),
          },
        }),
      );

      // Act
      const error = await errorOf(engine().run(request));

      // Assess
      expect(error).toBeInstanceOf(QueryFailedError);
      expect((error as QueryFailedError).retryable).toBe(false);
      expect((error as QueryFailedError).message).toContain('bytes scanned limit');
      expect(athena).toHaveReceivedCommandTimes(StartQueryExecutionCommand, 1);
    });

    it('retries a throttled start with backoff and the same token, then succeeds', async () => {
      // Prepare
      const throttled = athenaError('TooManyRequestsException', 400, {
        Reason: 'CONCURRENT_QUERY_LIMIT_EXCEEDED',
      });
      athena
        .on(StartQueryExecutionCommand)
        .rejectsOnce(throttled)
        .rejectsOnce(throttled)
        .resolves({ QueryExecutionId: 'q-6' });
      athena.on(GetQueryExecutionCommand).resolves(succeeded);
      athena.on(GetQueryResultsCommand).resolves(emptyResult);

      // Act
      const result = await engine().run(request);

      // Assess: random 0.5 × 1000·2^n
      expect(result.stats.executionId).toBe('q-6');
      expect(sleeps).toEqual([500, 1000]);
      const tokens = startInputs().map((i) => i.ClientRequestToken);
      expect(tokens).toHaveLength(3);
      expect(new Set(tokens).size).toBe(1);
    });

    it('retries throttled polls and result pages', async () => {
      // Prepare
      athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-6' });
      athena
        .on(GetQueryExecutionCommand)
        .rejectsOnce(athenaError('ThrottlingException', 400))
        .resolves(succeeded);
      athena
        .on(GetQueryResultsCommand)
        .rejectsOnce(athenaError('TooManyRequestsException', 429))
        .resolves(emptyResult);

      // Act
      await engine().run(request);

      // Assess
      expect(athena).toHaveReceivedCommandTimes(GetQueryExecutionCommand, 2);
      expect(athena).toHaveReceivedCommandTimes(GetQueryResultsCommand, 2);
      expect(sleeps).toEqual([500, 500]);
    });

    it('gives up after the bounded throttling retries with a retryable ServiceError', async () => {
      // Prepare
      athena.on(StartQueryExecutionCommand).rejects(athenaError('TooManyRequestsException', 400));

      // Act
      const error = await errorOf(engine({ maxThrottleRetries: 2 }).run(request));

      // Assess
      expect(error).toBeInstanceOf(ServiceError);
      expect((error as ServiceError).retryable).toBe(true);
      expect(athena).toHaveReceivedCommandTimes(StartQueryExecutionCommand, 3);
    });

    it.each([
      ['InternalServerException', athenaError('InternalServerException', 500), ServiceError, true],
      ['AccessDeniedException', athenaError('AccessDeniedException', 403), ServiceError, false],
      ['InvalidRequestException', athenaError('InvalidRequestException', 400), QueryFailedError, false],
    ])(
      'does not retry %s itself (the SDK already did) and maps it once',
      async (_name, failure, type, retryable) => {
        // Prepare
        athena.on(StartQueryExecutionCommand).rejects(failure);

        // Act
        const error = await errorOf(engine().run(request));

        // Assess
        expect(error).toBeInstanceOf(type);
        expect((error as ServiceError).retryable).toBe(retryable);
        expect((error as ServiceError).cause).toBe(failure);
        expect(athena).toHaveReceivedCommandTimes(StartQueryExecutionCommand, 1);
        expect(sleeps).toEqual([]);
      },
    );

    it('stops the query and throws QueryTimeoutError before the Lambda runs out of time', async () => {
      // Prepare
      athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-7' });
      athena.on(GetQueryExecutionCommand).resolves(execution('RUNNING'));
      athena.on(StopQueryExecutionCommand).resolves({});
      let remaining = 30_000;
      let clock = NOW;

      // Act
      const error = await errorOf(
        engine({
          remainingTimeMillis: () => remaining,
          safetyMarginMillis: 10_000,
          pollInitialMillis: 4_000,
          pollMaxMillis: 16_000,
          now: () => clock,
          sleep: async (ms) => {
            sleeps.push(ms);
            remaining -= ms;
            clock += ms;
          },
        }).run(request),
      );

      // Assess: waits of 2 s, 4 s, 8 s leave 16 s; the next 8 s wait would cut into the 10 s margin
      expect(error).toBeInstanceOf(QueryTimeoutError);
      expect((error as QueryTimeoutError).retryable).toBe(true);
      expect((error as QueryTimeoutError).message).toContain('14000 ms');
      expect(sleeps).toEqual([2_000, 4_000, 8_000]);
      expect(athena).toHaveReceivedCommandExactlyOnceWith(StopQueryExecutionCommand, {
        QueryExecutionId: 'q-7',
      });
    });

    it('still throws QueryTimeoutError when stopping the query fails', async () => {
      // Prepare
      athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-7' });
      athena.on(GetQueryExecutionCommand).resolves(execution('RUNNING'));
      athena.on(StopQueryExecutionCommand).rejects(athenaError('InternalServerException', 500));

      // Act & Assess
      await expect(engine({ remainingTimeMillis: () => 15_000 }).run(request)).rejects.toBeInstanceOf(
        QueryTimeoutError,
      );
    });

    it('does not start a query when there is no time left to wait for it', async () => {
      // Act
      const error = await errorOf(engine({ remainingTimeMillis: () => 5_000 }).run(request));

      // Assess
      expect(error).toBeInstanceOf(QueryTimeoutError);
      expect(athena).not.toHaveReceivedAnyCommand();
    });

    it('re-attaches to the execution a retried run already started (same token)', async () => {
      // Prepare: the token leads to a query an earlier attempt started ten minutes ago
      athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-earlier' });
      athena
        .on(GetQueryExecutionCommand)
        .resolvesOnce(execution('RUNNING', { Status: { SubmissionDateTime: new Date(NOW - 600_000) } }))
        .resolves(succeeded);
      athena.on(GetQueryResultsCommand).resolves(emptyResult);

      // Act
      const result = await engine().run(request);

      // Assess
      expect(result.stats.executionId).toBe('q-earlier');
      expect(athena).toHaveReceivedCommandTimes(StartQueryExecutionCommand, 1);
    });

    it('starts afresh, with a derived token, when the token leads to an earlier attempt that was stopped', async () => {
      // Prepare: an earlier attempt timed out and was stopped; Athena answers its token with that execution
      const stale = execution('CANCELLED', {
        Status: { StateChangeReason: 'Query cancelled by user', SubmissionDateTime: new Date(NOW - 900_000) },
      });
      athena
        .on(StartQueryExecutionCommand)
        .resolvesOnce({ QueryExecutionId: 'q-stopped' })
        .resolves({ QueryExecutionId: 'q-new' });
      athena
        .on(GetQueryExecutionCommand, { QueryExecutionId: 'q-stopped' })
        .resolves(stale)
        .on(GetQueryExecutionCommand, { QueryExecutionId: 'q-new' })
        .resolves(succeeded);
      athena.on(GetQueryResultsCommand, { QueryExecutionId: 'q-new' }).resolves(emptyResult);

      // Act
      const result = await engine().run(request);

      // Assess: derived deterministically, so concurrent retries converge on the same new execution
      expect(result.stats.executionId).toBe('q-new');
      const [original, derived] = startInputs().map((i) => i.ClientRequestToken);
      expect(derived).toBe(createHash('sha256').update(`${original}:q-stopped`).digest('hex'));
    });
  });

  describe('Method: close', () => {
    it('is a no-op that is safe to call twice', async () => {
      // Prepare
      const e = engine();

      // Act & Assess
      await expect(e.close()).resolves.toBeUndefined();
      await expect(e.close()).resolves.toBeUndefined();
      expect(athena).not.toHaveReceivedAnyCommand();
    });
  });
});

describe('Function: athenaLiteral', () => {
  it.each<[BoundParam, string]>([
    [{ name: 's', type: 'string', value: "o'brien" }, "'o''brien'"],
    [{ name: 's', type: 'string', value: '' }, "''"],
    [{ name: 'd', type: 'date', value: '2026-01-01' }, "'2026-01-01'"],
    [
      { name: 't', type: 'timestamp', value: '2026-01-02T03:04:05Z' },
      "CAST('2026-01-02 03:04:05.000' AS timestamp)",
    ],
    [
      { name: 't', type: 'timestamp', value: '2026-01-02T05:04:05.5+02:00' },
      "CAST('2026-01-02 03:04:05.500' AS timestamp)",
    ],
    [
      { name: 't', type: 'timestamp', value: '2026-01-02 03:04:05.123' },
      "CAST('2026-01-02 03:04:05.123' AS timestamp)",
    ],
    [{ name: 'n', type: 'bigint', value: 7 }, '7'],
    [{ name: 'n', type: 'bigint', value: -9_007_199_254_740_991 }, '-9007199254740991'],
    [{ name: 'n', type: 'bigint', value: '123' }, '123'],
    [{ name: 'x', type: 'double', value: 0.25 }, '2.5e-1'],
    [{ name: 'x', type: 'double', value: 3 }, '3e+0'],
    [{ name: 'x', type: 'double', value: -1234.5 }, '-1.2345e+3'],
    [{ name: 'b', type: 'boolean', value: false }, 'false'],
    [{ name: 'b', type: 'boolean', value: true }, 'true'],
  ])('writes %j as %s', (param, literal) => {
    // Act & Assess
    expect(athenaLiteral(param)).toBe(literal);
  });

  it.each<BoundParam>([
    { name: 'd', type: 'date', value: '2026-02-30' },
    { name: 'd', type: 'date', value: "2026-01-01' OR '1'='1" },
    { name: 't', type: 'timestamp', value: 'yesterday' },
    { name: 'n', type: 'bigint', value: 1.5 },
    { name: 'n', type: 'bigint', value: 2 ** 53 },
    { name: 'x', type: 'double', value: Number.NaN },
    { name: 'x', type: 'double', value: Number.POSITIVE_INFINITY },
    { name: 'b', type: 'boolean', value: 'true' },
    { name: 's', type: 'string', value: 42 },
  ])('rejects %j with QueryDefinitionError', (param) => {
    // Act & Assess
    expect(() => athenaLiteral(param)).toThrow(QueryDefinitionError);
  });

  it('quotes any string so that it reads back unchanged and cannot end the literal early', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (value) => {
        // Act
        const literal = athenaLiteral({ name: 's', type: 'string', value });

        // Assess
        const inner = literal.slice(1, -1);
        return (
          literal.startsWith("'") &&
          literal.endsWith("'") &&
          !inner.replaceAll("''", '').includes("'") &&
          inner.replaceAll("''", "'") === value
        );
      }),
    );
  });

  it('writes every finite double in exponent form that reads back to the same number', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (value) => {
        // Act
        const literal = athenaLiteral({ name: 'x', type: 'double', value });

        // Assess: -0 reads back as 0, which compares equal
        return /^-?\d(\.\d+)?e[+-]\d+$/.test(literal) && Number(literal) === value;
      }),
    );
  });
});

describe('Function: athenaValue', () => {
  it.each<[string, string | undefined, unknown]>([
    ['tinyint', '7', 7],
    ['smallint', '-300', -300],
    ['integer', '42', 42],
    ['bigint', '9007199254740991', 9_007_199_254_740_991],
    ['double', '0.1', 0.1],
    ['double', 'NaN', Number.NaN],
    ['double', 'Infinity', Number.POSITIVE_INFINITY],
    ['float', '1.5', 1.5],
    ['real', '2.25', 2.25],
    ['decimal', '12.34', 12.34],
    ['decimal(10,2)', '12.30', 12.3],
    ['boolean', 'true', true],
    ['boolean', 'false', false],
    ['date', '2026-01-02', '2026-01-02'],
    ['timestamp', '2026-01-02 03:04:05.000', '2026-01-02T03:04:05.000Z'],
    ['timestamp', '2026-01-02 03:04:05', '2026-01-02T03:04:05.000Z'],
    ['timestamp', '2026-01-02 03:04:05.123456', '2026-01-02T03:04:05.123Z'],
    ['timestamp(6)', '2026-01-02 03:04:05.1', '2026-01-02T03:04:05.100Z'],
    ['timestamp with time zone', '2026-01-02 03:04:05.000 UTC', '2026-01-02T03:04:05.000Z'],
    [
      'timestamp with time zone',
      '2026-01-02 03:04:05.000 Europe/Paris',
      '2026-01-02 03:04:05.000 Europe/Paris',
    ],
    ['varchar', 'hello', 'hello'],
    ['varchar', '', ''],
    ['char', 'ab', 'ab'],
    ['json', '{"a":1}', '{"a":1}'],
    ['array', '[a, b]', '[a, b]'],
    ['map', '{a=1}', '{a=1}'],
    ['row', '{x=1, y=2}', '{x=1, y=2}'],
    ['varchar', undefined, null],
    ['bigint', undefined, null],
    ['timestamp', undefined, null],
  ])('types a %s value %j as %j', (type, raw, expected) => {
    // Act & Assess
    expect(athenaValue(raw, type)).toEqual(expected);
  });
});

describe('Function: clientRequestToken', () => {
  const base: ClientRequestTokenInput = {
    workgroup: 'wg',
    database: 'db',
    outputLocation: undefined,
    sql: 'SELECT 1 WHERE dt = ?',
    executionParameters: ["'2026-01-01'"],
    resultReuseMaxAgeMinutes: 60,
    window: 491_782,
  };

  it('is deterministic and within the 32–128 characters Athena accepts', () => {
    // Act
    const token = clientRequestToken(base);

    // Assess
    expect(clientRequestToken({ ...base })).toBe(token);
    expect(token.length).toBeGreaterThanOrEqual(32);
    expect(token.length).toBeLessThanOrEqual(128);
  });

  it.each<[string, Partial<ClientRequestTokenInput>]>([
    ['workgroup', { workgroup: 'wg2' }],
    ['database', { database: 'db2' }],
    ['output location', { outputLocation: 's3://r/' }],
    ['SQL', { sql: 'SELECT 2 WHERE dt = ?' }],
    ['parameters', { executionParameters: ["'2026-01-02'"] }],
    ['reuse age', { resultReuseMaxAgeMinutes: 30 }],
    ['window', { window: 491_783 }],
  ])('changes with the %s', (_label, change) => {
    // Act & Assess
    expect(clientRequestToken({ ...base, ...change })).not.toBe(clientRequestToken(base));
  });
});

describe('Function: runMany', () => {
  const requests = ['a', 'b', 'c', 'd', 'e'].map((name) => ({ name, sql: 'SELECT 1', params: [] }));
  const result = (name: string): QueryResult => ({
    columns: [],
    rows: [{ name }],
    stats: { bytesScanned: 0, engineMillis: 0 },
  });

  it('keeps at most `concurrency` queries in flight and returns results in request order', async () => {
    // Prepare
    let inFlight = 0;
    let peak = 0;
    const fake: QueryEngine = {
      async run(r) {
        inFlight++;
        peak = Math.max(peak, inFlight);
        // Later requests finish first, so completion order differs from request order.
        await new Promise((resolve) => setTimeout(resolve, 10 - requests.indexOf(r as never) * 2));
        inFlight--;
        return result(r.name);
      },
      async close() {},
    };

    // Act
    const results = await runMany(fake, requests, { concurrency: 2 });

    // Assess
    expect(peak).toBe(2);
    expect(results.map((r) => r.rows[0]!.name)).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('starts nothing after the first failure and throws that failure', async () => {
    // Prepare
    const started: string[] = [];
    const failure = new QueryFailedError('b', 'boom', { retryable: false });
    const fake: QueryEngine = {
      async run(r) {
        started.push(r.name);
        if (r.name === 'b') throw failure;
        return result(r.name);
      },
      async close() {},
    };

    // Act
    const error = await errorOf(runMany(fake, requests, { concurrency: 1 }));

    // Assess
    expect(error).toBe(failure);
    expect(started).toEqual(['a', 'b']);
  });

  it('returns an empty list for no requests and rejects a zero concurrency', async () => {
    // Prepare
    const fake: QueryEngine = { run: async (r) => result(r.name), close: async () => {} };

    // Act & Assess
    await expect(runMany(fake, [])).resolves.toEqual([]);
    await expect(runMany(fake, requests, { concurrency: 0 })).rejects.toThrow(RangeError);
  });
});
