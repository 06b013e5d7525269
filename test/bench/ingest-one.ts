/** Child of ingest-segment.ts: ingests one local file through the real use case and prints figures. */
import path from 'node:path';
import { DuckDBBulkIngestor, segmentBulkSource } from '../../shared/adapters/duckdb/bulk-ingestor.ts';
import { DuckDBParquetEncoder } from '../../shared/adapters/duckdb/parquet-encoder.ts';
import { FsObjectStore } from '../../shared/adapters/local/fs-object-store.ts';
import { DEFAULT_QUERIES_DIR, loadQueryCatalog } from '../../shared/adapters/local/query-files.ts';
import { ingestObject } from '../../shared/ingest/ingest.ts';

const file = process.argv[2]!;
const root = path.dirname(file);
const store = new FsObjectStore(root);
const statements = await loadQueryCatalog(DEFAULT_QUERIES_DIR, 'duckdb');
const bulk = new DuckDBBulkIngestor({
  sources: [segmentBulkSource(statements)],
});
const encoder = new DuckDBParquetEncoder();
// The raw "bucket" is the folder holding the file; the key is events/<name>.
const { mkdir, rename } = await import('node:fs/promises');
await mkdir(path.join(root, 'raw', 'events'), { recursive: true });
const key = `events/${path.basename(file)}`;
await rename(file, path.join(root, 'raw', key));
const t = performance.now();
const cpu = process.cpuUsage();
const report = await ingestObject(
  { store, encoder, bulk, buckets: { raw: 'raw', lake: 'lake', quarantine: 'quarantine', report: 'report' } },
  key,
);
const seconds = (performance.now() - t) / 1000;
const used = process.cpuUsage(cpu);
await Promise.all([bulk.close(), encoder.close()]);
process.stdout.write(
  JSON.stringify({
    accepted: report.accepted.ui_events ?? 0,
    quarantined: report.quarantined,
    duplicates: report.duplicates,
    status: report.status,
    ...(report.reason ? { reason: report.reason } : {}),
    seconds,
    // Every thread of the process: DuckDB's, Node's, and zlib's integrity check on the pool.
    cpuSeconds: (used.user + used.system) / 1e6,
    maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
