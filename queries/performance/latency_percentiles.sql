-- name: latency_percentiles
-- title: Pipeline latency percentiles per cluster, version and component
-- description: p50, p95 and p99 of a latency histogram metric (default odigos.pipeline.latency) per
-- description: cluster, Odigos version and component between two dates. Delta histograms are summed
-- description: bucket by bucket, so the percentiles are exact to the bucket; inside a bucket the value is
-- description: interpolated linearly, and a percentile that falls in the +Inf bucket reports the last bound.
-- param: start_date date | First dt partition to include (YYYY-MM-DD, UTC).
-- param: end_date date | Last dt partition to include (YYYY-MM-DD, UTC).
-- param: metric_name string = odigos.pipeline.latency | OTLP histogram metric to summarise.
-- column: cluster_name varchar | Kubernetes cluster.
-- column: odigos_version varchar | Odigos version the cluster ran when the points were recorded.
-- column: component varchar | Odigos component (gateway, data-collection, ...).
-- column: observations bigint | Number of observations in the histograms.
-- column: p50 double | Median, in the metric's unit (ms).
-- column: p95 double | 95th percentile, in the metric's unit (ms).
-- column: p99 double | 99th percentile, in the metric's unit (ms).
-- column: mean double | sum / count, in the metric's unit (ms).
WITH points AS (
  SELECT cluster_name, odigos_version, component, bucket_bounds, bucket_counts, "count", "sum"
  FROM metric_points
  WHERE dt BETWEEN ? AND ?
    AND metric_name = ?
    AND metric_type IN ('histogram', 'exponential_histogram')
    AND (temporality = 'delta' OR temporality IS NULL)
),
buckets AS (
  SELECT
    p.cluster_name, p.odigos_version, p.component, b.idx,
    sum(b.cnt) AS cnt,
    max(CASE WHEN b.idx > 1 THEN element_at(p.bucket_bounds, b.idx - 1) ELSE CAST(0 AS double) END) AS lower_bound,
    max(element_at(p.bucket_bounds, b.idx)) AS upper_bound
  FROM points p
  CROSS JOIN UNNEST(p.bucket_counts) WITH ORDINALITY AS b(cnt, idx)
  GROUP BY p.cluster_name, p.odigos_version, p.component, b.idx
),
cumulative AS (
  SELECT
    *,
    sum(cnt) OVER (PARTITION BY cluster_name, odigos_version, component ORDER BY idx ROWS UNBOUNDED PRECEDING) AS cum,
    sum(cnt) OVER (PARTITION BY cluster_name, odigos_version, component) AS total
  FROM buckets
),
quantiles AS (
  SELECT
    c.cluster_name, c.odigos_version, c.component, q.q,
    min_by(
      CASE
        WHEN c.upper_bound IS NULL THEN c.lower_bound
        ELSE c.lower_bound + (c.upper_bound - c.lower_bound) * (q.q * c.total - (c.cum - c.cnt)) / c.cnt
      END,
      c.idx
    ) AS value
  FROM cumulative c
  CROSS JOIN (VALUES (CAST(0.5 AS double)), (CAST(0.95 AS double)), (CAST(0.99 AS double))) AS q(q)
  WHERE c.cnt > 0 AND c.cum >= q.q * c.total
  GROUP BY c.cluster_name, c.odigos_version, c.component, q.q
),
totals AS (
  SELECT cluster_name, odigos_version, component, sum("count") AS observations, sum("sum") AS total_sum
  FROM points
  GROUP BY cluster_name, odigos_version, component
)
SELECT
  t.cluster_name,
  t.odigos_version,
  t.component,
  t.observations,
  max(CASE WHEN q.q = 0.5 THEN q.value END) AS p50,
  max(CASE WHEN q.q = 0.95 THEN q.value END) AS p95,
  max(CASE WHEN q.q = 0.99 THEN q.value END) AS p99,
  t.total_sum / nullif(t.observations, 0) AS mean
FROM totals t
JOIN quantiles q
  ON q.cluster_name = t.cluster_name AND q.component = t.component
  AND (q.odigos_version = t.odigos_version OR (q.odigos_version IS NULL AND t.odigos_version IS NULL))
GROUP BY t.cluster_name, t.odigos_version, t.component, t.observations, t.total_sum
ORDER BY t.cluster_name, t.component, t.odigos_version
