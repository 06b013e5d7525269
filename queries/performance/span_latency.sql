-- name: span_latency
-- title: Span latency percentiles per service, cluster and version
-- description: p50, p95 and p99 of span durations (ms) per instrumented service between two dates, from the
-- description: spans table: one row per service over all clusters (scope = service; cluster_name and
-- description: odigos_version empty) and one per service, cluster and Odigos version (scope = cluster_version).
-- description: Only spans of one kind count, server by default (a request as the service's callers see it);
-- description: span_kind = any takes every span. Percentiles are Athena's approx_percentile (a sketch
-- description: estimate, within about 1% of rank); the local DuckDB engine computes them exactly.
-- param: start_date date | First dt partition to include (YYYY-MM-DD, UTC).
-- param: end_date date | Last dt partition to include (YYYY-MM-DD, UTC).
-- param: span_kind string = server | Span kind to include: server, client, internal, producer, consumer, or any.
-- bind: start_date, end_date, span_kind, span_kind
-- column: scope varchar | service (all clusters) or cluster_version.
-- column: service_name varchar | Instrumented service (resource service.name).
-- column: cluster_name varchar | Kubernetes cluster; empty on service rows.
-- column: odigos_version varchar | Odigos version that instrumented the service; empty on service rows.
-- column: spans bigint | Spans behind the figures.
-- column: error_rate double | Share of spans with status error, 0..1.
-- column: p50 double | Median span duration, ms.
-- column: p95 double | 95th percentile span duration, ms.
-- column: p99 double | 99th percentile span duration, ms.
-- column: mean double | Mean span duration, ms.
SELECT
  CASE WHEN grouping(cluster_name, odigos_version) = 0 THEN 'cluster_version' ELSE 'service' END AS scope,
  service_name,
  cluster_name,
  odigos_version,
  count(*) AS spans,
  CAST(count_if(status_code = 'error') AS double) / count(*) AS error_rate,
  approx_percentile(duration_ms, 0.5) AS p50,
  approx_percentile(duration_ms, 0.95) AS p95,
  approx_percentile(duration_ms, 0.99) AS p99,
  avg(duration_ms) AS mean
FROM spans
WHERE dt BETWEEN ? AND ?
  AND (? = 'any' OR kind = ?)
GROUP BY GROUPING SETS ((service_name), (service_name, cluster_name, odigos_version))
ORDER BY service_name, scope DESC, cluster_name, odigos_version
