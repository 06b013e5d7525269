import { Readable } from 'node:stream';
import {
  GetObjectCommand,
  HeadObjectCommand,
  NotFound,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

const s3 = mockClient(S3Client);
let handler: (
  event: SQSEvent,
  context: Context,
) => Promise<{ batchItemFailures: { itemIdentifier: string }[] }>;

beforeAll(async () => {
  vi.stubEnv('RAW_BUCKET', 'odigos-raw');
  vi.stubEnv('LAKE_BUCKET', 'odigos-lake');
  vi.stubEnv('QUARANTINE_BUCKET', 'odigos-quarantine');
  vi.stubEnv('REPORT_BUCKET', 'odigos-report');
  vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'SILENT');
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
  ({ handler } = (await import('../../functions/ingest/handler.ts')) as never);
});
afterEach(() => s3.reset());
afterAll(() => vi.unstubAllEnvs());

// No getRemainingTimeInMillis: middy then sets no timeout timer in tests.
const context = {
  functionName: 'ingest',
  awsRequestId: 'req-1',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-1:1:function:ingest',
} as unknown as Context;
const body = (text: string) =>
  Object.assign(Readable.from([Buffer.from(text)]), {
    transformToByteArray: async () => new Uint8Array(Buffer.from(text)),
  }) as never;
const sqsRecord = (messageId: string, s3Body: unknown): SQSRecord =>
  ({
    messageId,
    receiptHandle: 'rh',
    body: JSON.stringify(s3Body),
    attributes: {},
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:eu-west-1:1:ingest',
    awsRegion: 'eu-west-1',
  }) as SQSRecord;
const notification = (key: string, bucket = 'odigos-raw') => ({
  Records: [
    {
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      awsRegion: 'eu-west-1',
      eventTime: '2026-11-15T10:00:00.000Z',
      eventName: 'ObjectCreated:Put',
      userIdentity: { principalId: 'AWS:X' },
      requestParameters: { sourceIPAddress: '127.0.0.1' },
      responseElements: { 'x-amz-request-id': 'r', 'x-amz-id-2': 'i' },
      s3: {
        s3SchemaVersion: '1.0',
        configurationId: 'c',
        bucket: { name: bucket, ownerIdentity: { principalId: 'P' }, arn: `arn:aws:s3:::${bucket}` },
        object: { key, size: 10, eTag: 'e', sequencer: '1' },
      },
    },
  ],
});
const segmentLine = JSON.stringify({
  type: 'track',
  event: 'Action Created',
  messageId: 'm-1',
  userId: 'u-1',
  timestamp: '2026-11-14T10:00:00.000Z',
  properties: { feature: 'actions' },
});

describe('Handler: ingest', () => {
  it('decodes the S3 key, ingests the object into the lake and reports no failures', async () => {
    s3.on(GetObjectCommand, {
      Bucket: 'odigos-raw',
      Key: 'events/segment-logs/src/day 1/a=1.json',
    }).callsFake(() => ({ Body: body(segmentLine) }));
    s3.on(HeadObjectCommand).rejects(new NotFound({ $metadata: { httpStatusCode: 404 }, message: 'nf' }));
    s3.on(PutObjectCommand).resolves({});

    const response = await handler(
      { Records: [sqsRecord('msg-1', notification('events/segment-logs/src/day+1/a%3D1.json'))] },
      context,
    );

    expect(response.batchItemFailures).toEqual([]);
    const puts = s3
      .commandCalls(PutObjectCommand)
      .map((c) => `${c.args[0].input.Bucket}/${c.args[0].input.Key}`);
    expect(puts).toEqual([
      expect.stringMatching(/^odigos-lake\/ui_events\/dt=2026-11-14\/src-[0-9a-f]{24}\.parquet$/),
      expect.stringMatching(/^odigos-lake\/_ingest\/manifests\/src-[0-9a-f]{24}\.json$/),
    ]);
  });

  it('returns a throttled object as a batch item failure so SQS retries only that message', async () => {
    s3.on(GetObjectCommand, { Key: 'events/ok.json' }).callsFake(() => ({ Body: body(segmentLine) }));
    s3.on(GetObjectCommand, { Key: 'events/slow.json' }).rejects(
      new S3ServiceException({
        name: 'SlowDown',
        $fault: 'server',
        $metadata: { httpStatusCode: 503 },
        message: 'Please reduce your request rate',
      }),
    );
    s3.on(HeadObjectCommand).rejects(new NotFound({ $metadata: { httpStatusCode: 404 }, message: 'nf' }));
    s3.on(PutObjectCommand).resolves({});

    const response = await handler(
      {
        Records: [
          sqsRecord('ok', notification('events/ok.json')),
          sqsRecord('slow', notification('events/slow.json')),
        ],
      },
      context,
    );

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'slow' }]);
  });

  it('ignores the S3 test event sent when the notification is configured', async () => {
    const response = await handler(
      { Records: [sqsRecord('test', { Service: 'Amazon S3', Event: 's3:TestEvent', Bucket: 'odigos-raw' })] },
      context,
    );

    expect(response.batchItemFailures).toEqual([]);
    expect(s3.calls()).toHaveLength(0);
  });
});
