/**
 * The query catalog on the demo data scaled up: the demo world is generated and ingested, then its
 * UI events and metric points are copied (with distinct ids, users, installations and pods per copy)
 * until the lake holds `events` UI events, and every catalog query runs over the last 30 days on the
 * local DuckDB engine. Usage: node test/bench/queries-at-scale.ts [events=10000000]
 * Prints each query's time and the Parquet bytes it would scan (Athena bills by those); the target
 * is the whole catalog under 30 s at 10 M events.
 */
import { cp, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDuckDB } from '../../shared/adapters/duckdb/database.ts';
import { DuckDBQueryEngine } from '../../shared/adapters/duckdb/query-engine.ts';
import { loadQueryCatalog } from '../../shared/adapters/local/query-files.ts';
import { windowEnding } from '../../shared/analytics/dates.ts';
import { bindParams } from '../../shared/analytics/query-catalog.ts';
import { loadConfig } from '../../shared/config/config.ts';
import { DEFAULT_DEMO_OPTIONS, writeDemoData } from '../../shared/demo/generate.ts';
import { ingestObjects } from '../../shared/ingest/ingest.ts';
import { localContext } from '../../shared/local/wiring.ts';
import { noProgress, silentLog } from '../../shared/ports/index.ts';

const target = Number(process.argv[2] ?? 10_000_000);
const home = await mkdtemp(path.join(tmpdir(), 'datahub-scale-'));
const say = (line: string) => process.stdout.write(`${line}\n`);

try {
  const ctx = await localContext(loadConfig({ DATAHUB_HOME: home }), silentLog, noProgress);
  await writeDemoData(ctx.store, ctx.buckets.raw, DEFAULT_DEMO_OPTIONS);
  const keys: string[] = [];
  for await (const o of ctx.store.list(ctx.buckets.raw, '')) keys.push(o.key);
  const ingest = await ingestObjects(ctx, keys, { concurrency: 4 });
  await ctx.close();
  const demoEvents = ingest.accepted.ui_events ?? 0;
  const copies = Math.max(1, Math.ceil(target / demoEvents));
  say(
    `demo: ${demoEvents} UI events, ${ingest.accepted.metric_points ?? 0} metric points; ${copies} copies of each`,
  );

  // Copies of the two high-volume tables into a second lake; the other tables are linked as they are.
  const lake = path.join(home, 'lake');
  const scaled = path.join(home, 'scaled');
  await mkdir(scaled, { recursive: true });
  const db = await openDuckDB({ threads: 2, memoryLimit: '4GB' });
  let t = performance.now();
  const suffix = (column: string) => `${column} || '~' || CAST(copy AS VARCHAR)`;
  const copyTable = async (table: string, replace: string) =>
    db.run(
      `COPY (
         SELECT * REPLACE (${replace})
         FROM read_parquet('${path.join(lake, table)}/dt=*/*.parquet', hive_partitioning = true, union_by_name = true),
              range(${copies}) AS copies(copy)
       ) TO '${path.join(scaled, table)}' (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (dt))`,
    );
  await copyTable(
    'ui_events',
    [
      `${suffix('message_id')} AS message_id`,
      `${suffix('actor_id')} AS actor_id`,
      `${suffix('user_id')} AS user_id`,
      `${suffix('anonymous_id')} AS anonymous_id`,
      `${suffix('installation_id')} AS installation_id`,
    ].join(', '),
  );
  await copyTable(
    'metric_points',
    `json_merge_patch(resource_attributes, json_object('k8s.pod.name', 'copy-' || CAST(copy AS VARCHAR))) AS resource_attributes`,
  );
  for (const table of await readdir(lake)) {
    if (table === 'ui_events' || table === 'metric_points' || table.startsWith('_')) continue;
    await cp(path.join(lake, table), path.join(scaled, table), { recursive: true });
  }
  const counts = (
    await db.runAndReadAll(
      `SELECT count(*) FROM read_parquet('${path.join(scaled, 'ui_events')}/*/*.parquet')`,
    )
  ).getRows()[0]![0];
  db.closeSync();
  say(`scaled lake: ${counts} UI events, built in ${((performance.now() - t) / 1000).toFixed(1)} s`);

  const engine = new DuckDBQueryEngine({ lakeDir: scaled, threads: 2 });
  const window = windowEnding(DEFAULT_DEMO_OPTIONS.endDate, 30);
  say(`queries over 30 days (${window.start} … ${window.end}), local DuckDB, 2 threads:`);
  let total = 0;
  const catalog = await loadQueryCatalog();
  for (const query of catalog.all()) {
    const params = bindParams(query, { start_date: window.start, end_date: window.end });
    t = performance.now();
    const result = await engine.run({ name: query.name, sql: query.sql, params });
    const ms = performance.now() - t;
    total += ms;
    say(
      `  ${query.name.padEnd(26)} ${String(Math.round(ms)).padStart(7)} ms ${String(result.rows.length).padStart(7)} rows ${((result.stats.bytesScanned ?? 0) / 1e6).toFixed(1).padStart(8)} MB scanned`,
    );
  }
  say(`whole catalog: ${(total / 1000).toFixed(1)} s (target < 30 s at 10 M events)`);
  await engine.close();
} finally {
  await rm(home, { recursive: true, force: true });
}
