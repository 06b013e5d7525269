import type { AnalysisResult } from '../analytics/analyze.ts';
import type { Kpi } from '../analytics/kpis.ts';
import { barChart, dataTable, escapeHtml, formatNumber } from './html.ts';

const STYLE = `
body{font:15px/1.5 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;color:#1d2330;background:#f6f7fb}
header{background:#151a2d;color:#fff;padding:20px 32px}header h1{margin:0;font-size:22px}header p{margin:4px 0 0;color:#b8c0d9}
nav{padding:8px 32px;background:#fff;border-bottom:1px solid #e3e6ef}nav a{margin-right:16px;color:#3b5bdb;text-decoration:none}
main{padding:16px 32px 48px;max-width:1200px}section{background:#fff;border:1px solid #e3e6ef;border-radius:8px;padding:16px 20px;margin:16px 0}
h2{margin-top:0;font-size:18px}.caption{color:#5c6478;font-size:13px}.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(210px,1fr));gap:12px}
.card{border:1px solid #e3e6ef;border-radius:8px;padding:12px}.card .value{font-size:24px;font-weight:600}.card .meta{font-size:12px;color:#5c6478}
.status-on_track{border-left:4px solid #2b8a3e}.status-off_track{border-left:4px solid #e03131}.status-no_target,.status-no_data{border-left:4px solid #adb5bd}
table{border-collapse:collapse;width:100%;font-size:13px;margin-top:8px}caption{text-align:left;color:#5c6478;padding:4px 0}
th,td{border-bottom:1px solid #eceef4;padding:4px 8px;text-align:left}td.num{text-align:right;font-variant-numeric:tabular-nums}
svg .mark{fill:#4c6ef5}svg .mark.highlight{fill:#f08c00}svg .label,svg .value,svg .tick,svg .axis-label{font-size:12px;fill:#1d2330}svg .axis{stroke:#adb5bd}
.alert{border-left:4px solid #e03131;padding:8px 12px;background:#fff5f5;margin:8px 0}.muted{color:#5c6478}
`;

const TREND = { up: '▲', down: '▼', flat: '▶', unknown: '·' } as const;

function kpiCard(kpi: Kpi): string {
  const format = (v: number | null) =>
    v === null ? '–' : kpi.unit.startsWith('share') ? `${(v * 100).toFixed(1)} %` : formatNumber(v);
  return `<div class="card status-${kpi.status}" data-kpi="${escapeHtml(kpi.name)}">
<div class="meta">${escapeHtml(kpi.title)}</div>
<div class="value">${escapeHtml(format(kpi.value))} <span class="meta">${TREND[kpi.trend]}</span></div>
<div class="meta">baseline ${escapeHtml(format(kpi.baseline))} · target ${escapeHtml(format(kpi.target))} · ${escapeHtml(kpi.status.replace('_', ' '))}</div>
<div class="meta">${escapeHtml(kpi.description)}</div></div>`;
}

/**
 * Renders the Data Hub report: one self-contained HTML page (inline CSS and SVG, no scripts, no
 * external requests) so it opens from S3 or a local folder alike. Deterministic for a given result.
 */
export function renderReport(result: AnalysisResult): string {
  const adoptionBars = result.featureAdoption.map((r) => ({
    label: String(r.feature),
    value: typeof r.user_share === 'number' ? r.user_share : 0,
    highlight: r.underused === true,
  }));
  const gatewayLatency = result.latency.filter((r) => r.component === 'gateway');
  const incidents = result.incidents
    .map(
      (
        i,
      ) => `<div class="alert"><strong>${escapeHtml(i.metric)}</strong> on <strong>${escapeHtml(i.cluster)}/${escapeHtml(i.component)}</strong>:
peak ${escapeHtml(formatNumber(i.peakValue))} vs expected ${escapeHtml(formatNumber(i.expected))} (${escapeHtml(i.ratio.toFixed(1))}×),
${escapeHtml(i.start)} → ${escapeHtml(i.end)} (${i.hours} h${i.ongoing ? ', ongoing' : ''}).</div>`,
    )
    .join('\n');
  const queries = dataTable(
    result.queries as unknown as Record<string, unknown>[],
    [
      { key: 'name', label: 'Query' },
      { key: 'rows', label: 'Rows' },
      { key: 'bytesScanned', label: 'Bytes scanned' },
    ],
    'Queries behind this report (queries/*.sql), with the Parquet bytes each read.',
  );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Odigos Data Hub — ${escapeHtml(result.asOf)}</title><style>${STYLE}</style></head>
<body>
<header><h1>Odigos Data Hub</h1><p>Window ${escapeHtml(result.window.start)} → ${escapeHtml(result.window.end)} · baseline ${escapeHtml(result.baselineWindow.start)} → ${escapeHtml(result.baselineWindow.end)}</p></header>
<nav><a href="#overview">Overview</a><a href="#usage">Usage</a><a href="#performance">Performance</a><a href="#community">Community</a><a href="#alerts">Alerts</a><a href="#queries">Queries</a></nav>
<main>
<section id="overview"><h2>Overview</h2><div class="cards">${result.kpis.map(kpiCard).join('\n')}</div></section>
<section id="usage"><h2>Feature adoption</h2>
<p class="caption">Share of active UI users who used each feature (track events) in the window; under-used features in orange. Query: feature_adoption.</p>
${barChart(adoptionBars, { title: 'Feature adoption (share of active users)', unit: 'share of active users', max: 1, percent: true })}
${dataTable(
  result.featureAdoption,
  [
    { key: 'feature', label: 'Feature' },
    { key: 'users', label: 'Users' },
    { key: 'installations', label: 'Installations' },
    { key: 'events', label: 'Events' },
    {
      key: 'user_share',
      label: 'Share of active users',
      format: (v) => (typeof v === 'number' ? `${(v * 100).toFixed(1)} %` : '–'),
    },
    { key: 'underused', label: 'Under-used', format: (v) => (v === true ? 'yes' : 'no') },
  ],
  'Feature adoption per feature.',
)}
</section>
<section id="performance"><h2>Performance</h2>
<p class="caption">Gateway p95 pipeline latency (ms) per cluster and Odigos version, from OTLP histograms with bucket interpolation. Query: latency_percentiles.</p>
${barChart(
  gatewayLatency.map((r) => ({
    label: `${r.cluster_name} ${r.odigos_version}`,
    value: typeof r.p95 === 'number' ? r.p95 : 0,
  })),
  { title: 'Gateway p95 latency', unit: 'milliseconds' },
)}
${dataTable(
  result.latency,
  [
    { key: 'cluster_name', label: 'Cluster' },
    { key: 'odigos_version', label: 'Version' },
    { key: 'component', label: 'Component' },
    { key: 'observations', label: 'Observations' },
    { key: 'p50', label: 'p50 (ms)' },
    { key: 'p95', label: 'p95 (ms)' },
    { key: 'p99', label: 'p99 (ms)' },
  ],
  'Latency percentiles per cluster × version × component.',
)}
${dataTable(
  result.resources,
  [
    { key: 'cluster_name', label: 'Cluster' },
    { key: 'odigos_version', label: 'Version' },
    { key: 'component', label: 'Component' },
    { key: 'cpu_cores_avg', label: 'CPU avg (cores)' },
    { key: 'cpu_cores_max', label: 'CPU max (cores)' },
    { key: 'memory_mib_avg', label: 'Memory avg (MiB)' },
    { key: 'memory_mib_max', label: 'Memory max (MiB)' },
  ],
  'CPU and memory per cluster × version × component. Query: component_resources.',
)}
</section>
<section id="community"><h2>Community sentiment</h2>
<p class="caption">Scored feedback per week and source; positive share = positive / (positive + negative). Query: sentiment_weekly.</p>
${dataTable(
  result.sentimentWeekly,
  [
    { key: 'week', label: 'Week' },
    { key: 'source', label: 'Source' },
    { key: 'items', label: 'Items' },
    { key: 'positive', label: 'Positive' },
    { key: 'negative', label: 'Negative' },
    { key: 'neutral', label: 'Neutral' },
    {
      key: 'positive_share',
      label: 'Positive share',
      format: (v) => (typeof v === 'number' ? `${(v * 100).toFixed(0)} %` : '–'),
    },
  ],
  'Feedback sentiment per week and source.',
)}
</section>
<section id="alerts"><h2>Alerts</h2>
${incidents || '<p class="muted">No performance incidents in the alert window.</p>'}
</section>
<section id="queries"><h2>Queries</h2>${queries}</section>
</main></body></html>
`;
}
