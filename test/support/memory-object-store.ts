import { ObjectNotFoundError } from '../../shared/errors/index.ts';
import type { ObjectInfo, ObjectStore } from '../../shared/ports/object-store.ts';

/** An in-memory object store for tests that do not need files; keys are `<bucket>/<key>`. */
export class MemoryObjectStore implements ObjectStore {
  readonly objects = new Map<string, Uint8Array>();

  async get(bucket: string, key: string): Promise<Uint8Array> {
    const body = this.objects.get(`${bucket}/${key}`);
    if (!body) throw new ObjectNotFoundError(bucket, key);
    return body;
  }

  async getStream(bucket: string, key: string): Promise<AsyncIterable<Uint8Array>> {
    const body = await this.get(bucket, key);
    return (async function* () {
      yield body;
    })();
  }

  async put(bucket: string, key: string, body: Uint8Array | string): Promise<void> {
    this.objects.set(`${bucket}/${key}`, typeof body === 'string' ? new TextEncoder().encode(body) : body);
  }

  async *list(bucket: string, prefix: string): AsyncIterable<ObjectInfo> {
    const full = `${bucket}/${prefix}`;
    for (const key of [...this.objects.keys()].sort()) {
      if (key.startsWith(full))
        yield {
          key: key.slice(bucket.length + 1),
          size: this.objects.get(key)!.length,
          lastModified: new Date(0),
        };
    }
  }

  async delete(bucket: string, keys: readonly string[]): Promise<void> {
    for (const key of keys) this.objects.delete(`${bucket}/${key}`);
  }

  async head(bucket: string, key: string): Promise<ObjectInfo | undefined> {
    const body = this.objects.get(`${bucket}/${key}`);
    return body ? { key, size: body.length, lastModified: new Date(0) } : undefined;
  }
}
