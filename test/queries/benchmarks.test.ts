import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runQuery } from '../../shared/analytics/run-query.ts';
import { benchmarkResources, benchmarkRuns } from '../../shared/catalog/tables.ts';
import type { Row } from '../../shared/catalog/types.ts';
import { type FixtureLake, fixtureLake } from '../support/lake.ts';

let lake: FixtureLake;
beforeEach(async () => {
  lake = await fixtureLake();
  await lake.write(benchmarkRuns, RUNS);
  await lake.write(benchmarkResources, RESOURCES);
});
afterEach(() => lake.close());

const WINDOW = { start_date: '2026-03-01', end_date: '2026-03-31' };
const run = (name: string, params: Record<string, string | number> = {}) =>
  runQuery(lake.engine, lake.catalog, name, { ...WINDOW, ...params });

const benchmark = (
  id: string,
  tool: string,
  version: string | null,
  scenario: string,
  [p50, p95, p99, rps, errors]: [number, number, number, number, number],
  day = '2026-03-02',
) => ({
  run_id: id,
  tool,
  tool_version: version,
  cluster_name: 'bench-1',
  scenario,
  started_at: `${day}T10:00:00.000Z`,
  duration_s: 300,
  throughput_rps: rps,
  error_rate: errors,
  latency_p50_ms: p50,
  latency_p95_ms: p95,
  latency_p99_ms: p99,
  source_key: 'fixture',
});
const CHECKOUT = 'checkout-100rps';
const RUNS = [
  benchmark('o1', 'odigos', 'v1.0.200', CHECKOUT, [10, 30, 50, 100, 0.01]),
  benchmark('o2', 'odigos', 'v1.0.200', CHECKOUT, [12, 34, 60, 98, 0.03]),
  benchmark('a1', 'otel-java-agent', '2.1.0', CHECKOUT, [14, 40, 80, 95, 0.02]),
  benchmark('b1', 'none', null, CHECKOUT, [8, 25, 45, 100, 0]),
  benchmark('b2', 'none', null, CHECKOUT, [10, 27, 47, 102, 0]),
  benchmark('i1', 'none', null, 'idle', [1, 2, 3, 10, 0]),
  benchmark('old', 'odigos', 'v1.0.100', CHECKOUT, [99, 99, 99, 1, 0.5], '2026-02-10'), // before the window
];

/** Resource samples of a run: [component, cpu cores, memory MiB] at one-minute steps. */
const samples = (runId: string, tool: string, rows: [string, number, number][]) =>
  rows.map(([component, cpu, memory], i) => ({
    run_id: runId,
    tool,
    scenario: CHECKOUT,
    component,
    measured_at: `2026-03-02T10:0${i}:00.000Z`,
    cpu_cores: cpu,
    memory_mib: memory,
    source_key: 'fixture',
  }));
const RESOURCES = [
  // o1: app (0.5 + 0.7)/2 = 0.6 + odiglet 0.1 = 0.7 cores; app 210 + odiglet 50 = 260 MiB.
  ...samples('o1', 'odigos', [
    ['app', 0.5, 200],
    ['app', 0.7, 220],
    ['odiglet', 0.1, 50],
    ['odiglet', 0.1, 50],
  ]),
  // o2: 0.6 + 0.2 = 0.8 cores; 210 + 70 = 280 MiB.
  ...samples('o2', 'odigos', [
    ['app', 0.6, 210],
    ['odiglet', 0.2, 70],
  ]),
  ...samples('a1', 'otel-java-agent', [['app', 0.9, 400]]),
  ...samples('b1', 'none', [['app', 0.5, 200]]),
  ...samples('b2', 'none', [['app', 0.55, 210]]),
];

/** Rounds every number of a row, so hand-worked decimals compare exactly. */
const round = (row: Row, digits = 6) =>
  Object.fromEntries(
    Object.entries(row).map(([k, v]) => [k, typeof v === 'number' ? Number(v.toFixed(digits)) : v]),
  );

describe('Query: tool_comparison', () => {
  it('averages each tool over its runs and compares it with Odigos in the same scenario (worked by hand)', async () => {
    // Odigos: p50 (10+12)/2 = 11, p95 32, p99 55, 99 rps, errors 0.02, CPU (0.7+0.8)/2 = 0.75, memory 270.
    // The agent: p95 40 → 40/32 = 1.25; CPU 0.9/0.75 = 1.2. Baseline: p95 26 → 0.8125; CPU 0.525/0.75 = 0.7.
    const { rows } = await run('tool_comparison');

    expect(rows.map((r) => round(r))).toEqual([
      {
        scenario: CHECKOUT,
        tool: 'odigos',
        tool_version: 'v1.0.200',
        runs: 2,
        latency_p50_ms: 11,
        latency_p95_ms: 32,
        latency_p99_ms: 55,
        throughput_rps: 99,
        error_rate: 0.02,
        cpu_cores: 0.75,
        memory_mib: 270,
        latency_p95_vs_odigos: 1,
        throughput_vs_odigos: 1,
        cpu_vs_odigos: 1,
        memory_vs_odigos: 1,
      },
      {
        scenario: CHECKOUT,
        tool: 'otel-java-agent',
        tool_version: '2.1.0',
        runs: 1,
        latency_p50_ms: 14,
        latency_p95_ms: 40,
        latency_p99_ms: 80,
        throughput_rps: 95,
        error_rate: 0.02,
        cpu_cores: 0.9,
        memory_mib: 400,
        latency_p95_vs_odigos: 1.25,
        throughput_vs_odigos: Number((95 / 99).toFixed(6)),
        cpu_vs_odigos: 1.2,
        memory_vs_odigos: Number((400 / 270).toFixed(6)),
      },
      {
        scenario: CHECKOUT,
        tool: 'none',
        tool_version: null,
        runs: 2,
        latency_p50_ms: 9,
        latency_p95_ms: 26,
        latency_p99_ms: 46,
        throughput_rps: 101,
        error_rate: 0,
        cpu_cores: 0.525,
        memory_mib: 205,
        latency_p95_vs_odigos: 0.8125,
        throughput_vs_odigos: Number((101 / 99).toFixed(6)),
        cpu_vs_odigos: 0.7,
        memory_vs_odigos: Number((205 / 270).toFixed(6)),
      },
      {
        scenario: 'idle',
        tool: 'none',
        tool_version: null,
        runs: 1,
        latency_p50_ms: 1,
        latency_p95_ms: 2,
        latency_p99_ms: 3,
        throughput_rps: 10,
        error_rate: 0,
        cpu_cores: null,
        memory_mib: null,
        latency_p95_vs_odigos: null,
        throughput_vs_odigos: null,
        cpu_vs_odigos: null,
        memory_vs_odigos: null,
      },
    ]);
  });
});

describe('Query: overhead', () => {
  it('gives the added latency, CPU and memory against the baseline runs, absolute and % (worked by hand)', async () => {
    // Baseline (b1, b2): p50 9, p95 26, p99 46, 101 rps, 0.525 cores, 205 MiB. Odigos: p50 +2 ms = 22.22%,
    // p95 +6 = 23.08%, p99 +9 = 19.57%, 99/101 − 1 = −1.98%, CPU +0.225 = 42.86%, memory +65 = 31.71%.
    // The idle scenario has no instrumented run, so no row.
    const { rows } = await run('overhead');

    expect(rows.map((r) => round(r, 4))).toEqual([
      {
        scenario: CHECKOUT,
        tool: 'odigos',
        tool_version: 'v1.0.200',
        runs: 2,
        baseline_runs: 2,
        latency_p50_overhead_ms: 2,
        latency_p50_overhead_pct: 22.2222,
        latency_p95_overhead_ms: 6,
        latency_p95_overhead_pct: 23.0769,
        latency_p99_overhead_ms: 9,
        latency_p99_overhead_pct: 19.5652,
        throughput_change_pct: -1.9802,
        cpu_overhead_cores: 0.225,
        cpu_overhead_pct: 42.8571,
        memory_overhead_mib: 65,
        memory_overhead_pct: 31.7073,
      },
      {
        scenario: CHECKOUT,
        tool: 'otel-java-agent',
        tool_version: '2.1.0',
        runs: 1,
        baseline_runs: 2,
        latency_p50_overhead_ms: 5,
        latency_p50_overhead_pct: 55.5556,
        latency_p95_overhead_ms: 14,
        latency_p95_overhead_pct: 53.8462,
        latency_p99_overhead_ms: 34,
        latency_p99_overhead_pct: 73.913,
        throughput_change_pct: -5.9406,
        cpu_overhead_cores: 0.375,
        cpu_overhead_pct: 71.4286,
        memory_overhead_mib: 195,
        memory_overhead_pct: 95.122,
      },
    ]);
  });

  it('takes another baseline tool by name', async () => {
    const { rows } = await run('overhead', { baseline_tool: 'otel-java-agent' });

    // Odigos against the agent: p95 32 − 40 = −8 ms; the runs of "none" count as instrumented here.
    expect(rows.map((r) => [r.tool, r.latency_p95_overhead_ms])).toEqual([
      ['odigos', -8],
      ['none', -14],
    ]);
  });
});
