import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { DuckDBBulkIngestor, segmentBulkSource } from '../../../shared/adapters/duckdb/bulk-ingestor.ts';
import { DuckDBParquetEncoder } from '../../../shared/adapters/duckdb/parquet-encoder.ts';
import { FsObjectStore } from '../../../shared/adapters/local/fs-object-store.ts';
import { DEFAULT_QUERIES_DIR, loadQueryCatalog } from '../../../shared/adapters/local/query-files.ts';
import {
  ingestObject,
  ingestObjects,
  quarantineRecordsKey,
  sourceStem,
} from '../../../shared/ingest/ingest.ts';
import { tempDir } from '../../support/tmp.ts';

const buckets = { raw: 'raw', lake: 'lake', quarantine: 'quarantine', report: 'report' };
const encoder = new DuckDBParquetEncoder();
const statements = await loadQueryCatalog(DEFAULT_QUERIES_DIR, 'duckdb');
const bulk = new DuckDBBulkIngestor({
  sources: [segmentBulkSource(statements)],
  now: () => Date.parse('2026-06-01T00:00:00Z'),
});
afterAll(() => Promise.all([encoder.close(), bulk.close()]));

const event = (id: string, day: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    type: 'track',
    event: 'Sources Instrumented',
    messageId: id,
    userId: 'u1',
    timestamp: `${day}T12:00:00.000Z`,
    properties: { feature: 'source_instrumentation' },
    ...extra,
  });

async function setup() {
  const store = new FsObjectStore(await tempDir());
  return { store, deps: { store, encoder, bulk, buckets } };
}

const text = async (store: FsObjectStore, bucket: string, key: string) =>
  new TextDecoder().decode(await store.get(bucket, key));

describe('Use case: ingestObject', () => {
  it('writes one Parquet file per table and day, drops duplicates and quarantines bad lines with file, line, field and reason', async () => {
    const { store, deps } = await setup();
    const key = 'events/segment-logs/src/1/day.gz';
    const lines = [
      event('a', '2026-03-01'),
      event('b', '2026-03-02'),
      event('a', '2026-03-01'),
      '{not json',
      event('c', '2026-03-01', { userId: null }),
    ];
    await store.put('raw', key, gzipSync(lines.join('\n')));

    const report = await ingestObject(deps, key);

    expect(report).toMatchObject({
      status: 'ingested',
      accepted: { ui_events: 2 },
      duplicates: 1,
      quarantined: 2,
    });
    expect(report.outputs).toEqual([
      `ui_events/dt=2026-03-01/${sourceStem(key)}.parquet`,
      `ui_events/dt=2026-03-02/${sourceStem(key)}.parquet`,
    ]);
    const quarantined = (await text(store, 'quarantine', quarantineRecordsKey(key)))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(quarantined).toEqual([
      expect.objectContaining({
        sourceKey: key,
        position: 'line 4',
        field: '$',
        reason: 'not valid JSON',
        raw: '{not json',
      }),
      expect.objectContaining({ sourceKey: key, position: 'line 5', field: 'userId' }),
    ]);
  });

  it('is idempotent: re-delivering the same object rewrites byte-identical Parquet', async () => {
    const { store, deps } = await setup();
    const key = 'events/a.json';
    await store.put('raw', key, [event('a', '2026-03-01'), event('b', '2026-03-01')].join('\n'));
    const first = await ingestObject(deps, key);
    const before = await store.get('lake', first.outputs[0]!);

    const second = await ingestObject(deps, key);

    expect(second).toEqual(first);
    expect(
      Buffer.compare(Buffer.from(await store.get('lake', second.outputs[0]!)), Buffer.from(before)),
    ).toBe(0);
  });

  it('withdraws partitions a changed object no longer covers', async () => {
    const { store, deps } = await setup();
    const key = 'events/a.json';
    await store.put('raw', key, [event('a', '2026-03-01'), event('b', '2026-03-02')].join('\n'));
    const first = await ingestObject(deps, key);
    await store.put('raw', key, event('a', '2026-03-01'));

    await ingestObject(deps, key);

    expect(await store.head('lake', first.outputs[1]!)).toBeUndefined();
    expect(await store.head('lake', first.outputs[0]!)).toBeDefined();
  });

  it('quarantines a truncated gzip whole with the reason, and the other objects still land', async () => {
    const { store, deps } = await setup();
    const good = 'events/good.gz';
    const broken = 'events/broken.gz';
    await store.put('raw', good, gzipSync(event('a', '2026-03-01')));
    const full = gzipSync(Array.from({ length: 200 }, (_, i) => event(`m${i}`, '2026-03-01')).join('\n'));
    await store.put('raw', broken, full.subarray(0, full.length / 2));

    const summary = await ingestObjects(deps, [good, broken]);

    expect(summary.accepted).toEqual({ ui_events: 1 });
    expect(summary.reports[1]).toMatchObject({
      status: 'quarantined',
      reason: expect.stringMatching(/cannot be read: .*end of file/),
    });
    expect(JSON.parse(await text(store, 'quarantine', `files/${broken}.reason.json`))).toMatchObject({
      sourceKey: broken,
    });
    expect(await store.head('quarantine', `files/${broken}`)).toBeDefined();
  });

  it('quarantines an object under an unknown prefix and says which prefixes are accepted', async () => {
    const { store, deps } = await setup();
    await store.put('raw', 'misc/notes.txt', 'hello');

    const report = await ingestObject(deps, 'misc/notes.txt');

    expect(report.status).toBe('quarantined');
    expect(report.reason).toContain('events/');
  });
});
