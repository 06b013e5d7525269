import { InvalidKeyError, ObjectNotFoundError } from '../../shared/errors/index.ts';
import type { ObjectInfo, ObjectStore, PutOptions } from '../../shared/ports/object-store.ts';

const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{0,62}$/;

/** What a put recorded besides the bytes. */
export interface StoredMetadata {
  readonly contentType?: string;
  readonly contentEncoding?: string;
  readonly lastModified: Date;
}

/**
 * An in-memory object store for tests that do not need files. Keys in `objects` are
 * `<bucket>/<key>`. It behaves like the port's other adapters: bodies are copied on the way in and
 * out (no aliasing), `list` returns keys in order, streams arrive in several chunks, and
 * `lastModified` comes from a counter, so listings are deterministic.
 *
 * @example
 *   const store = new MemoryObjectStore();
 *   await store.put('raw', 'a/b.json', '{}', { contentType: 'application/json' });
 *   store.text('raw', 'a/b.json'); // '{}'
 */
export class MemoryObjectStore implements ObjectStore {
  readonly objects = new Map<string, Uint8Array>();
  readonly metadata = new Map<string, StoredMetadata>();
  /** Chunk size of `getStream`, small enough that readers see objects in pieces. */
  readonly chunkSize: number;
  private clock = 0;

  constructor(options: { chunkSize?: number } = {}) {
    this.chunkSize = options.chunkSize ?? 64 * 1024;
  }

  async get(bucket: string, key: string): Promise<Uint8Array> {
    return this.read(bucket, key).slice();
  }

  async getStream(bucket: string, key: string): Promise<AsyncIterable<Uint8Array>> {
    const body = this.read(bucket, key);
    const size = this.chunkSize;
    return (async function* () {
      for (let offset = 0; offset < body.length; offset += size) yield body.slice(offset, offset + size);
    })();
  }

  async put(bucket: string, key: string, body: Uint8Array | string, options: PutOptions = {}): Promise<void> {
    const id = this.id(bucket, key);
    this.objects.set(id, typeof body === 'string' ? new TextEncoder().encode(body) : body.slice());
    this.metadata.set(id, { ...options, lastModified: new Date(Date.UTC(2026, 0, 1) + ++this.clock * 1000) });
  }

  async *list(bucket: string, prefix: string): AsyncIterable<ObjectInfo> {
    checkBucket(bucket);
    const full = `${bucket}/${prefix}`;
    const keys = [...this.objects.keys()].filter((k) => k.startsWith(full)).sort();
    for (const id of keys) {
      const body = this.objects.get(id);
      // Deleted while listing: S3 listings are not snapshots either, skip it.
      if (!body) continue;
      yield {
        key: id.slice(bucket.length + 1),
        size: body.length,
        lastModified: this.metadata.get(id)!.lastModified,
      };
    }
  }

  async delete(bucket: string, keys: readonly string[]): Promise<void> {
    for (const key of keys) {
      const id = this.id(bucket, key);
      this.objects.delete(id);
      this.metadata.delete(id);
    }
  }

  async head(bucket: string, key: string): Promise<ObjectInfo | undefined> {
    const id = this.id(bucket, key);
    const body = this.objects.get(id);
    return body ? { key, size: body.length, lastModified: this.metadata.get(id)!.lastModified } : undefined;
  }

  /** The object as UTF-8 text (a BOM is kept), for assertions. */
  text(bucket: string, key: string): string {
    return new TextDecoder('utf-8', { ignoreBOM: true }).decode(this.read(bucket, key));
  }

  /** Keys (without the bucket) under a prefix, in order. */
  keys(bucket: string, prefix = ''): string[] {
    const full = `${bucket}/${prefix}`;
    return [...this.objects.keys()]
      .filter((k) => k.startsWith(full))
      .sort()
      .map((k) => k.slice(bucket.length + 1));
  }

  private read(bucket: string, key: string): Uint8Array {
    const body = this.objects.get(this.id(bucket, key));
    if (!body) throw new ObjectNotFoundError(bucket, key);
    return body;
  }

  private id(bucket: string, key: string): string {
    checkBucket(bucket);
    if (key === '') throw new InvalidKeyError(key, 'keys must be non-empty');
    return `${bucket}/${key}`;
  }
}

function checkBucket(bucket: string): void {
  if (!BUCKET_NAME.test(bucket)) throw new InvalidKeyError(bucket, 'invalid bucket name');
}
