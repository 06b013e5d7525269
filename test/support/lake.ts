import path from 'node:path';
import { DuckDBParquetEncoder } from '../../shared/adapters/duckdb/parquet-encoder.ts';
import { DuckDBQueryEngine } from '../../shared/adapters/duckdb/query-engine.ts';
import { FsObjectStore } from '../../shared/adapters/local/fs-object-store.ts';
import { loadQueryCatalog } from '../../shared/adapters/local/query-files.ts';
import type { QueryCatalog } from '../../shared/analytics/query-catalog.ts';
import type { Row, TableDef } from '../../shared/catalog/types.ts';
import { validatorFor } from '../../shared/catalog/validate.ts';
import { tempDir } from './tmp.ts';

/** A throw-away local lake: write validated fixture rows per table, query them with the real engine. */
export interface FixtureLake {
  readonly store: FsObjectStore;
  readonly engine: DuckDBQueryEngine;
  readonly catalog: QueryCatalog;
  write(table: TableDef, rows: readonly Row[]): Promise<void>;
  close(): Promise<void>;
}

export async function fixtureLake(): Promise<FixtureLake> {
  const store = new FsObjectStore(await tempDir('lake'));
  const encoder = new DuckDBParquetEncoder();
  const engine = new DuckDBQueryEngine({ lakeDir: path.join(store.root, 'lake'), threads: 1 });
  const catalog = await loadQueryCatalog();
  let file = 0;
  return {
    store,
    engine,
    catalog,
    async write(table, rows) {
      const validate = validatorFor(table, () => Date.parse('2026-12-31T00:00:00Z'));
      const byDt = new Map<string, Row[]>();
      for (const row of rows) {
        const result = validate(row);
        if (!result.ok)
          throw new Error(`fixture row invalid: ${result.problem.field}: ${result.problem.reason}`);
        const dt = String(result.row[table.partitionSource]).slice(0, 10);
        byDt.set(dt, [...(byDt.get(dt) ?? []), result.row]);
      }
      for (const [dt, list] of byDt)
        await store.put(
          'lake',
          `${table.name}/dt=${dt}/fixture-${file++}.parquet`,
          await encoder.encode(table, list),
        );
    },
    async close() {
      await Promise.all([encoder.close(), engine.close()]);
    },
  };
}
