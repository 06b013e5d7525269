import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { DuckDBParquetEncoder } from '../../shared/adapters/duckdb/parquet-encoder.ts';
import { ingestObject } from '../../shared/ingest/ingest.ts';
import { MemoryObjectStore } from '../support/memory-object-store.ts';

const encoder = new DuckDBParquetEncoder();
afterAll(() => encoder.close());
const buckets = { raw: 'raw', lake: 'lake', quarantine: 'quarantine', report: 'report' };

const KEYS = [
  'otlp/year=2026/month=01/day=01/hour=00/minute=00/metrics_fuzz.json',
  'otlp/year=2026/month=01/day=01/hour=00/minute=00/traces_fuzz.json',
  'feedback/github/issues/page-1.json',
  'feedback/slack/help/2026-01-01.json',
  'surveys/nps-2026-01.csv',
  'releases/releases.json',
  'benchmarks/k6/run-1.json',
  'benchmarks/resources/run-1.csv',
];

/** Hostile or malformed input of every shape: random JSON, random text, deep nesting, odd Unicode. */
const hostile = fc.oneof(
  fc.jsonValue({ maxDepth: 6 }).map((v) => JSON.stringify(v)),
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.integer({ min: 1, max: 2000 }).map((depth) => `${'['.repeat(depth)}${']'.repeat(depth)}`),
  fc
    .array(
      fc.record({
        id: fc.integer(),
        number: fc.integer(),
        title: fc.string(),
        created_at: fc.string(),
        issue_url: fc.option(fc.string()),
        ts: fc.string(),
      }),
      { maxLength: 5 },
    )
    .map((a) => JSON.stringify(a)),
  fc.constant(
    '{"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"name":"m","histogram":{"dataPoints":[{"timeUnixNano":"99999999999999999999","bucketCounts":["x"]}]}}]}]}]}',
  ),
  fc.constant('respondent,score,comment,version,timestamp\n"unterminated,5,x,v,2026'),
);

describe('Property: record-by-record parsers', () => {
  it('never throw on malformed input: each object is ingested or quarantined, with reasons', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...KEYS), hostile, async (key, body) => {
        const store = new MemoryObjectStore();
        await store.put('raw', key, body);

        const report = await ingestObject({ store, encoder, buckets }, key);

        expect(['ingested', 'quarantined']).toContain(report.status);
        if (report.status === 'quarantined') expect(report.reason).toBeTruthy();
        if (report.quarantined > 0)
          expect(await store.head('quarantine', `records/${key}.ndjson`)).toBeDefined();
      }),
      { numRuns: 150 },
    );
  }, 120_000);
});
