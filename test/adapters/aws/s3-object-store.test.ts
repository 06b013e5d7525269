import { Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  NotFound,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { S3ObjectStore } from '../../../shared/adapters/aws/s3-object-store.ts';
import { ConfigError, ObjectNotFoundError, ServiceError } from '../../../shared/errors/index.ts';

const s3 = mockClient(S3Client);
const client = new S3Client({ region: 'eu-west-1' });
const store = new S3ObjectStore(client);
afterEach(() => {
  s3.reset();
});

const MiB = 1024 * 1024;

/** A GetObject body as the SDK gives it in Node: a readable stream of Buffers. */
const body = (...chunks: string[]) => Readable.from(chunks.map((c) => Buffer.from(c))) as never;

const s3Error = (name: string, status: number) =>
  new S3ServiceException({
    name,
    $fault: status >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode: status },
    message: `${name} happened`,
  });

/** A connection-level failure: no HTTP status at all, only a Node error code. */
const networkError = (code: string) => Object.assign(new Error(`socket ${code}`), { code });

const errorOf = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => expect.unreachable('expected a rejection'),
    (error: unknown) => error,
  );

describe('Class: S3ObjectStore', () => {
  describe('Method: constructor', () => {
    it.each([
      [{ partSizeBytes: 4 * MiB }],
      [{ partSizeBytes: 16 * MiB, multipartThresholdBytes: 8 * MiB }],
      [{ partConcurrency: 0 }],
    ])('rejects invalid options %j up front', (options) => {
      // Act & Assess
      expect(() => new S3ObjectStore(client, options)).toThrow(ConfigError);
    });
  });

  describe('Method: get', () => {
    it('reads the whole object, across body chunks, with one GetObject', async () => {
      // Prepare
      s3.on(GetObjectCommand).resolves({ Body: body('hel', 'lo') });

      // Act
      const bytes = await store.get('raw', 'events/a.gz');

      // Assess
      expect(new TextDecoder().decode(bytes)).toBe('hello');
      expect(s3).toHaveReceivedCommandExactlyOnceWith(GetObjectCommand, {
        Bucket: 'raw',
        Key: 'events/a.gz',
      });
    });

    it('turns NoSuchKey into ObjectNotFoundError and keeps the cause', async () => {
      // Prepare
      const noSuchKey = new NoSuchKey({ $metadata: { httpStatusCode: 404 }, message: 'gone' });
      s3.on(GetObjectCommand).rejects(noSuchKey);

      // Act
      const error = await errorOf(store.get('raw', 'missing.json'));

      // Assess
      expect(error).toBeInstanceOf(ObjectNotFoundError);
      expect((error as ObjectNotFoundError).message).toBe('No object s3://raw/missing.json');
      expect((error as ObjectNotFoundError).retryable).toBe(false);
      expect((error as ObjectNotFoundError).cause).toBe(noSuchKey);
    });

    it('treats a bare 404 as a missing object, but a missing bucket as a service error', async () => {
      // Prepare
      s3.on(GetObjectCommand, { Key: 'a' })
        .rejects(s3Error('UnknownError', 404))
        .on(GetObjectCommand, { Key: 'b' })
        .rejects(s3Error('NoSuchBucket', 404));

      // Act
      const missingKey = await errorOf(store.get('raw', 'a'));
      const missingBucket = await errorOf(store.get('raw', 'b'));

      // Assess
      expect(missingKey).toBeInstanceOf(ObjectNotFoundError);
      expect(missingBucket).toBeInstanceOf(ServiceError);
      expect((missingBucket as ServiceError).retryable).toBe(false);
    });

    it.each([
      ['SlowDown', s3Error('SlowDown', 503), true],
      ['InternalError', s3Error('InternalError', 500), true],
      ['ServiceUnavailable', s3Error('ServiceUnavailable', 503), true],
      ['an unnamed 502', s3Error('UnknownError', 502), true],
      ['RequestTimeout (a 400 that is transient)', s3Error('RequestTimeout', 400), true],
      ['429', s3Error('TooManyRequests', 429), true],
      ['the SDK TimeoutError', Object.assign(new Error('timed out'), { name: 'TimeoutError' }), true],
      ['ECONNRESET', networkError('ECONNRESET'), true],
      ['AccessDenied', s3Error('AccessDenied', 403), false],
      ['InvalidObjectState', s3Error('InvalidObjectState', 403), false],
      ['a plain bug', new TypeError('x is undefined'), false],
    ])('maps %s to a ServiceError with retryable=%s and the cause', async (_label, failure, retryable) => {
      // Prepare
      s3.on(GetObjectCommand).rejects(failure);

      // Act
      const error = await errorOf(store.get('raw', 'k'));

      // Assess
      expect(error).toBeInstanceOf(ServiceError);
      expect((error as ServiceError).service).toBe('S3');
      expect((error as ServiceError).retryable).toBe(retryable);
      expect((error as ServiceError).message).toContain('GetObject s3://raw/k');
      expect((error as ServiceError).cause).toBe(failure);
    });
  });

  describe('Method: getStream', () => {
    it('yields the body chunks in order without buffering them', async () => {
      // Prepare
      s3.on(GetObjectCommand, { Bucket: 'raw', Key: 'big.ndjson' }).resolves({
        Body: body('a\n', 'b\n', 'c\n'),
      });

      // Act
      const chunks: string[] = [];
      for await (const chunk of await store.getStream('raw', 'big.ndjson'))
        chunks.push(Buffer.from(chunk).toString());

      // Assess
      expect(chunks).toEqual(['a\n', 'b\n', 'c\n']);
    });

    it('throws ObjectNotFoundError before any chunk when the key is missing', async () => {
      // Prepare
      s3.on(GetObjectCommand).rejects(new NoSuchKey({ $metadata: { httpStatusCode: 404 }, message: 'gone' }));

      // Act & Assess
      await expect(store.getStream('raw', 'missing')).rejects.toBeInstanceOf(ObjectNotFoundError);
    });
  });

  describe('Method: put', () => {
    it('sends one PutObject with the bytes, content type and encoding', async () => {
      // Prepare
      s3.on(PutObjectCommand).resolves({});

      // Act
      await store.put('lake', 'ui_events/dt=2026-01-01/x.json.gz', new Uint8Array([1, 2]), {
        contentType: 'application/json',
        contentEncoding: 'gzip',
      });

      // Assess
      expect(s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input)).toEqual([
        {
          Bucket: 'lake',
          Key: 'ui_events/dt=2026-01-01/x.json.gz',
          Body: new Uint8Array([1, 2]),
          ContentType: 'application/json',
          ContentEncoding: 'gzip',
        },
      ]);
    });

    it('encodes a string body as UTF-8 and sends no empty headers', async () => {
      // Prepare
      s3.on(PutObjectCommand).resolves({});

      // Act
      await store.put('lake', 'state/é.json', '{"ok":"é"}');

      // Assess
      const input = s3.commandCalls(PutObjectCommand)[0]!.args[0].input;
      expect(Object.keys(input).sort()).toEqual(['Body', 'Bucket', 'Key']);
      expect(Buffer.from(input.Body as Uint8Array).toString('utf8')).toBe('{"ok":"é"}');
    });

    it('maps a throttled PutObject to a retryable ServiceError', async () => {
      // Prepare
      s3.on(PutObjectCommand).rejects(s3Error('SlowDown', 503));

      // Act
      const error = await errorOf(store.put('lake', 'k', 'x'));

      // Assess
      expect(error).toBeInstanceOf(ServiceError);
      expect((error as ServiceError).retryable).toBe(true);
      expect(s3).toHaveReceivedCommandTimes(PutObjectCommand, 1);
    });

    it('uploads bodies over the threshold in CRC32-checked parts and completes them in order', async () => {
      // Prepare
      const big = new Uint8Array(Buffer.alloc(12 * MiB, 'odigos-data-hub '));
      const partStore = new S3ObjectStore(client, {
        multipartThresholdBytes: 10 * MiB,
        partSizeBytes: 5 * MiB,
      });
      s3.on(CreateMultipartUploadCommand).resolves({ UploadId: 'u-1' });
      s3.on(UploadPartCommand).callsFake((input: { PartNumber: number }) => ({
        ETag: `"etag-${input.PartNumber}"`,
        ChecksumCRC32: `crc-${input.PartNumber}`,
      }));
      s3.on(CompleteMultipartUploadCommand).resolves({});

      // Act
      await partStore.put('lake', 'big.parquet', big, { contentType: 'application/vnd.apache.parquet' });

      // Assess
      expect(s3).toHaveReceivedCommandExactlyOnceWith(CreateMultipartUploadCommand, {
        Bucket: 'lake',
        Key: 'big.parquet',
        ChecksumAlgorithm: 'CRC32',
        ContentType: 'application/vnd.apache.parquet',
      });
      const parts = s3
        .commandCalls(UploadPartCommand)
        .map((c) => c.args[0].input)
        .sort((a, b) => a.PartNumber! - b.PartNumber!);
      expect(
        parts.map((p) => [p.PartNumber, (p.Body as Uint8Array).byteLength, p.UploadId, p.ChecksumAlgorithm]),
      ).toEqual([
        [1, 5 * MiB, 'u-1', 'CRC32'],
        [2, 5 * MiB, 'u-1', 'CRC32'],
        [3, 2 * MiB, 'u-1', 'CRC32'],
      ]);
      expect(Buffer.concat(parts.map((p) => p.Body as Uint8Array)).equals(Buffer.from(big))).toBe(true);
      expect(s3).toHaveReceivedCommandExactlyOnceWith(CompleteMultipartUploadCommand, {
        Bucket: 'lake',
        Key: 'big.parquet',
        UploadId: 'u-1',
        MultipartUpload: {
          Parts: [1, 2, 3].map((n) => ({ PartNumber: n, ETag: `"etag-${n}"`, ChecksumCRC32: `crc-${n}` })),
        },
      });
      expect(s3).not.toHaveReceivedCommand(PutObjectCommand);
    });

    it('aborts the multipart upload when a part fails, and never completes it', async () => {
      // Prepare
      const partStore = new S3ObjectStore(client, {
        multipartThresholdBytes: 5 * MiB,
        partSizeBytes: 5 * MiB,
      });
      s3.on(CreateMultipartUploadCommand).resolves({ UploadId: 'u-2' });
      s3.on(UploadPartCommand, { PartNumber: 2 })
        .rejects(s3Error('InternalError', 500))
        .on(UploadPartCommand, { PartNumber: 1 })
        .resolves({ ETag: '"e1"' });
      s3.on(AbortMultipartUploadCommand).resolves({});

      // Act
      const error = await errorOf(partStore.put('lake', 'big.parquet', new Uint8Array(6 * MiB)));

      // Assess
      expect(error).toBeInstanceOf(ServiceError);
      expect((error as ServiceError).retryable).toBe(true);
      expect(s3).toHaveReceivedCommandExactlyOnceWith(AbortMultipartUploadCommand, {
        Bucket: 'lake',
        Key: 'big.parquet',
        UploadId: 'u-2',
      });
      expect(s3).not.toHaveReceivedCommand(CompleteMultipartUploadCommand);
    });
  });

  describe('Method: list', () => {
    it('follows continuation tokens across pages and yields every object in order', async () => {
      // Prepare
      const t = new Date('2026-01-02T03:04:05Z');
      s3.on(ListObjectsV2Command, { Bucket: 'lake', Prefix: 'ui_events/' })
        .resolvesOnce({
          Contents: [
            { Key: 'ui_events/a', Size: 1, LastModified: t },
            { Key: 'ui_events/b', Size: 2, LastModified: t },
          ],
          IsTruncated: true,
          NextContinuationToken: 't1',
        })
        .resolvesOnce({ Contents: [], IsTruncated: true, NextContinuationToken: 't2' })
        .resolvesOnce({ Contents: [{ Key: 'ui_events/c', Size: 3, LastModified: t }], IsTruncated: false });

      // Act
      const objects = [];
      for await (const object of store.list('lake', 'ui_events/')) objects.push(object);

      // Assess
      expect(objects).toEqual([
        { key: 'ui_events/a', size: 1, lastModified: t },
        { key: 'ui_events/b', size: 2, lastModified: t },
        { key: 'ui_events/c', size: 3, lastModified: t },
      ]);
      expect(s3.commandCalls(ListObjectsV2Command).map((c) => c.args[0].input)).toEqual([
        { Bucket: 'lake', Prefix: 'ui_events/' },
        { Bucket: 'lake', Prefix: 'ui_events/', ContinuationToken: 't1' },
        { Bucket: 'lake', Prefix: 'ui_events/', ContinuationToken: 't2' },
      ]);
    });

    it('yields nothing for an empty prefix', async () => {
      // Prepare
      s3.on(ListObjectsV2Command).resolves({ KeyCount: 0, IsTruncated: false });

      // Act
      const keys: string[] = [];
      for await (const object of store.list('lake', 'nothing/')) keys.push(object.key);

      // Assess
      expect(keys).toEqual([]);
      expect(s3).toHaveReceivedCommandTimes(ListObjectsV2Command, 1);
    });

    it('maps AccessDenied to a permanent ServiceError', async () => {
      // Prepare
      s3.on(ListObjectsV2Command).rejects(s3Error('AccessDenied', 403));

      // Act
      const error = await errorOf(
        (async () => {
          for await (const _ of store.list('lake', 'x/')) void _;
        })(),
      );

      // Assess
      expect(error).toBeInstanceOf(ServiceError);
      expect((error as ServiceError).retryable).toBe(false);
      expect((error as ServiceError).message).toContain('ListObjectsV2 s3://lake/x/');
    });
  });

  describe('Method: delete', () => {
    it('deletes in quiet chunks of at most 1,000 keys, in order', async () => {
      // Prepare
      s3.on(DeleteObjectsCommand).resolves({});
      const keys = Array.from({ length: 2001 }, (_, i) => `k${i}`);

      // Act
      await store.delete('lake', keys);

      // Assess
      const inputs = s3.commandCalls(DeleteObjectsCommand).map((c) => c.args[0].input);
      expect(inputs.map((i) => i.Delete?.Objects?.length)).toEqual([1000, 1000, 1]);
      expect(inputs.every((i) => i.Bucket === 'lake' && i.Delete?.Quiet === true)).toBe(true);
      expect(inputs.flatMap((i) => i.Delete!.Objects!.map((o) => o.Key))).toEqual(keys);
    });

    it('sends nothing for an empty key list', async () => {
      // Act
      await store.delete('lake', []);

      // Assess
      expect(s3).not.toHaveReceivedCommand(DeleteObjectsCommand);
    });

    it('names the keys S3 could not delete, across chunks, as a permanent error', async () => {
      // Prepare
      s3.on(DeleteObjectsCommand)
        .resolvesOnce({ Errors: [{ Key: 'k1', Code: 'AccessDenied', Message: 'Access Denied' }] })
        .resolvesOnce({ Errors: [{ Key: 'k1500', Code: 'InternalError' }] });
      const keys = Array.from({ length: 1501 }, (_, i) => `k${i}`);

      // Act
      const error = await errorOf(store.delete('lake', keys));

      // Assess
      expect(error).toBeInstanceOf(ServiceError);
      expect((error as ServiceError).message).toContain('k1 (AccessDenied), k1500 (InternalError)');
      expect((error as ServiceError).retryable).toBe(false);
      expect(s3).toHaveReceivedCommandTimes(DeleteObjectsCommand, 2);
    });

    it('is retryable when every per-key failure is transient, and summarises long lists', async () => {
      // Prepare
      s3.on(DeleteObjectsCommand).resolves({
        Errors: Array.from({ length: 12 }, (_, i) => ({ Key: `k${i}`, Code: 'SlowDown' })),
      });

      // Act
      const error = await errorOf(store.delete('lake', ['k0']));

      // Assess
      expect((error as ServiceError).retryable).toBe(true);
      expect((error as ServiceError).message).toMatch(/k9 \(SlowDown\) and 2 more$/);
    });
  });

  describe('Method: head', () => {
    it('returns key, size and last modified time', async () => {
      // Prepare
      const t = new Date('2026-01-02T00:00:00Z');
      s3.on(HeadObjectCommand, { Bucket: 'lake', Key: 'there' }).resolves({
        ContentLength: 42,
        LastModified: t,
      });

      // Act
      const info = await store.head('lake', 'there');

      // Assess
      expect(info).toEqual({ key: 'there', size: 42, lastModified: t });
    });

    it('returns undefined for NotFound', async () => {
      // Prepare
      s3.on(HeadObjectCommand).rejects(
        new NotFound({ $metadata: { httpStatusCode: 404 }, message: 'not found' }),
      );

      // Act & Assess
      expect(await store.head('lake', 'absent')).toBeUndefined();
    });

    it('raises AccessDenied (403) instead of reporting the object as absent', async () => {
      // Prepare
      s3.on(HeadObjectCommand).rejects(s3Error('Forbidden', 403));

      // Act
      const error = await errorOf(store.head('lake', 'secret'));

      // Assess
      expect(error).toBeInstanceOf(ServiceError);
      expect((error as ServiceError).retryable).toBe(false);
    });
  });
});
