/**
 * Ingest and query figures on the demo data set as `npm start` uses it (not a test: it prints
 * numbers, it does not pass or fail). Run on an idle machine; every figure says what it measured.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { windowEnding } from '../../shared/analytics/dates.ts';
import { bindParams } from '../../shared/analytics/query-catalog.ts';
import { runQuery } from '../../shared/analytics/run-query.ts';
import { loadConfig } from '../../shared/config/config.ts';
import { DEFAULT_DEMO_OPTIONS, writeDemoData } from '../../shared/demo/generate.ts';
import { ingestObjects } from '../../shared/ingest/ingest.ts';
import { localContext } from '../../shared/local/wiring.ts';
import { noProgress, silentLog } from '../../shared/ports/index.ts';
import { scoreLabels } from '../../shared/sentiment/evaluate.ts';

const home = await mkdtemp(path.join(tmpdir(), 'datahub-bench-'));
const ctx = await localContext(loadConfig({ DATAHUB_HOME: home }), silentLog, noProgress);
try {
  let t = performance.now();
  const demo = await writeDemoData(ctx.store, ctx.buckets.raw, DEFAULT_DEMO_OPTIONS);
  const generateSeconds = (performance.now() - t) / 1000;

  const keys: string[] = [];
  for await (const o of ctx.store.list(ctx.buckets.raw, '')) keys.push(o.key);
  t = performance.now();
  const ingest = await ingestObjects(ctx, keys, { concurrency: 4 });
  const ingestSeconds = (performance.now() - t) / 1000;
  const rows = Object.values(ingest.accepted).reduce((a, b) => a + b, 0);

  console.log(
    `demo data: ${demo.files} files, ${(demo.bytes / 1e6).toFixed(1)} MB compressed, generated in ${generateSeconds.toFixed(2)} s`,
  );
  console.log(
    `ingest (single process): ${rows} rows in ${ingestSeconds.toFixed(2)} s = ${Math.round(rows / ingestSeconds)} rows/s, ${(demo.bytes / 1e6 / ingestSeconds).toFixed(2)} MB/s compressed input`,
  );
  for (const [table, n] of Object.entries(ingest.accepted)) console.log(`  ${table}: ${n} rows`);

  const window = windowEnding(DEFAULT_DEMO_OPTIONS.endDate, 30);
  console.log('queries over 30 days (local DuckDB, 2 threads):');
  for (const query of ctx.catalog.all()) {
    const params = bindParams(query, { start_date: window.start, end_date: window.end });
    t = performance.now();
    const result = await ctx.engine.run({ name: query.name, sql: query.sql, params });
    console.log(
      `  ${query.name.padEnd(22)} ${String(Math.round(performance.now() - t)).padStart(6)} ms  ${String(result.rows.length).padStart(6)} rows  ${((result.stats.bytesScanned ?? 0) / 1e6).toFixed(2)} MB Parquet scanned`,
    );
  }
  // Sentiment: throughput of the embedded analyzer on the demo's feedback, and agreement with the
  // sentiment the demo generator intended (synthetic text: a sanity check, not a benchmark; the real
  // measurement on labelled GitHub data is `npm run eval:sentiment`).
  const { rows: texts } = await runQuery(ctx.engine, ctx.catalog, 'feedback_texts', {
    start_date: '2019-01-01',
    end_date: DEFAULT_DEMO_OPTIONS.endDate,
  });
  const docs = texts.map((r) => ({ id: String(r.item_id), text: String(r.text) }));
  await ctx.analyzer.analyze(docs); // warm-up
  t = performance.now();
  const analyses = await ctx.analyzer.analyze(docs);
  const analyzeSeconds = (performance.now() - t) / 1000;
  const intended = new Map(demo.groundTruth.feedbackItems.map((f) => [f.itemId, f.sentiment]));
  const judged = analyses.flatMap((a) => {
    const truth = intended.get(a.id);
    return truth ? [{ truth, predicted: a.sentiment === 'mixed' ? 'neutral' : a.sentiment }] : [];
  });
  const agreement = scoreLabels(
    judged.map((j) => j.truth),
    judged.map((j) => j.predicted),
  );
  console.log(
    `sentiment (${ctx.analyzer.name}, one thread): ${docs.length} feedback texts in ${analyzeSeconds.toFixed(2)} s = ${Math.round(docs.length / analyzeSeconds)} documents/s with key phrases; macro-F1 against the demo's intended sentiment ${agreement.macroF1.toFixed(3)} (${judged.length} items)`,
  );
  console.log(`peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
} finally {
  await ctx.close();
  await rm(home, { recursive: true, force: true });
}
