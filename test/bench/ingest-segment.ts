/**
 * Segment ingest throughput against DuckDB's own `read_json → Parquet` on the same file, in the same
 * run, both single-threaded. Usage: node test/bench/ingest-segment.ts [events=500000] [--gzip]
 * Prints events/s, MB/s and the ratio (target ≤ 1.5); peak RSS of our ingest is measured in a child.
 */
import { execFileSync } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { openDuckDB } from '../../shared/adapters/duckdb/database.ts';

const events = Number(process.argv[2] ?? 500_000);
const gzip = process.argv.includes('--gzip');
const dir = await mkdtemp(path.join(tmpdir(), 'bench-ingest-'));
const file = path.join(dir, `events.ndjson${gzip ? '.gz' : ''}`);

/** Realistic Segment calls (track with properties and context, as Segment's S3 destination writes them). */
async function* calls() {
  for (let i = 0; i < events; i++) {
    const t = new Date(Date.UTC(2026, 10, 1) + i * 1000).toISOString();
    yield `${JSON.stringify({
      type: i % 5 === 0 ? 'page' : 'track',
      event: 'Element Clicked',
      messageId: `msg-${i}`,
      userId: `user-${i % 500}`,
      anonymousId: `anon-${i % 700}`,
      timestamp: t,
      originalTimestamp: t,
      sentAt: t,
      receivedAt: t,
      properties: {
        feature: 'clicks',
        page: '/overview',
        element: 'button#add-destination',
        x: (i % 100) / 100,
        y: (i % 37) / 37,
        viewportWidth: 1920,
        viewportHeight: 1080,
      },
      context: {
        app: { name: 'odigos-ui', version: 'v1.0.200' },
        groupId: 'inst-01',
        page: { path: '/overview', title: 'Overview', url: 'http://localhost:3000/overview' },
        library: { name: 'analytics.js', version: 'next-1.70.0' },
        odigos: { installation_id: 'inst-01', cluster_name: 'prod-eu-west-1', version: 'v1.0.200' },
      },
    })}\n`;
  }
}
if (gzip) await pipeline(Readable.from(calls()), createGzip(), createWriteStream(file));
else await pipeline(Readable.from(calls()), createWriteStream(file));
const bytes = (await stat(file)).size;

const db = await openDuckDB({ threads: 1, memoryLimit: '2GB' });
let t = performance.now();
await db.run(
  `COPY (SELECT * FROM read_json('${file}', format = 'newline_delimited')) TO '${path.join(dir, 'baseline.parquet')}' (FORMAT parquet)`,
);
const baseline = (performance.now() - t) / 1000;
db.closeSync();

// Our ingest in a child process, so its peak RSS is its own.
const child = path.join(import.meta.dirname, 'ingest-one.ts');
t = performance.now();
const out = execFileSync(process.execPath, [child, file], { encoding: 'utf8' });
const ours = (performance.now() - t) / 1000;
const result = JSON.parse(out) as { accepted: number; seconds: number; maxRssMb: number };

const mb = bytes / 1e6;
console.log(`file: ${events} Segment events, ${mb.toFixed(0)} MB${gzip ? ' gzipped' : ''} NDJSON`);
console.log(
  `DuckDB read_json → Parquet (1 thread): ${baseline.toFixed(2)} s, ${Math.round(events / baseline)} events/s`,
);
console.log(
  `Data Hub ingest (1 thread, validate + quarantine + dedup + Parquet): ${result.seconds.toFixed(2)} s in-process (${ours.toFixed(2)} s with process start), ${Math.round(events / result.seconds)} events/s, ${(mb / result.seconds).toFixed(1)} MB/s; accepted ${result.accepted}`,
);
console.log(
  `ratio ours / DuckDB: ${(result.seconds / baseline).toFixed(2)} (target ≤ 1.5); peak RSS of our ingest: ${result.maxRssMb} MB`,
);
await rm(dir, { recursive: true, force: true });
