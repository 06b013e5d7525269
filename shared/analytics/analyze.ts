import type { Buckets } from '../config/config.ts';
import type {
  Alert,
  Log,
  Notifier,
  ObjectStore,
  QueryEngine,
  QueryResult,
  QueryRow,
} from '../ports/index.ts';
import { silentLog } from '../ports/index.ts';
import { DEFAULT_ANOMALY_OPTIONS, detectIncidents, type Incident } from './anomaly.ts';
import { addDays, type DateRange, windowEnding } from './dates.ts';
import { evaluateKpi, type Kpi } from './kpis.ts';
import type { QueryCatalog } from './query-catalog.ts';
import { runQuery } from './run-query.ts';

export interface AnalyzeDeps {
  readonly engine: QueryEngine;
  readonly catalog: QueryCatalog;
  readonly store: ObjectStore;
  readonly notifier: Notifier;
  readonly buckets: Buckets;
  readonly log?: Log;
  readonly reportUrl?: string;
}

export interface AnalyzeInput {
  /** Last day (UTC, YYYY-MM-DD) the analysis covers. */
  readonly asOf: string;
  /** Length of the KPI window; the baseline is the window before it. */
  readonly windowDays?: number;
  /** Days scanned for anomalies (alerts already sent for an incident are not sent again). */
  readonly alertDays?: number;
}

export interface SeriesIncident extends Incident {
  readonly cluster: string;
  readonly component: string;
  readonly metric: string;
  readonly unit: string | null;
  readonly alertId: string;
}

export interface QueryRun {
  readonly name: string;
  readonly rows: number;
  readonly bytesScanned: number | null;
  readonly engineMillis: number;
}

/** Everything one analysis run produced; the report renders it and the snapshot stores it. */
export interface AnalysisResult {
  readonly asOf: string;
  readonly window: DateRange;
  readonly baselineWindow: DateRange;
  readonly kpis: readonly Kpi[];
  readonly featureAdoption: readonly QueryRow[];
  readonly latency: readonly QueryRow[];
  readonly resources: readonly QueryRow[];
  readonly sentimentWeekly: readonly QueryRow[];
  readonly incidents: readonly SeriesIncident[];
  /** Alert ids published by this run (incidents already alerted earlier are not repeated). */
  readonly alertsPublished: readonly string[];
  readonly queries: readonly QueryRun[];
  /** Every other catalog query over the KPI window, by name (for the report and for Athena users). */
  readonly catalogResults: Readonly<Record<string, readonly QueryRow[]>>;
}

const ALERT_STATE_PREFIX = 'alerts/sent/';

/**
 * Parallel engines sum floating point numbers in varying order, so the last bits of an average can
 * differ between two runs over the same data. Rounding first to 13 digits absorbs that noise (a
 * single rounding can still flip when the exact value sits on a rounding boundary), then to 10
 * digits for people, so re-runs write identical results.
 */
function roundRow(row: QueryRow): QueryRow {
  const out: QueryRow = {};
  for (const [key, value] of Object.entries(row)) {
    out[key] =
      typeof value === 'number' && !Number.isInteger(value)
        ? Number(Number(value.toPrecision(13)).toPrecision(10))
        : value;
  }
  return out;
}
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const median = (values: number[]): number | null => {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const mean = (values: number[]): number | null =>
  values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;

/**
 * The analysis run: the query catalog over the lake for the KPI window and its baseline, KPI
 * snapshot, anomaly check on every performance series, and alerts for new incidents. Results are
 * written to the lake under `analysis/…/dt=<asOf>/`, so re-running a day replaces that day.
 */
export async function analyze(deps: AnalyzeDeps, input: AnalyzeInput): Promise<AnalysisResult> {
  const log = deps.log ?? silentLog;
  const windowDays = input.windowDays ?? 30;
  const window = windowEnding(input.asOf, windowDays);
  const baselineWindow = windowEnding(addDays(window.start, -1), windowDays);
  const alertDays = input.alertDays ?? 14;
  // Seven extra days give the detector its same-hour history for the first day it scores.
  const seriesRange = windowEnding(input.asOf, alertDays + DEFAULT_ANOMALY_OPTIONS.seasonDays);
  const range = (r: DateRange) => ({ start_date: r.start, end_date: r.end });

  const named: [string, string, Record<string, string>][] = [
    ['adoption', 'feature_adoption', range(window)],
    ['adoptionBaseline', 'feature_adoption', range(baselineWindow)],
    ['latency', 'latency_percentiles', range(window)],
    ['latencyBaseline', 'latency_percentiles', range(baselineWindow)],
    ['resources', 'component_resources', range(window)],
    ['series', 'metric_hourly', range(seriesRange)],
    ['sentiment', 'sentiment_weekly', range(window)],
    ['sentimentBaseline', 'sentiment_weekly', range(baselineWindow)],
  ];
  const results = new Map<string, QueryResult>();
  const queries: QueryRun[] = [];
  await Promise.all(
    named.map(async ([key, name, params]) => {
      const result = await runQuery(deps.engine, deps.catalog, name, params);
      results.set(key, { ...result, rows: result.rows.map(roundRow) });
      queries.push(queryRun(name, result));
      log.debug('Query done', { name, rows: result.rows.length, bytesScanned: result.stats.bytesScanned });
    }),
  );
  const rows = (key: string) => results.get(key)!.rows;
  const catalogResults = await runRestOfCatalog(
    deps,
    new Set(named.map(([, name]) => name)),
    window,
    queries,
  );

  const incidents = findIncidents(rows('series'), addDays(input.asOf, -(alertDays - 1)));
  const kpis = computeKpis(rows, incidents);
  const alertsPublished: string[] = [];
  for (const incident of incidents) {
    const stateKey = `${ALERT_STATE_PREFIX}${incident.alertId}.json`;
    if (await deps.store.head(deps.buckets.lake, stateKey)) continue;
    const alert = incidentAlert(incident, deps.reportUrl);
    const receipt = await deps.notifier.publish(alert);
    await deps.store.put(
      deps.buckets.lake,
      stateKey,
      JSON.stringify({ alert, messageId: receipt.messageId }, null, 2),
    );
    alertsPublished.push(alert.id);
    log.info('Alert published', { alertId: alert.id, messageId: receipt.messageId });
  }

  const result: AnalysisResult = {
    asOf: input.asOf,
    window,
    baselineWindow,
    kpis,
    featureAdoption: rows('adoption'),
    latency: rows('latency'),
    resources: rows('resources'),
    sentimentWeekly: rows('sentiment'),
    incidents,
    alertsPublished,
    queries: queries.sort((a, b) => a.name.localeCompare(b.name)),
    catalogResults,
  };
  await writeResults(deps, result);
  return result;
}

/** What the report and logs say about one query run. */
const queryRun = (name: string, result: QueryResult): QueryRun => ({
  name,
  rows: result.rows.length,
  bytesScanned: result.stats.bytesScanned,
  engineMillis: result.stats.engineMillis,
});

/** At most this many of the other catalog queries run at once (Athena's DML concurrency is shared). */
const CATALOG_CONCURRENCY = 4;

/**
 * Runs every catalog query the KPIs did not already run, over the KPI window with each query's
 * own defaults, so each product question has a fresh answer in the lake every day.
 */
async function runRestOfCatalog(
  deps: AnalyzeDeps,
  done: ReadonlySet<string>,
  window: DateRange,
  runs: QueryRun[],
): Promise<Record<string, QueryRow[]>> {
  const pending = deps.catalog.all().filter((q) => !done.has(q.name));
  const out: Record<string, QueryRow[]> = {};
  const worker = async () => {
    for (let query = pending.shift(); query; query = pending.shift()) {
      const result = await runQuery(deps.engine, deps.catalog, query.name, {
        start_date: window.start,
        end_date: window.end,
      });
      out[query.name] = result.rows.map(roundRow);
      runs.push(queryRun(query.name, result));
    }
  };
  await Promise.all(Array.from({ length: CATALOG_CONCURRENCY }, worker));
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

function findIncidents(series: readonly QueryRow[], reportFrom: string): SeriesIncident[] {
  const grouped = Map.groupBy(series, (row) => `${row.cluster_name}|${row.component}|${row.metric_name}`);
  const found: SeriesIncident[] = [];
  for (const [key, points] of grouped) {
    const [cluster, component, metric] = key.split('|') as [string, string, string];
    const incidents = detectIncidents(
      points
        .filter((p) => num(p.value) !== null)
        .map((p) => ({ time: String(p.hour), value: p.value as number })),
      { ...DEFAULT_ANOMALY_OPTIONS, reportFrom: `${reportFrom}T00:00:00.000Z` },
    );
    for (const incident of incidents) {
      const alertId = `perf-${cluster}-${component}-${metric}-${incident.start}`.replace(
        /[^A-Za-z0-9._-]+/g,
        '-',
      );
      found.push({
        ...incident,
        cluster,
        component,
        metric,
        unit: (points[0]?.unit as string | null) ?? null,
        alertId,
      });
    }
  }
  return found.sort((a, b) => a.start.localeCompare(b.start) || a.alertId.localeCompare(b.alertId));
}

function formatValue(value: number, unit: string | null): string {
  if (unit === 'By') return `${(value / 1048576).toFixed(0)} MiB`;
  if (unit === '1') return `${value.toFixed(3)} cores`;
  return `${value.toFixed(2)}${unit ? ` ${unit}` : ''}`;
}

export function incidentAlert(incident: SeriesIncident, reportUrl?: string): Alert {
  const severity = incident.ratio >= 2.5 || incident.ratio <= 0.25 ? 'critical' : 'warning';
  const direction = incident.ratio >= 1 ? 'above' : 'below';
  return {
    id: incident.alertId,
    status: 'firing',
    severity,
    title: `${incident.metric} on ${incident.cluster}/${incident.component} is ${incident.ratio.toFixed(1)}× normal`,
    summary:
      `${incident.metric} of ${incident.component} in cluster ${incident.cluster} reached ` +
      `${formatValue(incident.peakValue, incident.unit)} at ${incident.peakTime}, ${incident.ratio.toFixed(1)}× the ` +
      `expected ${formatValue(incident.expected, incident.unit)} (${direction} normal since ${incident.start}, ` +
      `${incident.hours} h${incident.ongoing ? ', still ongoing' : `, last anomalous hour ${incident.end}`}).`,
    facts: [
      { label: 'Cluster', value: incident.cluster },
      { label: 'Component', value: incident.component },
      { label: 'Metric', value: incident.metric },
      { label: 'Observed peak', value: formatValue(incident.peakValue, incident.unit) },
      { label: 'Expected', value: formatValue(incident.expected, incident.unit) },
      { label: 'Deviation', value: `${incident.ratio.toFixed(2)}× (robust z ${incident.z.toFixed(1)})` },
      { label: 'Since', value: incident.start },
      { label: 'Duration', value: `${incident.hours} h${incident.ongoing ? ' (ongoing)' : ''}` },
    ],
    detectedAt: incident.start,
    ...(reportUrl ? { reportUrl } : {}),
  };
}

function computeKpis(
  rows: (key: string) => readonly QueryRow[],
  incidents: readonly SeriesIncident[],
): Kpi[] {
  const adoptionRate = (r: readonly QueryRow[]) =>
    mean(r.map((x) => num(x.user_share)).filter((v): v is number => v !== null));
  const activeUsers = (r: readonly QueryRow[]) => num(r[0]?.active_users);
  const gatewayP95 = (r: readonly QueryRow[]) =>
    median(
      r
        .filter((x) => x.component === 'gateway')
        .map((x) => num(x.p95))
        .filter((v): v is number => v !== null),
    );
  const sentimentIndex = (r: readonly QueryRow[]) => {
    const positive = r.reduce((n, x) => n + (num(x.positive) ?? 0), 0);
    const negative = r.reduce((n, x) => n + (num(x.negative) ?? 0), 0);
    return positive + negative === 0 ? null : (100 * positive) / (positive + negative);
  };
  return [
    evaluateKpi({
      name: 'feature_adoption_rate',
      title: 'Feature adoption',
      unit: 'share of active users',
      value: adoptionRate(rows('adoption')),
      baseline: adoptionRate(rows('adoptionBaseline')),
      direction: 'up',
      target: { relative: 0.2 },
      description:
        'Mean share of active UI users who used each feature; target +20 % over the previous window.',
    }),
    evaluateKpi({
      name: 'active_users',
      title: 'Active UI users',
      unit: 'users',
      value: activeUsers(rows('adoption')),
      baseline: activeUsers(rows('adoptionBaseline')),
      direction: 'up',
      description: 'Distinct users with any Odigos UI activity in the window.',
    }),
    evaluateKpi({
      name: 'community_sentiment_index',
      title: 'Community Sentiment Index',
      unit: 'index 0-100',
      value: sentimentIndex(rows('sentiment')),
      baseline: sentimentIndex(rows('sentimentBaseline')),
      direction: 'up',
      target: { absolute: 80 },
      description:
        'Positive share of opinionated feedback (positive / (positive + negative)) × 100; target above 80.',
    }),
    evaluateKpi({
      name: 'gateway_p95_latency_ms',
      title: 'Gateway p95 pipeline latency',
      unit: 'ms',
      value: gatewayP95(rows('latency')),
      baseline: gatewayP95(rows('latencyBaseline')),
      direction: 'down',
      description: 'Median across clusters and versions of the gateway p95 of odigos.pipeline.latency.',
    }),
    evaluateKpi({
      name: 'performance_incidents',
      title: 'Performance incidents',
      unit: 'incidents',
      value: incidents.length,
      baseline: null,
      direction: 'down',
      target: { absolute: 0 },
      description: 'Anomalous runs in any cluster × component × metric series over the alert window.',
    }),
  ];
}

async function writeResults(deps: AnalyzeDeps, result: AnalysisResult): Promise<void> {
  const put = (key: string, value: unknown) =>
    deps.store.put(deps.buckets.lake, key, `${JSON.stringify(value, null, 2)}\n`, {
      contentType: 'application/json',
    });
  const dt = `dt=${result.asOf}`;
  await put(`snapshots/kpi/${dt}/snapshot.json`, {
    asOf: result.asOf,
    window: result.window,
    baselineWindow: result.baselineWindow,
    kpis: result.kpis,
    underusedFeatures: result.featureAdoption.filter((r) => r.underused === true).map((r) => r.feature),
    // Incidents carry their alert ids; which run first published them lives in alerts/sent/, so a
    // re-run of the same day writes an identical snapshot.
    incidents: result.incidents,
  });
  await put(`analysis/feature_adoption/${dt}/result.json`, result.featureAdoption);
  await put(`analysis/latency_percentiles/${dt}/result.json`, result.latency);
  await put(`analysis/component_resources/${dt}/result.json`, result.resources);
  await put(`analysis/sentiment_weekly/${dt}/result.json`, result.sentimentWeekly);
  for (const [name, rows] of Object.entries(result.catalogResults))
    await put(`analysis/${name}/${dt}/result.json`, rows);
}
