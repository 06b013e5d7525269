import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { DuckDBBulkIngestor, segmentBulkSource } from '../../shared/adapters/duckdb/bulk-ingestor.ts';
import { DuckDBParquetEncoder } from '../../shared/adapters/duckdb/parquet-encoder.ts';
import { DuckDBQueryEngine } from '../../shared/adapters/duckdb/query-engine.ts';
import { FsObjectStore } from '../../shared/adapters/local/fs-object-store.ts';
import { DEFAULT_QUERIES_DIR, loadQueryCatalog } from '../../shared/adapters/local/query-files.ts';
import { ingestObject, quarantineRecordsKey } from '../../shared/ingest/ingest.ts';
import { tempDir } from '../support/tmp.ts';

const statements = await loadQueryCatalog(DEFAULT_QUERIES_DIR, 'duckdb');
const bulk = new DuckDBBulkIngestor({
  sources: [segmentBulkSource(statements)],
  now: () => Date.parse('2026-12-01T00:00:00Z'),
});
const encoder = new DuckDBParquetEncoder();
afterAll(() => Promise.all([bulk.close(), encoder.close()]));
const buckets = { raw: 'raw', lake: 'lake', quarantine: 'quarantine', report: 'report' };

/** A valid Segment call; ids are unique per generated file (the index is part of them). */
const validCall = fc.record({
  type: fc.constantFrom('track', 'page', 'identify', 'screen'),
  event: fc.string({ maxLength: 20 }),
  userId: fc.option(fc.string({ minLength: 1, maxLength: 12 }), { nil: undefined }),
  anonymousId: fc.string({ minLength: 1, maxLength: 12 }),
  timestamp: fc
    .date({
      min: new Date('2019-01-02T00:00:00Z'),
      max: new Date('2026-11-30T00:00:00Z'),
      noInvalidDate: true,
    })
    .map((d) => d.toISOString()),
  properties: fc.record({
    x: fc.double({ min: 0, max: 1, noNaN: true }),
    note: fc.string({ maxLength: 30 }),
  }),
});

/** Lines that must each end in quarantine, never in the lake. */
const badLine = fc.oneof(
  fc.string({ minLength: 1, maxLength: 40 }).filter(
    (s) =>
      s.trim() !== '' &&
      !s.includes('\n') &&
      !s.includes('\r') &&
      (() => {
        try {
          JSON.parse(s);
          return false;
        } catch {
          return true;
        }
      })(),
  ),
  fc.constant(JSON.stringify({ type: 'track', userId: 'u', timestamp: '2026-01-01T00:00:00Z' })), // no messageId
  fc.constant(
    JSON.stringify({ type: 'track', messageId: 'x-future', userId: 'u', timestamp: '2031-01-01T00:00:00Z' }),
  ),
  fc.constant(
    JSON.stringify({ type: 'track', messageId: 'x-old', userId: 'u', timestamp: '2012-01-01T00:00:00Z' }),
  ),
  fc.constant(
    JSON.stringify({ type: 'click', messageId: 'x-type', userId: 'u', timestamp: '2026-01-01T00:00:00Z' }),
  ),
  fc.constant(JSON.stringify({ type: 'track', messageId: 'x-anon', timestamp: '2026-01-01T00:00:00Z' })),
  fc.constant(
    JSON.stringify({
      type: 'track',
      messageId: 'x-xy',
      userId: 'u',
      timestamp: '2026-01-01T00:00:00Z',
      properties: { x: 3 },
    }),
  ),
  fc.constant('[1, 2, 3]'),
);

describe('Property: Segment ingest', () => {
  it('lands every valid call exactly once and quarantines every bad line with its line number and a reason', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof(
            { arbitrary: validCall.map((c) => ({ kind: 'good' as const, c })), weight: 4 },
            { arbitrary: badLine.map((l) => ({ kind: 'bad' as const, l })), weight: 1 },
          ),
          { maxLength: 40 },
        ),
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        // One day's calls take the fast path when clean; several days, the split path.
        async (items, gzip, withDuplicates, oneDay) => {
          const store = new FsObjectStore(await tempDir('prop'));
          const key = `events/run-${run++}.json${gzip ? '.gz' : ''}`;
          const lines = items.map((item, i) =>
            item.kind === 'good'
              ? JSON.stringify({
                  ...item.c,
                  messageId: `m-${i}`,
                  ...(oneDay ? { timestamp: `2026-03-01${item.c.timestamp.slice(10)}` } : {}),
                })
              : item.l,
          );
          const goodIds = items.flatMap((item, i) => (item.kind === 'good' ? [`m-${i}`] : []));
          const duplicateLines = withDuplicates
            ? lines.filter((_, i) => items[i]!.kind === 'good').slice(0, 3)
            : [];
          const all = [...lines, ...duplicateLines];
          const text = `${all.join('\n')}\n`;
          await store.put('raw', key, gzip ? gzipSync(text) : text);

          const report = await ingestObject({ store, encoder, bulk, buckets }, key);

          expect(report.status).toBe('ingested');
          expect(report.accepted.ui_events ?? 0).toBe(goodIds.length);
          expect(report.duplicates).toBe(duplicateLines.length);
          const badCount = items.filter((i) => i.kind === 'bad').length;
          expect(report.quarantined).toBe(badCount);
          if (badCount > 0) {
            const records = new TextDecoder()
              .decode(await store.get('quarantine', quarantineRecordsKey(key)))
              .trim()
              .split('\n')
              .map((l) => JSON.parse(l));
            expect(records.map((r) => Number(r.position.replace('line ', '')))).toEqual(
              items.flatMap((item, i) => (item.kind === 'bad' ? [i + 1] : [])),
            );
            for (const r of records)
              expect(r).toMatchObject({
                sourceKey: key,
                field: expect.any(String),
                reason: expect.any(String),
              });
          }
          if (goodIds.length > 0) {
            const engine = new DuckDBQueryEngine({ lakeDir: `${store.root}/lake`, threads: 1 });
            const { rows } = await engine.run({
              name: 'check',
              sql: 'SELECT message_id FROM ui_events ORDER BY message_id',
              params: [],
            });
            await engine.close();
            expect(rows.map((r) => r.message_id)).toEqual([...goodIds].sort());
          }
        },
      ),
      { numRuns: 40 },
    );
  }, 120_000);
});
