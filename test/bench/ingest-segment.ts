/**
 * Segment ingest throughput against DuckDB's own `read_json → Parquet` on the same file, in the same
 * run, both single-threaded.
 * Usage: node test/bench/ingest-segment.ts [events=500000] [--gzip] [--days=1] [--bad-every=N]
 * `--days` spreads the events over that many UTC days (an object from Segment's S3 destination
 * holds about one day; several days take the split path).
 * Prints events/s, MB/s and the ratio (target ≤ 1.5); peak RSS of our ingest is measured in a child.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
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
const days = Number(process.argv.find((a) => a.startsWith('--days='))?.slice(7) ?? 1);
const spacingMs = (days * 86_400_000) / events;
/** `--bad-every=N` makes every Nth line unusable, which sends the object down the careful path. */
const badEvery = Number(process.argv.find((a) => a.startsWith('--bad-every='))?.slice(12) ?? 0);
const dir = await mkdtemp(path.join(tmpdir(), 'bench-ingest-'));
const file = path.join(dir, `events.ndjson${gzip ? '.gz' : ''}`);

const PAGES = [
  '/overview',
  '/service-map',
  '/choose-sources',
  '/choose-destination',
  '/sampling',
  '/settings',
];
const EVENTS = ['Element Clicked', 'Source Added', 'Destination Added', 'Rule Saved', 'Search Used'];
const ELEMENTS = ['button#add-destination', 'button#save', 'a.nav-link', 'input#search', 'div.node'];

/** A small seeded generator (mulberry32): the same file every run, with text that compresses like real logs. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}
const next = random(42);
const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
const hex = (n: number) => Array.from({ length: n }, () => Math.floor(next() * 16).toString(16)).join('');
const uuid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`;
const users = Array.from({ length: 2000 }, () => uuid());
const installations = Array.from({ length: 60 }, () => `inst-${hex(6)}`);

/** Segment calls as its S3 destination writes them: random ids, varied pages and properties, skewed clocks. */
async function* calls() {
  for (let start = 0; start < events; start += 1000) {
    let chunk = '';
    for (let i = start; i < Math.min(events, start + 1000); i++) {
      if (badEvery > 0 && i % badEvery === badEvery - 1) {
        chunk += `{"type": "track", "messageId": "broken-${i}", "timestamp": "not a time"}\n`;
        continue;
      }
      const at = Date.UTC(2026, 10, 1) + Math.floor(i * spacingMs);
      const page = pick(PAGES);
      const user = pick(users);
      chunk += `${JSON.stringify({
        type: i % 5 === 0 ? 'page' : 'track',
        event: i % 5 === 0 ? undefined : pick(EVENTS),
        name: i % 5 === 0 ? page : undefined,
        messageId: `ajs-next-${randomUUID()}`,
        userId: next() < 0.7 ? `user-${user.slice(0, 8)}` : null,
        anonymousId: user,
        timestamp: new Date(at).toISOString(),
        originalTimestamp: new Date(at - Math.floor(next() * 2000)).toISOString(),
        sentAt: new Date(at + Math.floor(next() * 500)).toISOString(),
        receivedAt: new Date(at + 300 + Math.floor(next() * 900)).toISOString(),
        properties: {
          feature: page.slice(1).replace('-', '_'),
          path: page,
          element: pick(ELEMENTS),
          x: Math.round(next() * 10000) / 10000,
          y: Math.round(next() * 10000) / 10000,
          viewportWidth: pick([1280, 1440, 1920, 2560]),
          viewportHeight: pick([720, 900, 1080, 1440]),
        },
        context: {
          app: { name: 'odigos-ui', version: 'v1.0.200' },
          groupId: installations[i % installations.length],
          page: { path: page, title: page.slice(1), url: `http://localhost:3000${page}` },
          library: { name: 'analytics.js', version: 'next-1.70.0' },
          userAgent:
            'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36',
          odigos: {
            installation_id: installations[i % installations.length],
            cluster_name: pick(['prod-eu-west-1', 'prod-us-east-1', 'staging']),
            version: 'v1.0.200',
          },
        },
      })}\n`;
    }
    yield chunk;
  }
}
if (gzip) await pipeline(Readable.from(calls()), createGzip(), createWriteStream(file));
else await pipeline(Readable.from(calls()), createWriteStream(file));
const bytes = (await stat(file)).size;

// With bad lines, DuckDB's reader is told to skip them (silently: the baseline quarantines nothing).
const db = await openDuckDB({ threads: 1, memoryLimit: '2GB' });
let t = performance.now();
const cpu = process.cpuUsage();
await db.run(
  `COPY (SELECT * FROM read_json('${file}', format = 'newline_delimited'${badEvery > 0 ? ', ignore_errors = true' : ''})) TO '${path.join(dir, 'baseline.parquet')}' (FORMAT parquet)`,
);
const baseline = (performance.now() - t) / 1000;
const baselineCpu = ((u) => (u.user + u.system) / 1e6)(process.cpuUsage(cpu));
db.closeSync();

// Our ingest in a child process, so its peak RSS is its own.
const child = path.join(import.meta.dirname, 'ingest-one.ts');
t = performance.now();
const out = execFileSync(process.execPath, [child, file], { encoding: 'utf8' });
const ours = (performance.now() - t) / 1000;
const result = JSON.parse(out) as { accepted: number; seconds: number; cpuSeconds: number; maxRssMb: number };

const mb = bytes / 1e6;
const perCore = (seconds: number) =>
  `${Math.round(events / seconds)} events/s, ${(mb / seconds).toFixed(1)} MB/s per core`;
console.log(
  `file: ${events} Segment events over ${days} day(s), ${mb.toFixed(0)} MB${gzip ? ' gzipped' : ''} NDJSON`,
);
console.log(
  `DuckDB read_json → Parquet (1 thread): ${baseline.toFixed(2)} s wall, ${baselineCpu.toFixed(2)} s CPU = ${perCore(baselineCpu)}`,
);
console.log(
  `Data Hub ingest (1 DuckDB thread; validate + quarantine + dedup + Parquet + lake upload + manifest): ${result.seconds.toFixed(2)} s wall (${ours.toFixed(2)} s with process start), ${result.cpuSeconds.toFixed(2)} s CPU = ${perCore(result.cpuSeconds)}; accepted ${result.accepted}`,
);
console.log(
  `ratio ours / DuckDB: ${(result.seconds / baseline).toFixed(2)} wall, ${(result.cpuSeconds / baselineCpu).toFixed(2)} CPU (target ≤ 1.5); peak RSS of our ingest: ${result.maxRssMb} MB`,
);
await rm(dir, { recursive: true, force: true });
