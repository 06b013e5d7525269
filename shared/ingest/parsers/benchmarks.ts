import path from 'node:path/posix';
import { parse } from 'csv-parse/sync';
import { benchmarkResources, benchmarkRuns } from '../../catalog/tables.ts';
import {
  bad,
  clip,
  isObject,
  jsonDocumentParser,
  type ParsedRecord,
  type SourceObject,
  type SourceParser,
  str,
  toIsoUtc,
} from '../records.ts';

/**
 * Run metadata comes from k6's `setup_data` (return it from `setup()`), or else from Hive-style
 * segments of the key: `benchmarks/k6/scenario=<s>/tool=<t>/version=<v>/cluster=<c>/started=<ISO>/<run>.json`.
 */
function metadata(key: string, setup: Record<string, unknown>): Record<string, string | null> {
  const segments = Object.fromEntries(
    key
      .split('/')
      .filter((s) => s.includes('='))
      .map((s) => [s.slice(0, s.indexOf('=')), decodeURIComponent(s.slice(s.indexOf('=') + 1))]),
  );
  const pick = (...names: string[]) =>
    names.map((n) => str(setup[n]) ?? str(segments[n])).find((v) => v !== null) ?? null;
  return {
    run_id: pick('run_id', 'run') ?? path.basename(key).replace(/\.json(\.gz|\.zst)?$/, ''),
    tool: pick('tool'),
    tool_version: pick('tool_version', 'version'),
    cluster_name: pick('cluster', 'cluster_name'),
    scenario: pick('scenario'),
    started_at: pick('started_at', 'started'),
  };
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Maps a k6 end-of-test summary (`--summary-export` or `handleSummary` data) to a benchmark run. */
export function k6SummaryToRecord(summary: unknown, key: string): ParsedRecord {
  if (!isObject(summary) || !isObject(summary.metrics))
    return bad('$', 'metrics', 'not a k6 end-of-test summary (no metrics object)', clip(summary));
  const setup = isObject(summary.setup_data) ? summary.setup_data : {};
  const meta = metadata(key, setup);
  // `--summary-export` puts values at the top of each metric; handleSummary data nests them in `values`.
  const values = (name: string): Record<string, unknown> => {
    const metric = (summary.metrics as Record<string, unknown>)[name];
    if (!isObject(metric)) return {};
    return isObject(metric.values) ? metric.values : metric;
  };
  const duration = values('http_req_duration');
  const reqs = values('http_reqs');
  const failed = values('http_req_failed');
  const state = isObject(summary.state) ? summary.state : {};
  const startedAt = toIsoUtc(meta.started_at);
  if (!meta.tool)
    return bad('$', 'tool', 'no tool given (setup_data.tool or a tool=<name> key segment)', clip(setup));
  if (!meta.scenario)
    return bad(
      '$',
      'scenario',
      'no scenario given (setup_data.scenario or a scenario=<name> key segment)',
      clip(setup),
    );
  if (!startedAt)
    return bad(
      '$',
      'started_at',
      `no start time (setup_data.started_at or started=<ISO> in the key), got ${JSON.stringify(meta.started_at)}`,
      clip(setup),
    );
  return {
    kind: 'row',
    table: benchmarkRuns.name,
    position: '$',
    row: {
      ...meta,
      started_at: startedAt,
      duration_s: num(state.testRunDurationMs) === null ? null : (state.testRunDurationMs as number) / 1000,
      requests: num(reqs.count) === null ? null : Math.round(reqs.count as number),
      throughput_rps: num(reqs.rate),
      error_rate: num(failed.rate) ?? num(failed.value),
      latency_avg_ms: num(duration.avg),
      latency_p50_ms: num(duration.med) ?? num(duration['p(50)']),
      latency_p90_ms: num(duration['p(90)']),
      latency_p95_ms: num(duration['p(95)']),
      latency_p99_ms: num(duration['p(99)']),
      latency_max_ms: num(duration.max),
      source_key: key,
    },
  };
}

/** k6 summaries under `benchmarks/…/*.json`. */
export const k6Parser: SourceParser = jsonDocumentParser({
  name: 'k6-summary',
  tables: [benchmarkRuns.name],
  matches: (key) => key.startsWith('benchmarks/') && /\.json(\.gz|\.zst)?$/.test(key),
  *records(summary, key) {
    yield k6SummaryToRecord(summary, key);
  },
});

/**
 * Resource samples during benchmark runs, CSV under `benchmarks/…/*.csv` with the header
 * `run_id,tool,tool_version,cluster,scenario,component,timestamp,cpu_cores,memory_mib`.
 */
export const benchmarkCsvParser: SourceParser = {
  name: 'benchmark-resources',
  tables: [benchmarkResources.name],
  matches: (key) => key.startsWith('benchmarks/') && key.toLowerCase().endsWith('.csv'),
  async *parse(source: SourceObject) {
    let records: { record: Record<string, string>; info: { lines: number } }[];
    try {
      records = parse(await source.text(), {
        bom: true,
        columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()),
        skip_empty_lines: true,
        relax_column_count: true,
        info: true,
      });
    } catch (error) {
      yield bad('$', '$', `not valid CSV: ${(error as Error).message}`, null);
      return;
    }
    for (const { record, info } of records) {
      const position = `line ${info.lines}`;
      const measuredAt = toIsoUtc(record.timestamp);
      if (!measuredAt) {
        yield bad(position, 'timestamp', `not a timestamp: ${JSON.stringify(record.timestamp)}`, record);
        continue;
      }
      const number = (field: string): number | null | 'bad' => {
        const v = record[field]?.trim() ?? '';
        if (v === '') return null;
        const n = Number(v);
        return Number.isFinite(n) && n >= 0 ? n : 'bad';
      };
      const cpu = number('cpu_cores');
      const memory = number('memory_mib');
      if (cpu === 'bad' || memory === 'bad') {
        const field = cpu === 'bad' ? 'cpu_cores' : 'memory_mib';
        yield bad(
          position,
          field,
          `${field} must be a non-negative number, got ${JSON.stringify(record[field])}`,
          record,
        );
        continue;
      }
      yield {
        kind: 'row',
        table: benchmarkResources.name,
        position,
        row: {
          run_id: str(record.run_id?.trim()),
          tool: str(record.tool?.trim()),
          tool_version: str(record.tool_version?.trim()),
          cluster_name: str(record.cluster?.trim()),
          scenario: str(record.scenario?.trim()),
          component: str(record.component?.trim()),
          measured_at: measuredAt,
          cpu_cores: cpu,
          memory_mib: memory,
          source_key: source.key,
        },
      };
    }
  },
};
