import { Readable } from 'node:stream';
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  NotFound,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { S3ObjectStore } from '../../../shared/adapters/aws/s3-object-store.ts';
import { ObjectNotFoundError, ServiceError } from '../../../shared/errors/index.ts';

const s3 = mockClient(S3Client);
const store = new S3ObjectStore(new S3Client({ region: 'eu-west-1' }));
afterEach(() => s3.reset());

/** A GetObject body as the SDK returns it in Node: a readable stream with transform helpers. */
const body = (text: string) =>
  Object.assign(Readable.from([Buffer.from(text)]), {
    transformToByteArray: async () => new Uint8Array(Buffer.from(text)),
  }) as never;
const s3Error = (name: string, status: number) =>
  new S3ServiceException({
    name,
    $fault: status >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode: status },
    message: name,
  });

describe('Class: S3ObjectStore', () => {
  describe('Method: get', () => {
    it('reads the whole object with GetObject', async () => {
      s3.on(GetObjectCommand, { Bucket: 'raw', Key: 'events/a.gz' }).resolves({ Body: body('hello') });

      const bytes = await store.get('raw', 'events/a.gz');

      expect(new TextDecoder().decode(bytes)).toBe('hello');
      expect(s3).toHaveReceivedCommandWith(GetObjectCommand, { Bucket: 'raw', Key: 'events/a.gz' });
    });

    it('turns NoSuchKey into ObjectNotFoundError', async () => {
      s3.on(GetObjectCommand).rejects(new NoSuchKey({ $metadata: { httpStatusCode: 404 }, message: 'gone' }));

      await expect(store.get('raw', 'missing')).rejects.toBeInstanceOf(ObjectNotFoundError);
    });

    it.each([
      ['SlowDown', 503, true],
      ['InternalError', 500, true],
      ['AccessDenied', 403, false],
    ])('maps %s (%i) to a ServiceError with retryable=%s', async (name, status, retryable) => {
      s3.on(GetObjectCommand).rejects(s3Error(name, status));

      const error = await store.get('raw', 'k').catch((e: unknown) => e);

      expect(error).toBeInstanceOf(ServiceError);
      expect((error as ServiceError).retryable).toBe(retryable);
      expect((error as ServiceError).message).toContain('s3://raw/k');
    });
  });

  describe('Method: getStream', () => {
    it('yields the body chunks', async () => {
      s3.on(GetObjectCommand).resolves({ Body: body('streamed') });
      const chunks: Uint8Array[] = [];

      for await (const chunk of await store.getStream('raw', 'k')) chunks.push(chunk);

      expect(Buffer.concat(chunks).toString()).toBe('streamed');
    });
  });

  describe('Method: put', () => {
    it('sends PutObject with content type and encoding', async () => {
      s3.on(PutObjectCommand).resolves({});

      await store.put('lake', 'ui_events/dt=2026-01-01/x.parquet', new Uint8Array([1]), {
        contentType: 'application/vnd.apache.parquet',
      });

      expect(s3).toHaveReceivedCommandExactlyOnceWith(PutObjectCommand, {
        Bucket: 'lake',
        Key: 'ui_events/dt=2026-01-01/x.parquet',
        Body: new Uint8Array([1]),
        ContentType: 'application/vnd.apache.parquet',
      });
    });
  });

  describe('Method: list', () => {
    it('follows continuation tokens across pages', async () => {
      s3.on(ListObjectsV2Command, { Bucket: 'lake', Prefix: 'ui_events/' })
        .resolvesOnce({
          Contents: [{ Key: 'ui_events/a', Size: 1, LastModified: new Date(0) }],
          IsTruncated: true,
          NextContinuationToken: 't1',
        })
        .resolvesOnce({
          Contents: [{ Key: 'ui_events/b', Size: 2, LastModified: new Date(0) }],
          IsTruncated: false,
        });

      const keys: string[] = [];
      for await (const object of store.list('lake', 'ui_events/')) keys.push(object.key);

      expect(keys).toEqual(['ui_events/a', 'ui_events/b']);
      expect(s3).toHaveReceivedCommandTimes(ListObjectsV2Command, 2);
      expect(s3.commandCalls(ListObjectsV2Command)[1]!.args[0].input).toEqual({
        Bucket: 'lake',
        Prefix: 'ui_events/',
        ContinuationToken: 't1',
      });
    });
  });

  describe('Method: delete', () => {
    it('deletes in chunks of at most 1,000 keys, quietly', async () => {
      s3.on(DeleteObjectsCommand).resolves({});
      const keys = Array.from({ length: 2001 }, (_, i) => `k${i}`);

      await store.delete('lake', keys);

      const sizes = s3.commandCalls(DeleteObjectsCommand).map((c) => c.args[0].input.Delete?.Objects?.length);
      expect(sizes).toEqual([1000, 1000, 1]);
      expect(s3.commandCalls(DeleteObjectsCommand)[0]!.args[0].input.Delete?.Quiet).toBe(true);
    });

    it('reports keys S3 could not delete', async () => {
      s3.on(DeleteObjectsCommand).resolves({ Errors: [{ Key: 'k1', Code: 'AccessDenied' }] });

      await expect(store.delete('lake', ['k1'])).rejects.toThrow(/k1 \(AccessDenied\)/);
    });
  });

  describe('Method: head', () => {
    it('returns size, or undefined when the object does not exist', async () => {
      s3.on(HeadObjectCommand, { Key: 'there' }).resolves({ ContentLength: 42, LastModified: new Date(0) });
      s3.on(HeadObjectCommand, { Key: 'absent' }).rejects(
        new NotFound({ $metadata: { httpStatusCode: 404 }, message: 'not found' }),
      );

      expect(await store.head('lake', 'there')).toMatchObject({ key: 'there', size: 42 });
      expect(await store.head('lake', 'absent')).toBeUndefined();
    });
  });
});
