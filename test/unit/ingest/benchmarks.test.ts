import { describe, expect, it } from 'vitest';
import { benchmarkCsvParser, k6SummaryToRecord } from '../../../shared/ingest/parsers/benchmarks.ts';
import type { ParsedRecord } from '../../../shared/ingest/records.ts';

// The shape of k6's handleSummary data (values nested under `values`), as `k6 run` writes it.
const k6Summary = {
  setup_data: {
    tool: 'odigos',
    tool_version: 'v1.0.200',
    cluster: 'bench-1',
    scenario: 'checkout-100rps',
    started_at: '2026-11-02T10:00:00Z',
  },
  state: { testRunDurationMs: 300_000 },
  metrics: {
    http_req_duration: {
      type: 'trend',
      contains: 'time',
      values: { avg: 12.5, min: 2, med: 10, max: 250, 'p(90)': 20, 'p(95)': 31.2 },
    },
    http_reqs: { type: 'counter', contains: 'default', values: { count: 30_000, rate: 100 } },
    http_req_failed: {
      type: 'rate',
      contains: 'default',
      values: { rate: 0.002, passes: 60, fails: 29_940 },
    },
  },
};

describe('Parser: k6 end-of-test summary', () => {
  it('maps latency percentiles, throughput and errors, with run metadata from setup_data', () => {
    expect(k6SummaryToRecord(k6Summary, 'benchmarks/k6/run-17.json')).toMatchObject({
      kind: 'row',
      table: 'benchmark_runs',
      row: {
        run_id: 'run-17',
        tool: 'odigos',
        tool_version: 'v1.0.200',
        scenario: 'checkout-100rps',
        started_at: '2026-11-02T10:00:00.000Z',
        duration_s: 300,
        requests: 30_000,
        throughput_rps: 100,
        error_rate: 0.002,
        latency_p50_ms: 10,
        latency_p95_ms: 31.2,
        latency_p99_ms: null,
      },
    });
  });

  it('takes metadata from Hive-style key segments and reads the --summary-export layout', () => {
    const exported = {
      metrics: { http_req_duration: { avg: 5, med: 4, 'p(95)': 9 }, http_reqs: { count: 10, rate: 1 } },
    };
    const key =
      'benchmarks/k6/scenario=idle/tool=none/version=-/cluster=bench-1/started=2026-11-02T11:00:00Z/baseline-3.json';

    expect(k6SummaryToRecord(exported, key)).toMatchObject({
      row: {
        tool: 'none',
        scenario: 'idle',
        run_id: 'baseline-3',
        latency_p95_ms: 9,
        started_at: '2026-11-02T11:00:00.000Z',
      },
    });
  });

  it('says which metadata is missing', () => {
    expect(k6SummaryToRecord({ metrics: {} }, 'benchmarks/k6/x.json')).toMatchObject({
      kind: 'bad',
      field: 'tool',
    });
    expect(k6SummaryToRecord({ nope: 1 }, 'benchmarks/k6/x.json')).toMatchObject({
      kind: 'bad',
      field: 'metrics',
    });
  });
});

describe('Parser: benchmark resource CSV', () => {
  it('reads samples and quarantines a negative or non-numeric measurement with its line', async () => {
    const csv =
      'run_id,tool,tool_version,cluster,scenario,component,timestamp,cpu_cores,memory_mib\nr1,odigos,v1,b1,s1,odiglet,2026-11-02T10:00:00Z,0.25,120\nr1,odigos,v1,b1,s1,app,2026-11-02T10:00:00Z,-1,80\n';
    const out: ParsedRecord[] = [];
    for await (const r of benchmarkCsvParser.parse({
      key: 'benchmarks/resources/r1.csv',
      text: async () => csv,
      lines: async function* () {},
    }))
      out.push(r);

    expect(out[0]).toMatchObject({
      kind: 'row',
      table: 'benchmark_resources',
      row: {
        component: 'odiglet',
        cpu_cores: 0.25,
        memory_mib: 120,
        measured_at: '2026-11-02T10:00:00.000Z',
      },
    });
    expect(out[1]).toMatchObject({ kind: 'bad', field: 'cpu_cores', position: 'line 3' });
  });
});

describe('Ingest: benchmark and trace objects reach their tables', () => {
  it('lands a k6 summary and an OTLP trace file as Parquet', async () => {
    const { MemoryObjectStore } = await import('../../support/memory-object-store.ts');
    const { DuckDBParquetEncoder } = await import('../../../shared/adapters/duckdb/parquet-encoder.ts');
    const { ingestObject } = await import('../../../shared/ingest/ingest.ts');
    const store = new MemoryObjectStore();
    const encoder = new DuckDBParquetEncoder();
    const buckets = { raw: 'raw', lake: 'lake', quarantine: 'quarantine', report: 'report' };
    await store.put('raw', 'benchmarks/k6/run-1.json', JSON.stringify(k6Summary));
    const trace = {
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'orders' } }] },
          scopeSpans: [
            {
              spans: [
                {
                  traceId: 't',
                  spanId: 's',
                  name: 'GET',
                  startTimeUnixNano: '1767225600000000000',
                  endTimeUnixNano: '1767225600100000000',
                },
              ],
            },
          ],
        },
      ],
    };
    await store.put(
      'raw',
      'otlp/year=2026/month=01/day=01/hour=00/minute=00/traces_1.json',
      JSON.stringify(trace),
    );

    const k6 = await ingestObject({ store, encoder, buckets }, 'benchmarks/k6/run-1.json');
    const spans = await ingestObject(
      { store, encoder, buckets },
      'otlp/year=2026/month=01/day=01/hour=00/minute=00/traces_1.json',
    );
    await encoder.close();

    expect(k6).toMatchObject({ status: 'ingested', accepted: { benchmark_runs: 1 } });
    expect(spans).toMatchObject({ status: 'ingested', accepted: { spans: 1 } });
  });
});
