import {
  AbortMultipartUploadCommand,
  type CompletedPart,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  type ListObjectsV2CommandOutput,
  PutObjectCommand,
  type S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { ConfigError, DataHubError, ObjectNotFoundError, ServiceError } from '../../errors/index.ts';
import type { ObjectInfo, ObjectStore, PutOptions } from '../../ports/object-store.ts';

const MiB = 1024 * 1024;
/** DeleteObjects takes at most 1,000 keys per request. */
const DELETE_BATCH = 1000;
/** S3 multipart limits: parts of at least 5 MiB (except the last), at most 10,000 parts. */
const MIN_PART_BYTES = 5 * MiB;
const MAX_PARTS = 10_000;

export interface S3ObjectStoreOptions {
  /**
   * Bodies of at least this many bytes are uploaded in parts, so a failed request re-sends one part,
   * not the whole body, and parts travel in parallel.
   * @default 64 MiB
   */
  readonly multipartThresholdBytes?: number;
  /** @default 16 MiB (raised automatically so a body never needs more than 10,000 parts) */
  readonly partSizeBytes?: number;
  /** Parts in flight at once. @default 4 */
  readonly partConcurrency?: number;
}

/**
 * AWS adapter of the object store. The `S3Client` is created once by the composition root; the SDK
 * already retries throttling and 5xx responses, so this class only translates what is left into
 * the error hierarchy (`ObjectNotFoundError`, `ServiceError` with `retryable`).
 *
 * @example
 * const store = new S3ObjectStore(new S3Client({}));
 * await store.put('my-lake', 'x/y.json', '{}', { contentType: 'application/json' });
 */
export class S3ObjectStore implements ObjectStore {
  private readonly client: S3Client;
  private readonly multipartThreshold: number;
  private readonly partSize: number;
  private readonly partConcurrency: number;

  constructor(client: S3Client, options: S3ObjectStoreOptions = {}) {
    const { multipartThresholdBytes = 64 * MiB, partSizeBytes = 16 * MiB, partConcurrency = 4 } = options;
    if (!(partSizeBytes >= MIN_PART_BYTES))
      throw new ConfigError('S3ObjectStore: partSizeBytes must be at least 5 MiB');
    if (!(multipartThresholdBytes >= partSizeBytes))
      throw new ConfigError('S3ObjectStore: multipartThresholdBytes must be at least partSizeBytes');
    if (!(Number.isInteger(partConcurrency) && partConcurrency >= 1))
      throw new ConfigError('S3ObjectStore: partConcurrency must be a positive integer');
    this.client = client;
    this.multipartThreshold = multipartThresholdBytes;
    this.partSize = partSizeBytes;
    this.partConcurrency = partConcurrency;
  }

  async get(bucket: string, key: string): Promise<Uint8Array> {
    const chunks: Uint8Array[] = [];
    for await (const chunk of await this.getStream(bucket, key)) chunks.push(chunk);
    return Buffer.concat(chunks);
  }

  async getStream(bucket: string, key: string): Promise<AsyncIterable<Uint8Array>> {
    try {
      const response = await this.client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      // In Node the body is an IncomingMessage: an async iterable of Buffers, read with bounded memory.
      return (response.Body as AsyncIterable<Uint8Array> | undefined) ?? emptyBody();
    } catch (error) {
      if (isNotFound(error)) throw new ObjectNotFoundError(bucket, key, error);
      throw toServiceError(error, `GetObject s3://${bucket}/${key}`);
    }
  }

  async put(bucket: string, key: string, body: Uint8Array | string, options: PutOptions = {}): Promise<void> {
    const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    const headers = {
      ...(options.contentType ? { ContentType: options.contentType } : {}),
      ...(options.contentEncoding ? { ContentEncoding: options.contentEncoding } : {}),
    };
    if (bytes.byteLength >= this.multipartThreshold) {
      await this.putMultipart(bucket, key, bytes, headers);
      return;
    }
    try {
      await this.client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: bytes, ...headers }));
    } catch (error) {
      throw toServiceError(error, `PutObject s3://${bucket}/${key}`);
    }
  }

  async *list(bucket: string, prefix: string): AsyncIterable<ObjectInfo> {
    let token: string | undefined;
    do {
      let page: ListObjectsV2CommandOutput;
      try {
        page = await this.listPage(bucket, prefix, token);
      } catch (error) {
        throw toServiceError(error, `ListObjectsV2 s3://${bucket}/${prefix}`);
      }
      for (const object of page.Contents ?? []) {
        if (object.Key === undefined) continue;
        yield { key: object.Key, size: object.Size ?? 0, lastModified: object.LastModified ?? new Date(0) };
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  async delete(bucket: string, keys: readonly string[]): Promise<void> {
    const failed: { key: string; code: string }[] = [];
    for (let start = 0; start < keys.length; start += DELETE_BATCH) {
      const batch = keys.slice(start, start + DELETE_BATCH);
      let errors: { Key?: string | undefined; Code?: string | undefined }[];
      try {
        const response = await this.client.send(
          new DeleteObjectsCommand({
            Bucket: bucket,
            // Quiet: the response lists only the keys that could not be deleted.
            Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true },
          }),
        );
        errors = response.Errors ?? [];
      } catch (error) {
        throw toServiceError(error, `DeleteObjects s3://${bucket} (${batch.length} keys)`);
      }
      for (const e of errors) failed.push({ key: e.Key ?? '?', code: e.Code ?? 'Unknown' });
    }
    if (failed.length === 0) return;
    const shown = failed
      .slice(0, 10)
      .map((f) => `${f.key} (${f.code})`)
      .join(', ');
    const more = failed.length > 10 ? ` and ${failed.length - 10} more` : '';
    throw new ServiceError('S3', `DeleteObjects s3://${bucket}: could not delete ${shown}${more}`, {
      // Trying again only helps when every failure was transient.
      retryable: failed.every((f) => RETRYABLE_CODES.has(f.code)),
    });
  }

  async head(bucket: string, key: string): Promise<ObjectInfo | undefined> {
    try {
      const response = await this.client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      return { key, size: response.ContentLength ?? 0, lastModified: response.LastModified ?? new Date(0) };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw toServiceError(error, `HeadObject s3://${bucket}/${key}`);
    }
  }

  private listPage(
    bucket: string,
    prefix: string,
    token: string | undefined,
  ): Promise<ListObjectsV2CommandOutput> {
    return this.client.send(
      new ListObjectsV2Command({
        Bucket: bucket,
        Prefix: prefix,
        ...(token ? { ContinuationToken: token } : {}),
      }),
    );
  }

  /**
   * Multipart upload by hand (@aws-sdk/lib-storage is not a dependency). The object appears only when
   * CompleteMultipartUpload succeeds, so readers never see a partial object; on any failure the upload
   * is aborted so its parts are not stored (and billed) forever.
   */
  private async putMultipart(
    bucket: string,
    key: string,
    bytes: Uint8Array,
    headers: { ContentType?: string; ContentEncoding?: string },
  ): Promise<void> {
    const where = `s3://${bucket}/${key}`;
    const partSize = Math.max(this.partSize, Math.ceil(bytes.byteLength / MAX_PARTS));
    const partCount = Math.ceil(bytes.byteLength / partSize);
    let uploadId: string | undefined;
    try {
      const created = await this.client.send(
        // Each part carries a CRC32 that S3 verifies; Complete must then list every part's checksum.
        new CreateMultipartUploadCommand({
          Bucket: bucket,
          Key: key,
          ChecksumAlgorithm: 'CRC32',
          ...headers,
        }),
      );
      uploadId = created.UploadId;
      if (!uploadId)
        throw new ServiceError('S3', `CreateMultipartUpload ${where}: no UploadId`, { retryable: true });
      const id = uploadId;
      const parts: CompletedPart[] = new Array(partCount);
      let next = 0;
      let failure: { error: unknown } | undefined;
      // Workers stop taking parts after a failure and the abort waits for the ones in flight: S3 may
      // otherwise store a part that finishes after the abort.
      const worker = async () => {
        while (next < partCount && !failure) {
          const index = next++;
          try {
            const response = await this.client.send(
              new UploadPartCommand({
                Bucket: bucket,
                Key: key,
                UploadId: id,
                PartNumber: index + 1,
                Body: bytes.subarray(index * partSize, Math.min(bytes.byteLength, (index + 1) * partSize)),
                ChecksumAlgorithm: 'CRC32',
              }),
            );
            parts[index] = {
              PartNumber: index + 1,
              ETag: response.ETag,
              ...(response.ChecksumCRC32 ? { ChecksumCRC32: response.ChecksumCRC32 } : {}),
            };
          } catch (error) {
            failure ??= { error };
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(this.partConcurrency, partCount) }, worker));
      if (failure) throw failure.error;
      await this.client.send(
        new CompleteMultipartUploadCommand({
          Bucket: bucket,
          Key: key,
          UploadId: id,
          MultipartUpload: { Parts: parts },
        }),
      );
    } catch (error) {
      if (uploadId) {
        await this.client
          .send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId }))
          // Best effort: an AbortIncompleteMultipartUpload lifecycle rule removes what an abort missed.
          .catch(() => undefined);
      }
      throw toServiceError(error, `multipart upload ${where}`);
    }
  }
}

async function* emptyBody(): AsyncIterable<Uint8Array> {}

/** S3 error codes (per-key DeleteObjects errors included) where trying again may help. */
const RETRYABLE_CODES = new Set([
  'SlowDown',
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'InternalError',
  'ServiceUnavailable',
  'RequestTimeout',
  'RequestTimeoutException',
  'TimeoutError',
  'OperationAborted',
]);
const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN']);

interface SdkErrorShape {
  name?: string;
  code?: string;
  $metadata?: { httpStatusCode?: number };
  $retryable?: unknown;
}

function isNotFound(error: unknown): boolean {
  const e = error as SdkErrorShape;
  // HeadObject has no body, so its 404 arrives as `NotFound`; a missing bucket is a different problem.
  return e?.name === 'NoSuchKey' || (e?.$metadata?.httpStatusCode === 404 && e.name !== 'NoSuchBucket');
}

/**
 * Whether an SDK error (after the SDK's own retries) is worth retrying later: throttling, 5xx,
 * timeouts and dropped connections are; access denied, missing buckets and other 4xx are not.
 */
export function isRetryableS3Error(error: unknown): boolean {
  const e = error as SdkErrorShape;
  const status = e?.$metadata?.httpStatusCode;
  if (e?.name && RETRYABLE_CODES.has(e.name)) return true;
  if (e?.code && NETWORK_CODES.has(e.code)) return true;
  if (e?.$retryable !== undefined) return true;
  if (status !== undefined) return status === 429 || status >= 500;
  return false;
}

function toServiceError(error: unknown, operation: string): DataHubError {
  if (error instanceof DataHubError) return error;
  const e = error as SdkErrorShape & { message?: string };
  const detail = [e?.name, e?.message].filter(Boolean).join(': ') || String(error);
  return new ServiceError('S3', `${operation} failed: ${detail}`, {
    retryable: isRetryableS3Error(error),
    cause: error,
  });
}
