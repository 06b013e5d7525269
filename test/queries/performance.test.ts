import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runQuery } from '../../shared/analytics/run-query.ts';
import { metricPoints, spans } from '../../shared/catalog/tables.ts';
import { type FixtureLake, fixtureLake } from '../support/lake.ts';

let lake: FixtureLake;
beforeEach(async () => {
  lake = await fixtureLake();
});
afterEach(() => lake.close());

const run = (name: string, params: Record<string, string | number>) =>
  runQuery(lake.engine, lake.catalog, name, params);
const MARCH_1 = { start_date: '2026-03-01', end_date: '2026-03-01' };

describe('Query: latency_percentiles (cumulative histograms)', () => {
  const point = (pod: string, start: string, hour: string, counts: number[], sum: number) => ({
    cluster_name: 'c1',
    odigos_version: 'v1',
    component: 'gateway',
    metric_name: 'odigos.pipeline.latency',
    metric_type: 'histogram',
    temporality: 'cumulative',
    start_time: start,
    time: `2026-03-01T${hour}:00:00.000Z`,
    count: counts.reduce((a, b) => a + b, 0),
    sum,
    bucket_bounds: [10, 20, 50],
    bucket_counts: counts,
    resource_attributes: JSON.stringify({ 'k8s.cluster.name': 'c1', 'k8s.pod.name': pod }),
    attributes: '{}',
    source_key: 'fixture',
  });

  it('takes the difference of consecutive points; the first point of an older series is only a baseline', async () => {
    // Prepare: a series started before the window. 01:00 is the baseline; 02:00 adds [2, 4, 4, 0] (sum
    // 160) and 03:00 adds [0, 4, 6, 0] (sum 190): the window holds [2, 8, 10, 0] of 20, as in the delta
    // test. p50 → rank 10 in (10, 20]: 10 + 10·(10−2)/8 = 20; p95 → rank 19 in (20, 50]: 20 + 30·(19−10)/10
    // = 47; p99 → 20 + 30·(19.8−10)/10 = 49.4; mean = (160 + 190) / 20 = 17.5.
    const start = '2026-02-27T00:00:00.000Z';
    await lake.write(metricPoints, [
      point('a', start, '01', [5, 5, 0, 0], 100),
      point('a', start, '02', [7, 9, 4, 0], 260),
      point('a', start, '03', [7, 13, 10, 0], 450),
    ]);

    // Act
    const { rows } = await run('latency_percentiles', MARCH_1);

    // Assess
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ cluster_name: 'c1', observations: 20, mean: 17.5 });
    expect(rows[0]!.p50).toBeCloseTo(20, 9);
    expect(rows[0]!.p95).toBeCloseTo(47, 9);
    expect(rows[0]!.p99).toBeCloseTo(49.4, 9);
  });

  it('counts a series that started in the window, and a restart, whole; series add up', async () => {
    // Prepare: pod b starts at 00:00 (in the window): 01:00 counts whole [4, 0, 0, 0] (sum 20), 02:00 adds
    // [0, 2, 0, 0] (sum 30), then it restarts at 02:30 and 03:00 counts whole [0, 0, 2, 0] (sum 70).
    // Pod a adds [0, 0, 1, 0] (sum 30) after its baseline. Window: [4, 2, 3, 0] of 9, sum 150.
    // p50 → rank 4.5 in (10, 20]: 10 + 10·(4.5−4)/2 = 12.5; p95 → rank 8.55 in (20, 50]:
    // 20 + 30·(8.55−6)/3 = 45.5; p99 → 20 + 30·(8.91−6)/3 = 49.1; mean = 150 / 9.
    await lake.write(metricPoints, [
      point('b', '2026-03-01T00:00:00.000Z', '01', [4, 0, 0, 0], 20),
      point('b', '2026-03-01T00:00:00.000Z', '02', [4, 2, 0, 0], 50),
      point('b', '2026-03-01T02:30:00.000Z', '03', [0, 0, 2, 0], 70),
      point('a', '2026-02-27T00:00:00.000Z', '01', [9, 9, 9, 0], 500),
      point('a', '2026-02-27T00:00:00.000Z', '03', [9, 9, 10, 0], 530),
    ]);

    // Act
    const { rows } = await run('latency_percentiles', MARCH_1);

    // Assess
    expect(rows).toHaveLength(1);
    expect(rows[0]!.observations).toBe(9);
    expect(rows[0]!.p50).toBeCloseTo(12.5, 9);
    expect(rows[0]!.p95).toBeCloseTo(45.5, 9);
    expect(rows[0]!.p99).toBeCloseTo(49.1, 9);
    expect(rows[0]!.mean).toBeCloseTo(150 / 9, 9);
  });
});

describe('Query: span_latency', () => {
  let n = 0;
  const span = (cluster: string, version: string, ms: number, kind = 'server', status = 'ok', day = '01') => {
    const start = Date.parse(`2026-03-${day}T10:00:00.000Z`) + n * 1000;
    return {
      trace_id: `t${n}`,
      span_id: `s${n++}`,
      cluster_name: cluster,
      odigos_version: version,
      service_name: 'checkout',
      name: 'POST /checkout',
      kind,
      start_time: new Date(start).toISOString(),
      end_time: new Date(start + ms).toISOString(),
      duration_ms: ms,
      status_code: status,
      source_key: 'fixture',
    };
  };

  beforeEach(async () => {
    await lake.write(spans, [
      ...[10, 20, 30, 40, 50].map((ms, i) => span('c1', 'v1', ms, 'server', i < 2 ? 'error' : 'ok')),
      ...[100, 200, 300].map((ms) => span('c2', 'v2', ms)),
      span('c1', 'v1', 1000, 'client'),
      span('c1', 'v1', 5000, 'server', 'ok', '02'), // outside the window
    ]);
  });

  it('gives percentiles per service, then per cluster and version, for server spans (worked by hand)', async () => {
    // Linear interpolation between order statistics (the local engine is exact), position q·(n−1):
    // c1 [10..50]: p50 = 30, p95 at 3.8 → 48, p99 at 3.96 → 49.6. c2 [100, 200, 300]: p50 = 200,
    // p95 at 1.9 → 290, p99 at 1.98 → 298. All 8: p50 at 3.5 → 45, p95 at 6.65 → 265, p99 at 6.93 → 293.
    const { rows } = await run('span_latency', MARCH_1);

    const rounded = rows.map((r) => ({
      ...r,
      p50: Number((r.p50 as number).toFixed(9)),
      p95: Number((r.p95 as number).toFixed(9)),
      p99: Number((r.p99 as number).toFixed(9)),
    }));
    expect(rounded).toEqual([
      {
        scope: 'service',
        service_name: 'checkout',
        cluster_name: null,
        odigos_version: null,
        spans: 8,
        error_rate: 0.25,
        p50: 45,
        p95: 265,
        p99: 293,
        mean: 93.75,
      },
      {
        scope: 'cluster_version',
        service_name: 'checkout',
        cluster_name: 'c1',
        odigos_version: 'v1',
        spans: 5,
        error_rate: 0.4,
        p50: 30,
        p95: 48,
        p99: 49.6,
        mean: 30,
      },
      {
        scope: 'cluster_version',
        service_name: 'checkout',
        cluster_name: 'c2',
        odigos_version: 'v2',
        spans: 3,
        error_rate: 0,
        p50: 200,
        p95: 290,
        p99: 298,
        mean: 200,
      },
    ]);
  });

  it('takes every kind with span_kind = any', async () => {
    const { rows } = await run('span_latency', { ...MARCH_1, span_kind: 'any' });

    // 9 spans: the median is the 5th, 50 ms.
    expect(rows[0]).toMatchObject({ scope: 'service', spans: 9, p50: 50 });
  });
});

/** A gauge point of one series (a pod when `pod` is set) of a component. */
const gauge = (
  cluster: string,
  metric: string,
  time: string,
  value: number,
  options: { version?: string; pod?: string; nodes?: number; component?: string } = {},
) => ({
  cluster_name: cluster,
  odigos_version: options.version ?? 'v1',
  component: options.component ?? 'odiglet',
  metric_name: metric,
  metric_type: 'gauge',
  time,
  value,
  attributes: '{}',
  resource_attributes: JSON.stringify({
    'k8s.cluster.name': cluster,
    'odigos.version': options.version ?? 'v1',
    ...(options.pod ? { 'k8s.pod.name': options.pod } : {}),
    ...(options.nodes ? { 'odigos.cluster.node_count': options.nodes } : {}),
  }),
  source_key: 'fixture',
});
const CPU = 'process.cpu.utilization';
const MEMORY = 'process.memory.usage';
const MIB = 1_048_576;

describe('Query: resource_trends', () => {
  it("sums a component's pods per hour, then gives the day's mean and peak, one row per version", async () => {
    // Prepare: pods a and b. Hour 01: a (0.1 + 0.3)/2 = 0.2 plus b 0.2 → 0.4 cores; 100 + 50 → 150 MiB.
    // Hour 02: 0.5 + 0.1 → 0.6 cores; 200 + 100 → 300 MiB. Day 1: CPU mean 0.5, peak 0.6; memory mean
    // 225, peak 300. Day 2: one hour on v1 and, after the upgrade, one on v2.
    const t = (day: string, hm: string) => `2026-03-0${day}T${hm}:00.000Z`;
    await lake.write(metricPoints, [
      gauge('c1', CPU, t('1', '01:10'), 0.1, { pod: 'a' }),
      gauge('c1', CPU, t('1', '01:50'), 0.3, { pod: 'a' }),
      gauge('c1', CPU, t('1', '01:30'), 0.2, { pod: 'b' }),
      gauge('c1', MEMORY, t('1', '01:10'), 100 * MIB, { pod: 'a' }),
      gauge('c1', MEMORY, t('1', '01:30'), 50 * MIB, { pod: 'b' }),
      gauge('c1', CPU, t('1', '02:10'), 0.5, { pod: 'a' }),
      gauge('c1', CPU, t('1', '02:10'), 0.1, { pod: 'b' }),
      gauge('c1', MEMORY, t('1', '02:10'), 200 * MIB, { pod: 'a' }),
      gauge('c1', MEMORY, t('1', '02:10'), 100 * MIB, { pod: 'b' }),
      gauge('c1', CPU, t('2', '05:00'), 0.4, { pod: 'a' }),
      gauge('c1', CPU, t('2', '06:00'), 0.3, { pod: 'a', version: 'v2' }),
    ]);

    // Act
    const { rows } = await run('resource_trends', { start_date: '2026-03-01', end_date: '2026-03-02' });

    // Assess
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatchObject({
      day: '2026-03-01',
      cluster_name: 'c1',
      odigos_version: 'v1',
      component: 'odiglet',
      cpu_cores_max: 0.6,
      memory_mib_avg: 225,
      memory_mib_max: 300,
      hours: 2,
    });
    expect(rows[0]!.cpu_cores_avg).toBeCloseTo(0.5, 12);
    expect(rows.slice(1).map((r) => [r.day, r.odigos_version, r.cpu_cores_avg, r.memory_mib_avg])).toEqual([
      ['2026-03-02', 'v1', 0.4, null],
      ['2026-03-02', 'v2', 0.3, null],
    ]);
  });
});

describe('Query: cluster_variation', () => {
  it('gives the spread across clusters and flags the robust outlier, raw and per node (worked by hand)', async () => {
    // Prepare: odiglet CPU of five clusters on v1: 1.0, 1.1, 0.9, 1.2 and 3.0 cores; c5 has 30 nodes,
    // the others 10. Raw: median 1.1; |deviations| 0.1, 0, 0.2, 0.1, 1.9 → MAD 0.1; z(c5) = 0.6745·1.9/0.1
    // = 12.8155; mean 1.44; sample stddev sqrt(3.092/4) = 0.87920; cv 0.61056. Per node: 0.1, 0.11, 0.09,
    // 0.12, 0.1 → median 0.1, MAD 0.01, z(c4) = 0.6745·0.02/0.01 = 1.349: nothing stands out.
    // Two clusters on v2 are never flagged, however far apart.
    const at = '2026-03-01T01:00:00.000Z';
    await lake.write(metricPoints, [
      gauge('c1', CPU, at, 1.0, { nodes: 10 }),
      gauge('c2', CPU, at, 1.1, { nodes: 10 }),
      gauge('c3', CPU, at, 0.9, { nodes: 10 }),
      gauge('c4', CPU, at, 1.2, { nodes: 10 }),
      gauge('c5', CPU, at, 3.0, { nodes: 30 }),
      gauge('c6', CPU, at, 1.0, { version: 'v2' }),
      gauge('c7', CPU, at, 9.0, { version: 'v2' }),
    ]);

    // Act
    const { rows } = await run('cluster_variation', MARCH_1);

    // Assess
    const v1 = rows.filter((r) => r.odigos_version === 'v1' && r.metric === 'cpu_cores');
    expect(v1.map((r) => r.cluster_name)).toEqual(['c5', 'c4', 'c2', 'c1', 'c3']);
    expect(v1.map((r) => r.outlier)).toEqual([true, false, false, false, false]);
    const c5 = v1[0]!;
    expect(c5).toMatchObject({ component: 'odiglet', value: 3, clusters: 5 });
    expect(c5.median).toBeCloseTo(1.1, 12);
    expect(c5.mad).toBeCloseTo(0.1, 12);
    expect(c5.robust_z).toBeCloseTo(12.8155, 9);
    expect(c5.mean).toBeCloseTo(1.44, 12);
    expect(c5.stddev).toBeCloseTo(Math.sqrt(3.092 / 4), 12);
    expect(c5.cv).toBeCloseTo(Math.sqrt(3.092 / 4) / 1.44, 12);
    expect(v1.map((r) => Number((r.robust_z as number).toFixed(4)))).toEqual([
      12.8155, 0.6745, 0, -0.6745, -1.349,
    ]);

    const perNode = rows.filter((r) => r.odigos_version === 'v1' && r.metric === 'cpu_cores_per_node');
    expect(
      perNode.map((r) => [r.cluster_name, Number((r.robust_z as number).toFixed(4)), r.outlier]),
    ).toEqual([
      ['c4', 1.349, false],
      ['c2', 0.6745, false],
      ['c1', 0, false],
      ['c5', 0, false],
      ['c3', -0.6745, false],
    ]);
    const v2 = rows.filter((r) => r.odigos_version === 'v2');
    expect(v2.map((r) => [r.metric, r.cluster_name, r.clusters, r.outlier])).toEqual([
      ['cpu_cores', 'c7', 2, false],
      ['cpu_cores', 'c6', 2, false],
    ]);
  });

  it('falls back to the mean absolute deviation when MAD is 0, and takes z_threshold', async () => {
    // Values 1, 1, 2: median 1, MAD 0; mean absolute deviation 1/3 → z = 1 / (1.2533 · 1/3) = 2.3937.
    const at = '2026-03-01T01:00:00.000Z';
    await lake.write(metricPoints, [
      gauge('c1', CPU, at, 1),
      gauge('c2', CPU, at, 1),
      gauge('c3', CPU, at, 2),
    ]);

    const strict = await run('cluster_variation', MARCH_1);
    const loose = await run('cluster_variation', { ...MARCH_1, z_threshold: 2 });

    expect(strict.rows[0]).toMatchObject({ cluster_name: 'c3', mad: 0, outlier: false });
    expect(strict.rows[0]!.robust_z).toBeCloseTo(3 / 1.2533, 9);
    expect(loose.rows.map((r) => [r.cluster_name, r.outlier])).toEqual([
      ['c3', true],
      ['c1', false],
      ['c2', false],
    ]);
  });
});
