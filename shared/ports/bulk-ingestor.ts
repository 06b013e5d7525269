/** One Parquet file the bulk path produced for a `dt` partition. */
export interface StagedPart {
  readonly dt: string;
  /** 0 for the first file of the partition; large objects split into several. */
  readonly part: number;
  read(): Promise<Uint8Array>;
}

/** What a bulk ingest of one object produced; the caller uploads it and then calls `dispose`. */
export interface BulkOutcome {
  readonly table: string;
  readonly parts: readonly StagedPart[];
  readonly accepted: number;
  readonly duplicates: number;
  readonly quarantined: number;
  /** `position: field: reason` of the first bad record, for logs and the CLI. */
  readonly firstProblem?: string;
  /** Bad records as NDJSON ({sourceKey, position, field, reason, raw}), or undefined when none. */
  quarantineNdjson(): Promise<Uint8Array | undefined>;
  dispose(): Promise<void>;
}

/**
 * Port: parses, validates and encodes a whole object in a native engine (DuckDB) with bounded
 * memory. Used for the high-volume sources; throws `UnreadableInputError` when the object cannot be
 * read at all (truncated compression, not text).
 */
export interface BulkIngestor {
  canIngest(sourceKey: string): boolean;
  ingest(sourceKey: string, open: () => Promise<AsyncIterable<Uint8Array>>): Promise<BulkOutcome>;
  close(): Promise<void>;
}
