/**
 * `npm run bench [-- name…]`: every benchmark, one child process each so their peak memory and
 * timings do not mix. Not a test — it prints figures and never fails on a number. Run it on an
 * idle machine; each benchmark says what it measured and against what.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const BENCHMARKS: Record<string, { script: string; args: string[]; what: string }> = {
  demo: { script: 'demo.ts', args: [], what: 'the demo data set: ingest throughput and each query' },
  segment: {
    script: 'ingest-segment.ts',
    args: ['500000', '--gzip'],
    what: 'Segment NDJSON ingest against DuckDB read_json → Parquet (500k events, gzipped)',
  },
  'segment-days': {
    script: 'ingest-segment.ts',
    args: ['500000', '--gzip', '--days=3'],
    what: 'the same over three days (the split path)',
  },
  'segment-bad': {
    script: 'ingest-segment.ts',
    args: ['500000', '--gzip', '--bad-every=1000'],
    what: 'the same with one bad line in a thousand (the careful path)',
  },
  otlp: {
    script: 'ingest-otlp.ts',
    args: ['20', '400'],
    what: 'OTLP/JSON metrics ingest against DuckDB read_json → Parquet (20 exports × 400 pods)',
  },
  queries: {
    script: 'queries-at-scale.ts',
    args: ['10000000'],
    what: 'the query catalog on the demo data scaled to 10 M UI events',
  },
};

const chosen = process.argv.slice(2);
for (const name of chosen) {
  if (!BENCHMARKS[name]) {
    console.error(`Unknown benchmark "${name}"; choose from: ${Object.keys(BENCHMARKS).join(', ')}`);
    process.exit(2);
  }
}
for (const [name, bench] of Object.entries(BENCHMARKS)) {
  if (chosen.length > 0 && !chosen.includes(name)) continue;
  console.log(`\n## ${name}: ${bench.what}`);
  const started = performance.now();
  const run = spawnSync(process.execPath, [path.join(import.meta.dirname, bench.script), ...bench.args], {
    stdio: 'inherit',
  });
  console.log(`(${name} took ${((performance.now() - started) / 1000).toFixed(0)} s, exit ${run.status})`);
}
