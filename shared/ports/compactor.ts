import type { TableDef } from '../catalog/types.ts';

export interface CompactionInput {
  /** Rows of one source object (`src-<stem>.parquet`), or the previous compacted file. */
  readonly kind: 'source' | 'compacted';
  read(): Promise<Uint8Array>;
}

export interface CompactionResult {
  readonly parquet: Uint8Array;
  readonly rows: number;
  /** Rows dropped because another row had the same unique key (re-sends across objects). */
  readonly duplicates: number;
}

/**
 * Port: merges a day's Parquet files of one table into one file. Rows of sources that have a fresh
 * file (or were withdrawn) are taken from that file only, never from the old compacted file; then
 * rows are de-duplicated by the table's unique key, fresh rows first.
 */
export interface ParquetCompactor {
  merge(
    table: TableDef,
    inputs: readonly CompactionInput[],
    replacedStems: readonly string[],
  ): Promise<CompactionResult>;
  close(): Promise<void>;
}
