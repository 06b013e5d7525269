import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../shared/config/config.ts';
import { type GroundTruth, writeDemoData } from '../../shared/demo/generate.ts';
import { type LocalContext, localContext, OUTBOX_BUCKET } from '../../shared/local/wiring.ts';
import { type PipelineResult, runPipeline } from '../../shared/pipeline/run-pipeline.ts';
import { noProgress, silentLog } from '../../shared/ports/index.ts';

const OPTIONS = { seed: 7, endDate: '2026-11-15', days: 30, users: 120 };

async function snapshotDir(dir: string): Promise<Record<string, string>> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  const out: Record<string, string> = {};
  for (const e of entries.filter((x) => x.isFile())) {
    const file = path.join(e.parentPath, e.name);
    out[path.relative(dir, file)] = createHash('sha256')
      .update(await readFile(file))
      .digest('hex');
  }
  return out;
}

/** The whole local pipeline on a small demo world, twice, as `npm start` runs it. */
describe('End to end: demo data through the local pipeline', () => {
  let home: string;
  let truth: GroundTruth;
  let first: PipelineResult;
  let second: PipelineResult;
  let lakeAfterFirst: Record<string, string>;
  let lakeAfterSecond: Record<string, string>;
  let outboxAfterFirst: Record<string, string>;
  const contexts: LocalContext[] = [];

  const run = async () => {
    const ctx = await localContext(loadConfig({ DATAHUB_HOME: home }), silentLog, noProgress);
    contexts.push(ctx);
    const demo = await writeDemoData(ctx.store, ctx.buckets.raw, OPTIONS);
    truth = demo.groundTruth;
    const result = await runPipeline(ctx, { asOf: OPTIONS.endDate, lookbackDays: 90 });
    await ctx.close();
    return result;
  };

  beforeAll(async () => {
    // Not tempDir(): that one is removed after each test, and these tests share one run.
    home = await mkdtemp(path.join(tmpdir(), 'datahub-e2e-'));
    first = await run();
    lakeAfterFirst = await snapshotDir(path.join(home, 'lake'));
    outboxAfterFirst = await snapshotDir(path.join(home, OUTBOX_BUCKET));
    second = await run();
    lakeAfterSecond = await snapshotDir(path.join(home, 'lake'));
  }, 240_000);
  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close()));
    await rm(home, { recursive: true, force: true });
  });

  it('lands every source as Parquet partitioned by dt', () => {
    const tables = new Set(
      Object.keys(lakeAfterFirst)
        .filter((k) => k.endsWith('.parquet'))
        .map((k) => k.split('/')[0]),
    );
    expect([...tables].sort()).toEqual([
      'feedback_items',
      'feedback_scores',
      'metric_points',
      'releases',
      'survey_responses',
      'ui_events',
    ]);
    expect(
      Object.keys(lakeAfterFirst)
        .filter((k) => k.endsWith('.parquet'))
        .every((k) => /\/dt=\d{4}-\d{2}-\d{2}\//.test(k)),
    ).toBe(true);
    expect(first.ingest.accepted.ui_events).toBeGreaterThan(5000);
  });

  it('names the corrupt upload and quarantines bad records while the rest lands', () => {
    const corrupt = first.ingest.reports.find((r) => r.sourceKey === truth.corruptObjectKey);
    expect(corrupt).toMatchObject({
      status: 'quarantined',
      reason: expect.stringContaining('cannot be read'),
    });
    const invalid = truth.clickstream.invalid;
    expect(first.ingest.quarantinedRecords).toBe(
      invalid.missingMessageId + invalid.futureTimestamp + invalid.unparsableTimestamp,
    );
    // Re-sends inside one object are dropped at ingest; those in a later object by compaction.
    expect(first.ingest.duplicates).toBe(truth.clickstream.duplicatesWithinObject);
    expect(first.compaction.reduce((n, r) => n + r.duplicates, 0)).toBe(
      truth.clickstream.duplicatesAcrossObjects,
    );
  });

  it('raises exactly one alert, for the injected anomaly, and writes it to the outbox', () => {
    expect(first.analysis.incidents).toHaveLength(1);
    const [incident] = first.analysis.incidents;
    expect(incident).toMatchObject({
      cluster: truth.injectedAnomaly.cluster,
      component: truth.injectedAnomaly.component,
      metric: truth.injectedAnomaly.metric,
      start: truth.injectedAnomaly.start,
    });
    expect(Object.keys(outboxAfterFirst)).toEqual([`${incident!.alertId}/firing.json`]);
  });

  it('recovers the under-used feature and writes the KPI snapshot', async () => {
    const underused = first.analysis.featureAdoption
      .filter((r) => r.underused === true)
      .map((r) => r.feature);
    expect(underused).toEqual(truth.underusedFeatures);
    const snapshot = JSON.parse(
      await readFile(path.join(home, 'lake', `snapshots/kpi/dt=${OPTIONS.endDate}/snapshot.json`), 'utf8'),
    );
    expect(snapshot.kpis.map((k: { name: string }) => k.name)).toContain('feature_adoption_rate');
    expect(snapshot.underusedFeatures).toEqual(truth.underusedFeatures);
  });

  it('renders the HTML report', async () => {
    const html = await readFile(path.join(home, 'report', 'index.html'), 'utf8');
    expect(html).toContain('<h2>Feature adoption</h2>');
    expect(html).toContain(truth.injectedAnomaly.cluster);
  });

  it('is idempotent: a second run leaves the lake byte-identical and sends no duplicate alert', () => {
    expect(lakeAfterSecond).toEqual(lakeAfterFirst);
    expect(second.analysis.alertsPublished).toEqual([]);
    expect(second.enrich.scored).toBe(0);
    expect(second.enrich.reused).toBe(first.enrich.texts);
  });
});
