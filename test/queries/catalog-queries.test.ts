import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runQuery } from '../../shared/analytics/run-query.ts';
import { feedbackScores, metricPoints, uiEvents } from '../../shared/catalog/tables.ts';
import { type FixtureLake, fixtureLake } from '../support/lake.ts';

let lake: FixtureLake;
beforeEach(async () => {
  lake = await fixtureLake();
});
afterEach(() => lake.close());

const run = (name: string, params: Record<string, string | number>) =>
  runQuery(lake.engine, lake.catalog, name, params);
let n = 0;
const ev = (
  actor: string,
  installation: string,
  day: string,
  eventType: string,
  feature: string | null,
  eventName = 'Action',
) => ({
  message_id: `m${n++}`,
  event_type: eventType,
  event_name: eventName,
  actor_id: actor,
  installation_id: installation,
  feature,
  event_time: `${day}T10:00:00.000Z`,
  source_key: 'fixture',
});

describe('Query: feature_adoption', () => {
  it('counts users and installations per feature over active users, and flags the under-used ones', async () => {
    // Prepare: 4 active users on 2 installations; A used by 3 of them, B by 1; clicks and page views are not use.
    await lake.write(uiEvents, [
      ev('u1', 'i1', '2026-03-01', 'track', 'A'),
      ev('u2', 'i1', '2026-03-02', 'track', 'A'),
      ev('u3', 'i2', '2026-03-02', 'track', 'A'),
      ev('u3', 'i2', '2026-03-03', 'track', 'A'),
      ev('u1', 'i1', '2026-03-03', 'track', 'B'),
      ev('u4', 'i2', '2026-03-03', 'page', 'B', 'Sampling'),
      ev('u4', 'i2', '2026-03-03', 'track', 'C', 'Element Clicked'),
      ev('u5', 'i3', '2026-02-20', 'track', 'B'), // outside the window
    ]);

    // Act
    const { rows } = await run('feature_adoption', {
      start_date: '2026-03-01',
      end_date: '2026-03-31',
      underused_share: 0.3,
    });

    // Assess
    expect(rows).toEqual([
      {
        feature: 'A',
        installations: 2,
        users: 3,
        events: 4,
        active_users: 4,
        user_share: 0.75,
        installation_share: 1,
        first_used: '2026-03-01',
        last_used: '2026-03-03',
        underused: false,
      },
      {
        feature: 'B',
        installations: 1,
        users: 1,
        events: 1,
        active_users: 4,
        user_share: 0.25,
        installation_share: 0.5,
        first_used: '2026-03-03',
        last_used: '2026-03-03',
        underused: true,
      },
    ]);
  });
});

describe('Query: latency_percentiles', () => {
  const point = (hour: string, counts: number[], sum: number, version = 'v1') => ({
    cluster_name: 'c1',
    odigos_version: version,
    component: 'gateway',
    metric_name: 'odigos.pipeline.latency',
    metric_type: 'histogram',
    temporality: 'delta',
    time: `2026-03-01T${hour}:00:00.000Z`,
    count: counts.reduce((a, b) => a + b, 0),
    sum,
    bucket_bounds: [10, 20, 50],
    bucket_counts: counts,
    source_key: 'fixture',
  });

  it('sums delta buckets and interpolates inside the bucket (worked by hand)', async () => {
    // Summed buckets [2, 8, 10, 0] of 20: p50 → 10 + 10·(10−2)/8 = 20; p95 → 20 + 30·(19−10)/10 = 47;
    // p99 → 20 + 30·(19.8−10)/10 = 49.4; mean = (100 + 150) / 20 = 12.5.
    await lake.write(metricPoints, [point('01', [2, 4, 4, 0], 100), point('02', [0, 4, 6, 0], 150)]);

    const { rows } = await run('latency_percentiles', { start_date: '2026-03-01', end_date: '2026-03-01' });

    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      cluster_name: 'c1',
      odigos_version: 'v1',
      component: 'gateway',
      observations: 20,
      mean: 12.5,
    });
    expect(rows[0]!.p50).toBeCloseTo(20, 9);
    expect(rows[0]!.p95).toBeCloseTo(47, 9);
    expect(rows[0]!.p99).toBeCloseTo(49.4, 9);
  });

  it('reports the last finite bound when a percentile falls in the +Inf bucket, per version', async () => {
    await lake.write(metricPoints, [
      point('01', [0, 0, 0, 5], 500, 'v2'),
      point('02', [4, 0, 0, 0], 20, 'v1'),
    ]);

    const { rows } = await run('latency_percentiles', { start_date: '2026-03-01', end_date: '2026-03-01' });

    expect(rows.map((r) => [r.odigos_version, r.p50])).toEqual([
      ['v1', 5],
      ['v2', 50],
    ]);
  });
});

describe('Queries: component_resources and metric_hourly', () => {
  const gauge = (metric: string, time: string, value: number) => ({
    cluster_name: 'c1',
    odigos_version: 'v1',
    component: 'odiglet',
    metric_name: metric,
    metric_type: 'gauge',
    unit: metric.includes('memory') ? 'By' : '1',
    time,
    value,
    source_key: 'fixture',
  });

  it('averages and peaks CPU (cores) and memory (MiB) per component', async () => {
    await lake.write(metricPoints, [
      gauge('process.cpu.utilization', '2026-03-01T01:00:00.000Z', 0.1),
      gauge('process.cpu.utilization', '2026-03-01T02:00:00.000Z', 0.3),
      gauge('process.memory.usage', '2026-03-01T01:00:00.000Z', 100 * 1048576),
      gauge('process.memory.usage', '2026-03-01T02:00:00.000Z', 200 * 1048576),
    ]);

    const { rows } = await run('component_resources', { start_date: '2026-03-01', end_date: '2026-03-01' });

    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      component: 'odiglet',
      cpu_cores_max: 0.3,
      memory_mib_avg: 150,
      memory_mib_max: 200,
      samples: 4,
    });
    expect(rows[0]!.cpu_cores_avg).toBeCloseTo(0.2, 12);
  });

  it('gives one mean per series and hour, in time order', async () => {
    await lake.write(metricPoints, [
      gauge('process.cpu.utilization', '2026-03-01T01:10:00.000Z', 1),
      gauge('process.cpu.utilization', '2026-03-01T01:50:00.000Z', 3),
      gauge('process.cpu.utilization', '2026-03-01T00:30:00.000Z', 5),
    ]);

    const { rows } = await run('metric_hourly', { start_date: '2026-03-01', end_date: '2026-03-01' });

    expect(rows.map((r) => [r.hour, r.value])).toEqual([
      ['2026-03-01T00:00:00.000Z', 5],
      ['2026-03-01T01:00:00.000Z', 2],
    ]);
  });
});

describe('Query: sentiment_weekly', () => {
  it('counts sentiment per ISO week and source with the positive share of opinionated items', async () => {
    const score = (id: string, day: string, sentiment: string) => ({
      item_id: id,
      source: 'github',
      text_hash: id,
      sentiment,
      analyzer: 'fixture',
      created_at: `${day}T08:00:00.000Z`,
    });
    await lake.write(feedbackScores, [
      score('a', '2026-03-02', 'positive'),
      score('b', '2026-03-04', 'positive'),
      score('c', '2026-03-08', 'negative'),
      score('d', '2026-03-08', 'neutral'),
      score('e', '2026-03-09', 'negative'),
    ]);

    const { rows } = await run('sentiment_weekly', { start_date: '2026-03-01', end_date: '2026-03-31' });

    expect(rows).toEqual([
      {
        week: '2026-03-02',
        source: 'github',
        items: 4,
        positive: 2,
        negative: 1,
        neutral: 1,
        positive_share: 2 / 3,
      },
      {
        week: '2026-03-09',
        source: 'github',
        items: 1,
        positive: 0,
        negative: 1,
        neutral: 0,
        positive_share: 0,
      },
    ]);
  });
});
