import { Readable } from 'node:stream';
import { constants, createGzip, gzipSync, zstdCompressSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { DuckDBBulkIngestor, segmentBulkSource } from '../../../shared/adapters/duckdb/bulk-ingestor.ts';
import { openDuckDB, readAll } from '../../../shared/adapters/duckdb/database.ts';
import { DEFAULT_QUERIES_DIR, loadQueryCatalog } from '../../../shared/adapters/local/query-files.ts';
import { ServiceError, UnreadableInputError } from '../../../shared/errors/index.ts';
import type { BulkOutcome } from '../../../shared/ports/bulk-ingestor.ts';
import { tempDir } from '../../support/tmp.ts';

const statements = await loadQueryCatalog(DEFAULT_QUERIES_DIR, 'duckdb');
const now = () => Date.parse('2026-06-01T00:00:00Z');
const bulk = new DuckDBBulkIngestor({ sources: [segmentBulkSource(statements)], now });
const db = await openDuckDB();
afterAll(async () => {
  await bulk.close();
  db.closeSync();
});

let sequence = 0;
/** A Segment track call with everything the product reads, varied by `n`. */
const call = (n: number, day = '2026-03-01', extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    type: n % 3 === 0 ? 'page' : 'track',
    event: n % 3 === 0 ? undefined : `Event ${n % 4}`,
    name: n % 3 === 0 ? `/page-${n % 5}` : undefined,
    messageId: `m-${n}`,
    userId: n % 2 === 0 ? `u-${n % 7}` : null,
    anonymousId: `anon-${n % 11}`,
    timestamp: `${day}T${String(n % 24).padStart(2, '0')}:00:00.000Z`,
    receivedAt: `${day}T${String(n % 24).padStart(2, '0')}:00:01.000Z`,
    properties: {
      x: (n % 10) / 10,
      y: 0.5,
      viewportWidth: 1440,
      element: `button#b${n % 3}`,
      path: '/overview',
    },
    context: {
      groupId: 'inst-1',
      app: { version: 'v1.0.200' },
      page: { path: n % 2 ? '/sampling' : undefined },
      odigos: { cluster_name: 'prod-eu' },
    },
    ...extra,
  });

const ingest = (body: Uint8Array | string, ingestor = bulk) =>
  ingestor.ingest(`events/test-${++sequence}.ndjson`, async () => Readable.from([Buffer.from(body)]));

/** Every row the outcome's parts hold, in part order, as JSON (the Parquet really is read back). */
async function rowsOf(outcome: BulkOutcome): Promise<{ dt: string; row: Record<string, unknown> }[]> {
  const dir = await tempDir();
  const rows: { dt: string; row: Record<string, unknown> }[] = [];
  for (const [i, part] of outcome.parts.entries()) {
    const file = `${dir}/part-${i}.parquet`;
    await import('node:fs/promises').then((fs) => part.read().then((bytes) => fs.writeFile(file, bytes)));
    const { rows: read } = await readAll(db, `SELECT * FROM read_parquet('${file}')`);
    for (const row of read) rows.push({ dt: part.dt, row });
  }
  return rows;
}

describe('Adapter: DuckDB bulk ingest of Segment objects', () => {
  it('lands the same rows whether the object is clean (fast path) or has a bad line (careful path)', async () => {
    const clean = Array.from({ length: 40 }, (_, n) => call(n));
    const fast = await ingest(clean.join('\n'));
    const careful = await ingest([...clean, '{"type": "track", "messageId": oops'].join('\n'));

    expect(fast.quarantined).toBe(0);
    expect(careful.quarantined).toBe(1);
    expect(careful.firstProblem).toBe('line 41: $: not valid JSON');
    const withoutSource = (rows: { dt: string; row: Record<string, unknown> }[]) =>
      rows.map(({ dt, row: { source_key: _key, ...row } }) => ({ dt, row }));
    expect(withoutSource(await rowsOf(careful))).toEqual(withoutSource(await rowsOf(fast)));
    expect((await rowsOf(fast))[3]!.row).toMatchObject({
      event_type: 'page',
      event_name: '/page-3',
      message_id: 'm-3',
      actor_id: 'anon-3',
      cluster_name: 'prod-eu',
      page_path: '/sampling',
      feature: 'sampling_rules',
      click_x: 0.3,
      viewport_width: 1440,
      element: 'button#b0',
    });
    await Promise.all([fast.dispose(), careful.dispose()]);
  });

  it('splits an object that spans days into one set of parts per day and keeps the first copy of a re-sent call', async () => {
    const outcome = await ingest(
      [
        call(1, '2026-03-01'),
        call(2, '2026-03-02'),
        call(1, '2026-03-02', { event: 'Copy' }),
        call(3, '2026-03-01'),
      ].join('\n'),
    );

    expect(outcome).toMatchObject({ accepted: 3, duplicates: 1, quarantined: 0 });
    const rows = await rowsOf(outcome);
    expect(rows.map((r) => [r.dt, r.row.message_id, r.row.event_name])).toEqual([
      ['2026-03-01', 'm-1', 'Event 1'],
      ['2026-03-01', 'm-3', '/page-3'],
      ['2026-03-02', 'm-2', 'Event 2'],
    ]);
    await outcome.dispose();
  });

  it('cuts a large day into several parts near the configured size, losing nothing', async () => {
    const small = new DuckDBBulkIngestor({
      sources: [segmentBulkSource(statements)],
      now,
      maxPartSize: '1KB',
      rowGroupSize: 1000,
    });
    try {
      const lines = Array.from({ length: 3_000 }, (_, n) => call(n));
      const outcome = await ingest(lines.join('\n'), small);
      expect(outcome.accepted).toBe(3_000);
      expect(outcome.parts.length).toBeGreaterThan(1);
      expect(outcome.parts.map((p) => p.part)).toEqual(outcome.parts.map((_, i) => i));
      expect((await rowsOf(outcome)).length).toBe(3_000);
      await outcome.dispose();
    } finally {
      await small.close();
    }
  });

  it('reads gzip and zstd objects by their magic bytes, whatever the key says', async () => {
    const body = [call(1), call(2)].join('\n');
    for (const compressed of [gzipSync(body), zstdCompressSync(Buffer.from(body))]) {
      const outcome = await ingest(compressed);
      expect(outcome.accepted).toBe(2);
      await outcome.dispose();
    }
  });

  it('rejects a gzip stream cut off exactly at a line end, which DuckDB alone would read as complete', async () => {
    // Flushing after each line makes the compressed stream end cleanly on a line boundary there.
    const gzip = createGzip();
    const chunks: Buffer[] = [];
    gzip.on('data', (c: Buffer) => chunks.push(c));
    const flushPoints: number[] = [];
    for (let n = 0; n < 20; n++) {
      gzip.write(`${call(n)}\n`);
      await new Promise<void>((resolve) => gzip.flush(constants.Z_FULL_FLUSH, () => resolve()));
      flushPoints.push(Buffer.concat(chunks).length);
    }
    const cut = Buffer.concat(chunks).subarray(0, flushPoints[9]);

    await expect(ingest(cut)).rejects.toSatisfy(
      (e) => e instanceof UnreadableInputError && /cannot be read: unexpected end of file/.test(e.message),
    );
  });

  it('treats a failure to fetch the object as retryable, not as bad data', async () => {
    const failing = bulk.ingest('events/flaky.ndjson', async () =>
      (async function* () {
        yield Buffer.from(`${call(1)}\n`);
        throw new Error('socket hang up');
      })(),
    );
    await expect(failing).rejects.toSatisfy(
      (e) => e instanceof ServiceError && e.retryable && /socket hang up/.test(e.message),
    );
  });

  it('reports running out of memory as a retryable failure of this machine, not as unreadable data', async () => {
    const starved = new DuckDBBulkIngestor({
      sources: [segmentBulkSource(statements)],
      now,
      memoryLimit: '1MB',
    });
    try {
      const lines = Array.from({ length: 20_000 }, (_, n) => call(n));
      await expect(ingest(lines.join('\n'), starved)).rejects.toSatisfy(
        (e) => e instanceof ServiceError && e.retryable && /Out of Memory/.test(e.message),
      );
    } finally {
      await starved.close();
    }
  });

  it('lands an empty object as nothing, without error', async () => {
    const outcome = await ingest('');
    expect(outcome).toMatchObject({ accepted: 0, duplicates: 0, quarantined: 0, parts: [] });
    await outcome.dispose();
  });
});
