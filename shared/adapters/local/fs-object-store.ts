import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { InvalidKeyError, ObjectNotFoundError } from '../../errors/index.ts';
import type { ObjectInfo, ObjectStore, PutOptions } from '../../ports/object-store.ts';

const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{0,62}$/;

/**
 * Local adapter of the object store: `<root>/<bucket>/<key>`, the same layout as S3.
 * Writes go to a temporary sibling and are renamed into place, so a reader (or a crash)
 * never sees a half-written object — the guarantee S3 gives for PutObject.
 */
export class FsObjectStore implements ObjectStore {
  readonly root: string;

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  /** Absolute path of an object; rejects keys that would escape the bucket directory. */
  pathOf(bucket: string, key: string): string {
    if (!BUCKET_NAME.test(bucket)) throw new InvalidKeyError(`${bucket}/${key}`, 'invalid bucket name');
    if (key === '' || key.startsWith('/') || key.includes('\\') || key.includes('\0')) {
      throw new InvalidKeyError(key, 'keys must be relative, non-empty, without backslashes or NUL');
    }
    const segments = key.split('/');
    if (segments.some((s) => s === '..' || s === '.'))
      throw new InvalidKeyError(key, 'keys may not contain . or ..');
    const bucketDir = path.join(this.root, bucket);
    const full = path.join(bucketDir, key.normalize('NFC'));
    if (!full.startsWith(bucketDir + path.sep)) throw new InvalidKeyError(key, 'key escapes the bucket');
    return full;
  }

  async get(bucket: string, key: string): Promise<Uint8Array> {
    try {
      return await readFile(this.pathOf(bucket, key));
    } catch (error) {
      throw this.translate(error, bucket, key);
    }
  }

  async getStream(bucket: string, key: string): Promise<AsyncIterable<Uint8Array>> {
    const file = this.pathOf(bucket, key);
    try {
      await stat(file);
    } catch (error) {
      throw this.translate(error, bucket, key);
    }
    return createReadStream(file, { highWaterMark: 1 << 20 });
  }

  async put(bucket: string, key: string, body: Uint8Array | string, _options?: PutOptions): Promise<void> {
    const file = this.pathOf(bucket, key);
    await mkdir(path.dirname(file), { recursive: true });
    const temp = `${file}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
    const handle = await open(temp, 'w');
    try {
      await handle.writeFile(body);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  }

  async *list(bucket: string, prefix: string): AsyncIterable<ObjectInfo> {
    const bucketDir = path.join(this.root, bucket);
    // Walk only the directory that contains the prefix, then filter by the full prefix.
    const slash = prefix.lastIndexOf('/');
    const startDir = slash >= 0 ? this.pathOfDir(bucket, prefix.slice(0, slash)) : bucketDir;
    const keys: string[] = [];
    await collect(startDir, bucketDir, keys);
    keys.sort();
    for (const key of keys) {
      if (!key.startsWith(prefix)) continue;
      const info = await stat(path.join(bucketDir, key)).catch(() => undefined);
      if (info) yield { key, size: info.size, lastModified: info.mtime };
    }
  }

  async delete(bucket: string, keys: readonly string[]): Promise<void> {
    await Promise.all(keys.map((key) => rm(this.pathOf(bucket, key), { force: true })));
  }

  async head(bucket: string, key: string): Promise<ObjectInfo | undefined> {
    const info = await stat(this.pathOf(bucket, key)).catch(() => undefined);
    return info?.isFile() ? { key, size: info.size, lastModified: info.mtime } : undefined;
  }

  private pathOfDir(bucket: string, dirKey: string): string {
    return dirKey === '' ? path.join(this.root, bucket) : this.pathOf(bucket, dirKey);
  }

  private translate(error: unknown, bucket: string, key: string): unknown {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'EISDIR' ? new ObjectNotFoundError(bucket, key, error) : error;
  }
}

async function collect(dir: string, bucketDir: string, out: string[]): Promise<void> {
  let entries: import('node:fs').Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await collect(full, bucketDir, out);
    // Temporary files of in-flight writes are invisible, like an S3 upload before it completes.
    else if (entry.isFile() && !entry.name.includes('.tmp-'))
      out.push(path.relative(bucketDir, full).split(path.sep).join('/'));
  }
}
