import type { ColumnDef, ColumnType, TableDef } from './types.ts';

const col = (name: string, type: ColumnType, comment: string, required = false): ColumnDef => ({
  name,
  type,
  required,
  comment,
});
const req = (name: string, type: ColumnType, comment: string): ColumnDef => col(name, type, comment, true);

const sourceKey = req(
  'source_key',
  'string',
  'Raw-bucket key of the object this record came from (lineage).',
);

/** Columns the OTLP tables take from the resource of each request (see the OTLP parser). */
const clusterName = col('cluster_name', 'string', 'Resource attribute k8s.cluster.name.');
const odigosVersion = col('odigos_version', 'string', 'Resource attribute odigos.version.');
const serviceName = col('service_name', 'string', 'Resource attribute service.name.');
const component = col(
  'component',
  'string',
  'Odigos component (odiglet, instrumentor, gateway, ...) from the resource.',
);
const resourceAttributes = col('resource_attributes', 'json', 'All resource attributes as a JSON object.');

/** Odigos UI clickstream, one row per Segment-spec call (track, page, identify, screen). */
export const uiEvents: TableDef = {
  name: 'ui_events',
  description: 'Odigos UI clickstream in the Segment spec, de-duplicated by message_id, one row per call.',
  partitionSource: 'event_time',
  uniqueKey: ['message_id'],
  columns: [
    req('message_id', 'string', 'Segment messageId; unique per call, used for de-duplication.'),
    req('event_type', 'string', 'Segment call type: track, page, identify or screen.'),
    col('event_name', 'string', 'Track event name (e.g. "Source Instrumented") or page/screen name.'),
    col('user_id', 'string', 'Segment userId of a signed-in user; null for anonymous calls.'),
    col('anonymous_id', 'string', 'Segment anonymousId (browser-scoped).'),
    req('actor_id', 'string', 'user_id when known, else anonymous_id: the person to count.'),
    col('installation_id', 'string', 'Odigos installation (one per Kubernetes cluster) the UI belongs to.'),
    col('cluster_name', 'string', 'Kubernetes cluster name reported by the UI.'),
    col('odigos_version', 'string', 'Odigos version of the installation at the time of the call.'),
    col('feature', 'string', 'Product feature the call exercises (derived from the event name/page).'),
    col('page_path', 'string', 'context.page.path, e.g. /overview or /choose-sources.'),
    req('event_time', 'timestamp', 'When the call happened (Segment timestamp), UTC.'),
    col('received_at', 'timestamp', 'When the collector received the call, UTC.'),
    col('click_x', 'double', 'Click x position normalised to the viewport width, 0..1 (heatmaps).'),
    col('click_y', 'double', 'Click y position normalised to the viewport height, 0..1 (heatmaps).'),
    col('viewport_width', 'bigint', 'Viewport width in CSS pixels when the click happened.'),
    col('viewport_height', 'bigint', 'Viewport height in CSS pixels when the click happened.'),
    col('element', 'string', 'Clicked element identifier (e.g. button#add-destination).'),
    col('properties', 'json', 'The full Segment properties object as JSON text.'),
    sourceKey,
  ],
};

/** OTLP metric data points, one row per data point, all metric kinds in one table. */
export const metricPoints: TableDef = {
  name: 'metric_points',
  description:
    'OpenTelemetry metric data points from Odigos clusters (OTLP/JSON via awss3exporter), one row per point.',
  partitionSource: 'time',
  // A series is its whole resource (two pods of one DaemonSet share service.name) plus the point's
  // attributes; the same point delivered again is the same key.
  uniqueKey: ['resource_attributes', 'metric_name', 'attributes', 'time'],
  columns: [
    req('cluster_name', 'string', 'Resource attribute k8s.cluster.name.'),
    odigosVersion,
    serviceName,
    component,
    req('metric_name', 'string', 'OTLP metric name, e.g. process.cpu.utilization.'),
    req('metric_type', 'string', 'gauge, sum, histogram, exponential_histogram or summary.'),
    col('unit', 'string', 'UCUM unit from the metric, e.g. ms, By, 1.'),
    req('time', 'timestamp', 'timeUnixNano of the data point, UTC.'),
    col('start_time', 'timestamp', 'startTimeUnixNano of the data point (cumulative/delta start), UTC.'),
    col('value', 'double', 'Gauge or sum value (asInt or asDouble).'),
    col('count', 'bigint', 'Histogram/summary: number of observations.'),
    col('sum', 'double', 'Histogram/summary: sum of observations.'),
    col('min', 'double', 'Histogram: smallest observation, when reported.'),
    col('max', 'double', 'Histogram: largest observation, when reported.'),
    col('bucket_bounds', 'array<double>', 'Histogram explicitBounds (upper bounds, exclusive of +Inf).'),
    col('bucket_counts', 'array<bigint>', 'Histogram bucketCounts; one more than bucket_bounds (+Inf).'),
    col('quantiles', 'array<double>', 'Summary quantiles (0..1) reported.'),
    col('quantile_values', 'array<double>', 'Summary values at each quantile.'),
    col('temporality', 'string', 'Aggregation temporality of sums/histograms: cumulative or delta.'),
    col('is_monotonic', 'boolean', 'Sum: whether the sum only increases.'),
    col('attributes', 'json', 'Data point attributes as a JSON object (AnyValue flattened).'),
    resourceAttributes,
    sourceKey,
  ],
};

/** OTLP spans: the latency truth per service (span durations), one row per span. */
export const spans: TableDef = {
  name: 'spans',
  description:
    'OpenTelemetry spans from Odigos-instrumented services (OTLP/JSON via awss3exporter), one row per span.',
  partitionSource: 'start_time',
  uniqueKey: ['trace_id', 'span_id'],
  columns: [
    req('trace_id', 'string', 'Trace id (hex).'),
    req('span_id', 'string', 'Span id (hex).'),
    col('parent_span_id', 'string', 'Parent span id; null for a root span.'),
    clusterName,
    odigosVersion,
    req('service_name', 'string', 'Resource attribute service.name of the instrumented service.'),
    req('name', 'string', 'Span name, e.g. GET /api/orders.'),
    col('kind', 'string', 'internal, server, client, producer or consumer.'),
    req('start_time', 'timestamp', 'startTimeUnixNano, UTC.'),
    req('end_time', 'timestamp', 'endTimeUnixNano, UTC.'),
    req('duration_ms', 'double', 'end - start in milliseconds (nanosecond precision).'),
    col('status_code', 'string', 'unset, ok or error.'),
    col('attributes', 'json', 'Span attributes as a JSON object.'),
    resourceAttributes,
    sourceKey,
  ],
};

/** OTLP log records: what Odigos components and instrumented services logged, one row per record. */
export const logRecords: TableDef = {
  name: 'log_records',
  description:
    'OpenTelemetry log records from Odigos clusters (OTLP/JSON via awss3exporter), one row per log record.',
  partitionSource: 'time',
  uniqueKey: ['record_id'],
  columns: [
    req(
      'record_id',
      'string',
      'Hash of the record (resource, nanosecond times, severity, body, attributes, trace context): a record exported twice keeps its id.',
    ),
    req('time', 'timestamp', 'timeUnixNano of the record, or observedTimeUnixNano when that is unset, UTC.'),
    col('observed_time', 'timestamp', 'observedTimeUnixNano: when the SDK or collector saw the record, UTC.'),
    clusterName,
    odigosVersion,
    serviceName,
    component,
    col(
      'severity_number',
      'bigint',
      'OTLP SeverityNumber: TRACE 1-4, DEBUG 5-8, INFO 9-12, WARN 13-16, ERROR 17-20, FATAL 21-24; null when unspecified.',
    ),
    col('severity_text', 'string', 'Severity as logged, e.g. INFO, warn, Error.'),
    col('body', 'string', 'Log body: the message text, or JSON text for a structured body.'),
    col('attributes', 'json', 'Log record attributes as a JSON object (AnyValue flattened).'),
    col('trace_id', 'string', 'Trace id (hex) of the span the record was logged in, if any.'),
    col('span_id', 'string', 'Span id (hex) of the span the record was logged in, if any.'),
    resourceAttributes,
    sourceKey,
  ],
};

/** Benchmark runs (k6 end-of-test summaries): one row per run of one tool on one scenario. */
export const benchmarkRuns: TableDef = {
  name: 'benchmark_runs',
  description:
    'Load-test runs comparing Odigos with other instrumentation and an uninstrumented baseline, one row per run.',
  partitionSource: 'started_at',
  uniqueKey: ['run_id'],
  columns: [
    req('run_id', 'string', 'Run identifier (from the object name unless given).'),
    req('tool', 'string', 'Instrumentation under test: odigos, another agent, or none (the baseline).'),
    col('tool_version', 'string', 'Version of the tool under test.'),
    col('cluster_name', 'string', 'Cluster the run used.'),
    req('scenario', 'string', 'Workload scenario, e.g. checkout-100rps.'),
    req('started_at', 'timestamp', 'When the run started, UTC.'),
    col('duration_s', 'double', 'Test duration in seconds.'),
    col('requests', 'bigint', 'HTTP requests made.'),
    col('throughput_rps', 'double', 'Requests per second.'),
    col('error_rate', 'double', 'Share of failed requests, 0..1.'),
    col('latency_avg_ms', 'double', 'Mean request duration, ms.'),
    col('latency_p50_ms', 'double', 'Median request duration, ms.'),
    col('latency_p90_ms', 'double', '90th percentile request duration, ms.'),
    col('latency_p95_ms', 'double', '95th percentile request duration, ms.'),
    col('latency_p99_ms', 'double', '99th percentile request duration, ms (when the summary has it).'),
    col('latency_max_ms', 'double', 'Slowest request, ms.'),
    sourceKey,
  ],
};

/** CPU and memory measured during benchmark runs, from the documented CSV. */
export const benchmarkResources: TableDef = {
  name: 'benchmark_resources',
  description:
    'CPU and memory samples of each component during a benchmark run, from benchmark resource CSVs.',
  partitionSource: 'measured_at',
  uniqueKey: ['run_id', 'component', 'measured_at'],
  columns: [
    req('run_id', 'string', 'benchmark_runs.run_id the sample belongs to.'),
    req('tool', 'string', 'Instrumentation under test (odigos, other, none).'),
    col('tool_version', 'string', 'Version of the tool under test.'),
    col('cluster_name', 'string', 'Cluster of the run.'),
    req('scenario', 'string', 'Workload scenario.'),
    req('component', 'string', 'What was measured: the application, or an agent/collector component.'),
    req('measured_at', 'timestamp', 'Sample time, UTC.'),
    col('cpu_cores', 'double', 'CPU in cores.'),
    col('memory_mib', 'double', 'Resident memory in MiB.'),
    sourceKey,
  ],
};

/** Community feedback from GitHub and Slack, one row per issue, comment, discussion or message. */
export const feedbackItems: TableDef = {
  name: 'feedback_items',
  description: 'Community feedback items (GitHub issues/comments/discussions, Slack messages), one row each.',
  partitionSource: 'created_at',
  uniqueKey: ['item_id'],
  columns: [
    req('item_id', 'string', 'Stable id: <source>:<kind>:<native id>, e.g. github:issue:1234.'),
    req('source', 'string', 'Where it was said: github or slack.'),
    req('kind', 'string', 'issue, issue_comment, discussion, discussion_comment or message.'),
    col(
      'thread_id',
      'string',
      'Conversation the item belongs to: equal for an issue and its comments (GitHub issue API URL), a discussion and its comments (discussion page URL) or a Slack thread.',
    ),
    col('author', 'string', 'Login or user id of the author.'),
    col('author_is_bot', 'boolean', 'True for bots (dependabot, github-actions, CLA bots, ...).'),
    col('title', 'string', 'Issue/discussion title; null for comments and messages.'),
    col('body', 'string', 'The text as written (Markdown).'),
    col('url', 'string', 'Link to the item.'),
    col(
      'labels',
      'array<string>',
      "GitHub labels, e.g. enhancement, bug; a discussion's category as category:<name>.",
    ),
    col('reactions', 'bigint', 'Total reactions (GitHub reactions.total_count, Slack reaction count).'),
    col('reactions_plus_one', 'bigint', 'GitHub +1 reactions: the demand signal for requests.'),
    col('state', 'string', 'open or closed, for issues and discussions.'),
    req('created_at', 'timestamp', 'When the item was created, UTC.'),
    col('updated_at', 'timestamp', 'When the item was last updated, UTC.'),
    sourceKey,
  ],
};

/** Who reacted how to GitHub issues: one row per reaction, so demand counts distinct people. */
export const feedbackReactions: TableDef = {
  name: 'feedback_reactions',
  description:
    'Reactions (+1, heart, rocket, ...) to GitHub issues and pull requests, one row per reaction and person.',
  partitionSource: 'created_at',
  uniqueKey: ['reaction_id'],
  columns: [
    req('reaction_id', 'string', 'Stable id: <source>:reaction:<native id>, e.g. github:reaction:1234.'),
    req('source', 'string', 'Where the reaction was given: github.'),
    req('repository', 'string', 'Repository of the issue, <owner>/<repo> (from the object key).'),
    req('issue_number', 'bigint', 'Number of the issue or pull request reacted to (from the object key).'),
    req(
      'thread_id',
      'string',
      'API URL of that issue; equals feedback_items.thread_id of the issue and its comments (the join key).',
    ),
    req('content', 'string', 'The reaction: +1, -1, laugh, confused, heart, hooray, rocket or eyes.'),
    col('user_login', 'string', 'Login of the person who reacted; null for a deleted account.'),
    col('user_is_bot', 'boolean', 'True for bot accounts.'),
    req('created_at', 'timestamp', 'When the reaction was given, UTC.'),
    sourceKey,
  ],
};

/** NPS / CSAT survey answers, one row per response. */
export const surveyResponses: TableDef = {
  name: 'survey_responses',
  description: 'NPS (0-10) or CSAT (1-5) survey responses with optional comments, one row per response.',
  partitionSource: 'submitted_at',
  uniqueKey: ['response_id'],
  columns: [
    req('response_id', 'string', 'Stable id of the response (from the CSV or derived from its content).'),
    col('respondent', 'string', 'Respondent id or email hash.'),
    req('scale', 'string', 'nps (0-10) or csat (1-5).'),
    req('score', 'bigint', 'The score on its scale.'),
    col('comment', 'string', 'Free-text comment, redacted of emails and secrets.'),
    col('odigos_version', 'string', 'Odigos version the respondent runs.'),
    req('submitted_at', 'timestamp', 'When the response was submitted, UTC.'),
    sourceKey,
  ],
};

/** Odigos releases (GitHub releases JSON): the anchors for release impact analysis. */
export const releases: TableDef = {
  name: 'releases',
  description: 'Odigos releases from the GitHub releases API, one row per release tag.',
  partitionSource: 'published_at',
  uniqueKey: ['tag'],
  columns: [
    req('tag', 'string', 'Release tag, e.g. v1.0.150.'),
    col('name', 'string', 'Release title.'),
    req('published_at', 'timestamp', 'When the release was published, UTC.'),
    col('prerelease', 'boolean', 'True for pre-releases.'),
    col('notes', 'string', 'Release notes (Markdown body).'),
    col('url', 'string', 'Link to the release page.'),
    sourceKey,
  ],
};

/** Sentiment and key phrases per feedback text, written by the enrich-feedback step. */
export const feedbackScores: TableDef = {
  name: 'feedback_scores',
  description: 'Sentiment and key phrases per feedback item or survey comment, scored once per text hash.',
  partitionSource: 'created_at',
  uniqueKey: ['item_id'],
  columns: [
    req('item_id', 'string', 'feedback_items.item_id or survey:<response_id>.'),
    req('source', 'string', 'github, slack or survey.'),
    req('text_hash', 'string', 'SHA-256 of the normalised text; the scoring cache key.'),
    col('language', 'string', 'Dominant language code, e.g. en.'),
    req('sentiment', 'string', 'positive, neutral, negative or mixed.'),
    col('score_positive', 'double', 'Probability of positive, 0..1.'),
    col('score_negative', 'double', 'Probability of negative, 0..1.'),
    col('score_neutral', 'double', 'Probability of neutral, 0..1.'),
    col('score_mixed', 'double', 'Probability of mixed, 0..1.'),
    col('key_phrases', 'array<string>', 'Key phrases found in the text.'),
    req('analyzer', 'string', 'What scored it: comprehend or the local model name and version.'),
    req('created_at', 'timestamp', 'When the scored item was created, UTC (partition source).'),
  ],
};

/** Every lake table, in the order they are documented. */
export const TABLES = [
  uiEvents,
  metricPoints,
  spans,
  logRecords,
  benchmarkRuns,
  benchmarkResources,
  feedbackItems,
  feedbackReactions,
  surveyResponses,
  releases,
  feedbackScores,
] as const;

export type TableName = (typeof TABLES)[number]['name'];

export function tableByName(name: string): TableDef {
  const table = TABLES.find((t) => t.name === name);
  if (!table)
    throw new Error(`Unknown table "${name}". Known tables: ${TABLES.map((t) => t.name).join(', ')}`);
  return table;
}
