import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DuckDBBulkIngestor, segmentBulkSource } from '../../../shared/adapters/duckdb/bulk-ingestor.ts';
import { DuckDBCompactor } from '../../../shared/adapters/duckdb/compactor.ts';
import { DuckDBParquetEncoder } from '../../../shared/adapters/duckdb/parquet-encoder.ts';
import { DuckDBQueryEngine } from '../../../shared/adapters/duckdb/query-engine.ts';
import { FsObjectStore } from '../../../shared/adapters/local/fs-object-store.ts';
import { DEFAULT_QUERIES_DIR, loadQueryCatalog } from '../../../shared/adapters/local/query-files.ts';
import { uiEvents } from '../../../shared/catalog/tables.ts';
import { compactPartition } from '../../../shared/ingest/compact.ts';
import { ingestObject } from '../../../shared/ingest/ingest.ts';
import { tempDir } from '../../support/tmp.ts';

const buckets = { raw: 'raw', lake: 'lake', quarantine: 'quarantine', report: 'report' };
const statements = await loadQueryCatalog(DEFAULT_QUERIES_DIR, 'duckdb');
const bulk = new DuckDBBulkIngestor({
  sources: [segmentBulkSource(statements)],
  now: () => Date.parse('2026-06-01T00:00:00Z'),
});
const encoder = new DuckDBParquetEncoder();
const compactor = new DuckDBCompactor();
afterAll(() => Promise.all([bulk.close(), encoder.close(), compactor.close()]));

const event = (id: string, day = '2026-03-01') =>
  JSON.stringify({
    type: 'track',
    event: 'Action Created',
    messageId: id,
    userId: 'u1',
    timestamp: `${day}T12:00:00.000Z`,
  });

async function setup() {
  const store = new FsObjectStore(await tempDir('compact'));
  const deps = { store, encoder, bulk, compactor, buckets };
  const ids = async (dt = '2026-03-01') => {
    const engine = new DuckDBQueryEngine({ lakeDir: path.join(store.root, 'lake'), threads: 1 });
    const { rows } = await engine.run({
      name: 't',
      sql: 'SELECT message_id FROM ui_events WHERE dt = ? ORDER BY message_id',
      params: [{ name: 'dt', type: 'date', value: dt }],
    });
    await engine.close();
    return rows.map((r) => r.message_id);
  };
  const files = async (dt = '2026-03-01') =>
    (await readdir(path.join(store.root, 'lake', 'ui_events', `dt=${dt}`)).catch(() => [])).sort();
  const ingest = async (key: string, lines: string[]) => {
    await store.put('raw', key, lines.join('\n'));
    return ingestObject(deps, key);
  };
  return { store, deps, ids, files, ingest };
}

describe('Use case: compactPartition', () => {
  it('merges per-object files into one and counts a record re-sent in another object once', async () => {
    const { deps, ids, files, ingest } = await setup();
    await ingest('events/a.json', [event('m1'), event('m2')]);
    await ingest('events/b.json', [event('m2'), event('m3')]);

    const report = await compactPartition(deps, uiEvents, '2026-03-01');

    expect(report).toMatchObject({ filesBefore: 2, rows: 3, duplicates: 1 });
    expect(await files()).toEqual(['compacted.parquet']);
    expect(await ids()).toEqual(['m1', 'm2', 'm3']);
    expect(await compactPartition(deps, uiEvents, '2026-03-01')).toBeUndefined();
  });

  it('keeps the lake byte-identical when a compacted object is delivered again', async () => {
    const { store, deps, files, ingest } = await setup();
    await ingest('events/a.json', [event('m1')]);
    await ingest('events/b.json', [event('m2')]);
    await compactPartition(deps, uiEvents, '2026-03-01');
    const before = createHash('sha256')
      .update(await readFile(path.join(store.root, 'lake/ui_events/dt=2026-03-01/compacted.parquet')))
      .digest('hex');

    await ingest('events/a.json', [event('m1')]);
    await compactPartition(deps, uiEvents, '2026-03-01');

    expect(await files()).toEqual(['compacted.parquet']);
    const after = createHash('sha256')
      .update(await readFile(path.join(store.root, 'lake/ui_events/dt=2026-03-01/compacted.parquet')))
      .digest('hex');
    expect(after).toBe(before);
  });

  it('replaces the rows of an object that changed after compaction, and drops those of a withdrawn day', async () => {
    const { deps, ids, ingest } = await setup();
    await ingest('events/a.json', [event('m1'), event('m2'), event('m9', '2026-03-02')]);
    await ingest('events/b.json', [event('m3'), event('m8', '2026-03-02')]);
    await compactPartition(deps, uiEvents, '2026-03-01');
    await compactPartition(deps, uiEvents, '2026-03-02');

    // a.json now has m1 only, and no longer covers 2026-03-02.
    await ingest('events/a.json', [event('m1')]);
    await compactPartition(deps, uiEvents, '2026-03-01');
    await compactPartition(deps, uiEvents, '2026-03-02');

    expect(await ids('2026-03-01')).toEqual(['m1', 'm3']);
    expect(await ids('2026-03-02')).toEqual(['m8']);
  });
});
