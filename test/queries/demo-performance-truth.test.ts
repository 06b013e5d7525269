import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runQuery } from '../../shared/analytics/run-query.ts';
import type { Row } from '../../shared/catalog/types.ts';
import { loadConfig } from '../../shared/config/config.ts';
import { type GroundTruth, writeDemoData } from '../../shared/demo/generate.ts';
import { ingestObjects } from '../../shared/ingest/ingest.ts';
import { type LocalContext, localContext } from '../../shared/local/wiring.ts';
import { noProgress, silentLog } from '../../shared/ports/index.ts';

// Three weeks hold every release of the story (v1.0.180, v1.0.190, v1.0.200) and the upgrades to them;
// ten UI users keep the clickstream, which these queries do not read, small.
const OPTIONS = { seed: 7, endDate: '2026-11-15', days: 21, users: 10 };

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** The performance queries on a reduced demo world recover what the world was built to contain. */
describe('Demo world: performance queries find the ground truth', () => {
  let home: string;
  let ctx: LocalContext;
  let truth: GroundTruth;
  const query = (name: string, extra: Record<string, number> = {}) =>
    runQuery(ctx.engine, ctx.catalog, name, {
      start_date: truth.window.start,
      end_date: truth.window.end,
      ...extra,
    }).then((r) => r.rows);

  beforeAll(async () => {
    home = await mkdtemp(path.join(tmpdir(), 'datahub-perf-truth-'));
    ctx = await localContext(loadConfig({ DATAHUB_HOME: home }), silentLog, noProgress);
    truth = (await writeDemoData(ctx.store, ctx.buckets.raw, OPTIONS)).groundTruth;
    const keys: string[] = [];
    for await (const object of ctx.store.list(ctx.buckets.raw, 'otlp/')) keys.push(object.key);
    const ingest = await ingestObjects(ctx, keys);
    expect(ingest.accepted.metric_points).toBeGreaterThan(40_000);
  }, 120_000);
  afterAll(async () => {
    await ctx?.close();
    await rm(home, { recursive: true, force: true });
  });

  it('shows the latency release in gateway latency by version, and only that release', async () => {
    // Prepare
    const effect = truth.releaseEffects.find((e) => e.metric === 'odigos.pipeline.latency')!;

    // Act
    const rows = await query('latency_percentiles');

    // Assess: every cluster's p95 from one version to the next moves ~+30% at v1.0.200, ~0 elsewhere.
    const p95 = (cluster: string, version: string) =>
      rows.find(
        (r) => r.cluster_name === cluster && r.odigos_version === version && r.component === effect.component,
      )?.p95 as number | undefined;
    const changes: string[] = [];
    for (const cluster of truth.clusters) {
      const versions = cluster.versions.map((v) => v.version);
      for (let i = 1; i < versions.length; i++) {
        const change = p95(cluster.name, versions[i]!)! / p95(cluster.name, versions[i - 1]!)! - 1;
        if (versions[i] === effect.version) {
          expect(change, `${cluster.name} ${versions[i]}`).toBeGreaterThan(0.2);
          expect(change, `${cluster.name} ${versions[i]}`).toBeLessThan(0.4);
          changes.push(cluster.name);
        } else expect(Math.abs(change), `${cluster.name} ${versions[i]}`).toBeLessThan(0.03);
      }
    }
    expect(changes).toHaveLength(truth.clusters.length - 1);
    expect(p95(truth.controlCluster.cluster, effect.version)).toBeUndefined();
  });

  it('flags the outlier cluster on odiglet CPU per node, the highest robust z in every version', async () => {
    // Prepare: six clusters with 35 to 260 spans per node spread odiglet CPU per node widely, so the
    // 1.8x cluster reaches a robust z of ~2.4 (six clusters) and ~1.1 (five, after v1.0.200): under the
    // textbook 3.5, hence z_threshold = 2 here.
    const outlier = truth.outlierCluster;

    // Act
    const rows = await query('cluster_variation', { z_threshold: 2 });

    // Assess
    const odiglet = rows.filter(
      (r) => r.component === outlier.component && r.metric === 'cpu_cores_per_node',
    );
    const versions = [...new Set(odiglet.map((r) => r.odigos_version as string))];
    expect(versions).toHaveLength(4);
    for (const version of versions) {
      const ranked = odiglet.filter((r) => r.odigos_version === version);
      expect(ranked[0]!.cluster_name, version).toBe(outlier.cluster);
      if (ranked.length === 6) expect(ranked[0]!.robust_z as number, version).toBeGreaterThan(2);
    }
    const flagged = odiglet.filter((r) => r.outlier === true);
    expect(new Set(flagged.map((r) => r.cluster_name))).toEqual(new Set([outlier.cluster]));
    expect(flagged.length).toBeGreaterThanOrEqual(3);
  });

  it('shows the odiglet CPU drop of the CPU release in the daily resource trends', async () => {
    // Prepare
    const effect = truth.releaseEffects.find((e) => e.component === 'odiglet')!;

    // Act
    const rows = await query('resource_trends');

    // Assess: mean of the whole days on each version, per cluster.
    const daily = (cluster: string, version: string) =>
      mean(
        rows
          .filter(
            (r: Row) =>
              r.cluster_name === cluster &&
              r.component === effect.component &&
              r.odigos_version === version &&
              r.hours === 24,
          )
          .map((r) => r.cpu_cores_avg as number),
      );
    for (const cluster of truth.clusters) {
      const versions = cluster.versions.map((v) => v.version);
      const at = versions.indexOf(effect.version);
      const drop = daily(cluster.name, effect.version) / daily(cluster.name, versions[at - 1]!) - 1;
      expect(drop, cluster.name).toBeGreaterThan(effect.changePct / 100 - 0.07);
      expect(drop, cluster.name).toBeLessThan(effect.changePct / 100 + 0.07);
      const before = daily(cluster.name, versions[at - 1]!) / daily(cluster.name, versions[at - 2]!) - 1;
      expect(Math.abs(before), `${cluster.name} before`).toBeLessThan(0.07);
    }
  });
});
