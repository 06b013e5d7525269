/**
 * OTLP/JSON metrics ingest throughput against DuckDB's own `read_json → Parquet` on the same files,
 * in the same run, both single-threaded. Usage: node test/bench/ingest-otlp.ts [objects=60] [pods=40]
 * Each object is one ExportMetricsServiceRequest as the collector's awss3exporter writes it (a
 * minute of a cluster: per pod, gauges, cumulative sums and latency histograms), gzipped.
 */
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { openDuckDB } from '../../shared/adapters/duckdb/database.ts';
import { DuckDBParquetEncoder } from '../../shared/adapters/duckdb/parquet-encoder.ts';
import { FsObjectStore } from '../../shared/adapters/local/fs-object-store.ts';
import { ingestObject } from '../../shared/ingest/ingest.ts';

const objects = Number(process.argv[2] ?? 60);
const pods = Number(process.argv[3] ?? 40);
const dir = await mkdtemp(path.join(tmpdir(), 'bench-otlp-'));
const rawDir = path.join(dir, 'raw');

const str = (key: string, value: string) => ({ key, value: { stringValue: value } });
const BOUNDS = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500];
const COMPONENTS = ['odiglet', 'gateway', 'data-collection', 'instrumentor', 'scheduler', 'ui'];

/** One minute of one cluster: every pod reports its process metrics and exporter counters. */
function exportRequest(minute: number): unknown {
  const end = Date.UTC(2026, 10, 1, 10, minute);
  const nanos = (ms: number) => `${ms}000000`;
  return {
    resourceMetrics: Array.from({ length: pods }, (_, pod) => {
      const component = COMPONENTS[pod % COMPONENTS.length]!;
      const point = (value: number, attributes: unknown[] = []) => ({
        attributes,
        startTimeUnixNano: nanos(Date.UTC(2026, 10, 1)),
        timeUnixNano: nanos(end),
        asDouble: value,
      });
      const histogram = (seed: number) => {
        const bucketCounts = BOUNDS.map((_, i) => String((seed * (i + 3)) % 97)).concat(['1']);
        return {
          attributes: [str('http.route', `/api/v1/route-${seed % 9}`)],
          startTimeUnixNano: nanos(Date.UTC(2026, 10, 1)),
          timeUnixNano: nanos(end),
          count: String(bucketCounts.reduce((a, b) => a + Number(b), 0)),
          sum: seed * 13.7,
          bucketCounts,
          explicitBounds: BOUNDS,
        };
      };
      return {
        resource: {
          attributes: [
            str('k8s.cluster.name', 'prod-eu-west-1'),
            str('service.name', `odigos-${component}`),
            str('k8s.pod.name', `odigos-${component}-${pod}-7d9f8`),
            str('odigos.version', 'v1.0.200'),
            str('k8s.namespace.name', 'odigos-system'),
          ],
        },
        scopeMetrics: [
          {
            scope: { name: 'github.com/odigos-io/odigos/collector', version: 'v1.0.200' },
            metrics: [
              {
                name: 'process.cpu.utilization',
                unit: '1',
                gauge: { dataPoints: [point(((pod * 7 + minute) % 100) / 100)] },
              },
              {
                name: 'process.memory.usage',
                unit: 'By',
                gauge: { dataPoints: [point(200e6 + pod * 1e6 + minute * 1e3)] },
              },
              {
                name: 'otelcol_exporter_sent_spans',
                unit: '1',
                sum: {
                  aggregationTemporality: 2,
                  isMonotonic: true,
                  dataPoints: ['otlp/jaeger', 'otlp/tempo', 'awss3'].map((exporter, i) => ({
                    ...point(0, [str('exporter', exporter)]),
                    asDouble: undefined,
                    asInt: String(1_000_000 + minute * 5000 + pod * 10 + i),
                  })),
                },
              },
              {
                name: 'http.server.request.duration',
                unit: 'ms',
                histogram: {
                  aggregationTemporality: 2,
                  dataPoints: [1, 2, 3].map((k) => histogram(pod * 3 + k + minute)),
                },
              },
            ],
          },
        ],
      };
    }),
  };
}

const prefix = 'otlp/prod-eu-west-1/year=2026/month=11/day=01/hour=10';
let bytes = 0;
for (let m = 0; m < objects; m++) {
  const key = `${prefix}/minute=${String(m % 60).padStart(2, '0')}/metrics_${m}.json.gz`;
  const file = path.join(rawDir, key);
  await mkdir(path.dirname(file), { recursive: true });
  const body = gzipSync(JSON.stringify(exportRequest(m)));
  bytes += body.length;
  await writeFile(file, body);
}
const keys = (await readdir(rawDir, { recursive: true, withFileTypes: true }))
  .filter((e) => e.isFile())
  .map((e) => path.relative(rawDir, path.join(e.parentPath, e.name)))
  .sort();
const uncompressed = objects * JSON.stringify(exportRequest(0)).length;

const cpuSeconds = (since: NodeJS.CpuUsage) => ((u) => (u.user + u.system) / 1e6)(process.cpuUsage(since));

// DuckDB's baseline: each object straight to Parquet as read_json sees it.
const db = await openDuckDB({ threads: 1, memoryLimit: '1GB' });
let t = performance.now();
let cpu = process.cpuUsage();
for (const [i, key] of keys.entries()) {
  await db.run(
    `COPY (SELECT * FROM read_json('${path.join(rawDir, key)}')) TO '${path.join(dir, `baseline-${i}.parquet`)}' (FORMAT parquet)`,
  );
}
const baseline = { wall: (performance.now() - t) / 1000, cpu: cpuSeconds(cpu) };
db.closeSync();

// Ours: the ingest use case (parse, validate, quarantine, de-duplicate, Parquet, lake, manifest).
const store = new FsObjectStore(dir);
const encoder = new DuckDBParquetEncoder();
const buckets = { raw: 'raw', lake: 'lake', quarantine: 'quarantine', report: 'report' };
t = performance.now();
cpu = process.cpuUsage();
let points = 0;
for (const key of keys) {
  const report = await ingestObject({ store, encoder, buckets }, key);
  points += report.accepted.metric_points ?? 0;
}
const ours = { wall: (performance.now() - t) / 1000, cpu: cpuSeconds(cpu) };
await encoder.close();

const mb = uncompressed / 1e6;
const rate = (s: number) =>
  `${Math.round(points / s)} points/s, ${(mb / s).toFixed(1)} MB/s of JSON per core`;
console.log(
  `files: ${objects} OTLP/JSON metric exports, ${pods} pods each; ${points} data points; ${mb.toFixed(0)} MB JSON, ${(bytes / 1e6).toFixed(1)} MB gzipped`,
);
console.log(
  `DuckDB read_json → Parquet (1 thread): ${baseline.wall.toFixed(2)} s wall, ${baseline.cpu.toFixed(2)} s CPU = ${rate(baseline.cpu)}`,
);
console.log(
  `Data Hub ingest (JS parser + DuckDB Parquet, 1 thread): ${ours.wall.toFixed(2)} s wall, ${ours.cpu.toFixed(2)} s CPU = ${rate(ours.cpu)}`,
);
console.log(
  `ratio ours / DuckDB: ${(ours.wall / baseline.wall).toFixed(2)} wall, ${(ours.cpu / baseline.cpu).toFixed(2)} CPU (target ≤ 1.5); peak RSS of the whole run: ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`,
);
await rm(dir, { recursive: true, force: true });
