/** A stored object's identity and size, as listed. */
export interface ObjectInfo {
  readonly key: string;
  readonly size: number;
  readonly lastModified: Date;
}

export interface PutOptions {
  readonly contentType?: string;
  readonly contentEncoding?: string;
}

/**
 * Port: a key/value object store with buckets (S3 on AWS, a directory tree locally).
 * Buckets are physical names; the use cases get them from config (raw, lake, quarantine, report).
 */
export interface ObjectStore {
  /** Whole object in memory. Throws `ObjectNotFoundError` when absent. */
  get(bucket: string, key: string): Promise<Uint8Array>;
  /** Object as a stream of chunks, for large inputs read with bounded memory. */
  getStream(bucket: string, key: string): Promise<AsyncIterable<Uint8Array>>;
  /** Writes atomically: readers see the old object or the new one, never a partial one. */
  put(bucket: string, key: string, body: Uint8Array | string, options?: PutOptions): Promise<void>;
  /** Every object whose key starts with `prefix`, in key order, across pages. */
  list(bucket: string, prefix: string): AsyncIterable<ObjectInfo>;
  /** Deletes the keys; absent keys are ignored. */
  delete(bucket: string, keys: readonly string[]): Promise<void>;
  /** Metadata or undefined when the object does not exist. */
  head(bucket: string, key: string): Promise<ObjectInfo | undefined>;
}
