import type { Row, TableDef } from '../catalog/types.ts';

/** Port: turns validated rows of one table into one Parquet file (schema from the catalog). */
export interface ParquetEncoder {
  encode(table: TableDef, rows: readonly Row[]): Promise<Uint8Array>;
  close(): Promise<void>;
}
