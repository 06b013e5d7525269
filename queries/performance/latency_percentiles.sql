-- name: latency_percentiles
-- title: Pipeline latency percentiles per cluster, version and component
-- description: p50, p95 and p99 of an OTLP histogram metric (default odigos.pipeline.latency) per
-- description: cluster, Odigos version and component between two dates. Method: (1) every point becomes
-- description: the observations of its own interval: a delta point as it is; a cumulative point minus the
-- description: previous point of its series (same resource and point attributes), or whole when the series
-- description: restarted (new start time or fewer observations) or started inside the window; the first
-- description: point of a series that started before the window is only the baseline, and a cumulative point
-- description: whose bounds changed without a restart is skipped. (2) Bucket counts are summed by upper bound,
-- description: so the percentiles are exact to the bucket. (3) The rank q x N falls in one bucket; the value
-- description: is interpolated linearly between that bucket's bounds (the first bucket starts at 0), and a
-- description: percentile in the +Inf bucket reports the last finite bound.
-- param: start_date date | First dt partition to include (YYYY-MM-DD, UTC).
-- param: end_date date | Last dt partition to include (YYYY-MM-DD, UTC).
-- param: metric_name string = odigos.pipeline.latency | OTLP histogram metric to summarise.
-- bind: start_date, end_date, metric_name, start_date
-- column: cluster_name varchar | Kubernetes cluster.
-- column: odigos_version varchar | Odigos version the cluster ran when the points were recorded.
-- column: component varchar | Odigos component (gateway, data-collection, ...).
-- column: observations bigint | Observations recorded in the window.
-- column: p50 double | Median, in the metric's unit (ms).
-- column: p95 double | 95th percentile, in the metric's unit (ms).
-- column: p99 double | 99th percentile, in the metric's unit (ms).
-- column: mean double | Sum / count of the window's observations, in the metric's unit (ms).
WITH points AS (
  -- A series is its resource plus the point attributes (the lake's unique key without the time).
  SELECT
    cluster_name, odigos_version, component, temporality, start_time, bucket_bounds, bucket_counts,
    "count", "sum",
    lag("count") OVER (PARTITION BY resource_attributes, "attributes", temporality ORDER BY "time") AS prev_count,
    lag("sum") OVER (PARTITION BY resource_attributes, "attributes", temporality ORDER BY "time") AS prev_sum,
    lag(start_time) OVER (PARTITION BY resource_attributes, "attributes", temporality ORDER BY "time") AS prev_start,
    lag(bucket_bounds) OVER (PARTITION BY resource_attributes, "attributes", temporality ORDER BY "time") AS prev_bounds,
    lag(bucket_counts) OVER (PARTITION BY resource_attributes, "attributes", temporality ORDER BY "time") AS prev_counts
  FROM metric_points
  WHERE dt BETWEEN ? AND ?
    AND metric_name = ?
    AND metric_type IN ('histogram', 'exponential_histogram')
),
classified AS (
  SELECT
    *,
    coalesce(temporality, 'delta') = 'delta' AS is_delta,
    prev_count IS NULL OR start_time IS DISTINCT FROM prev_start OR "count" < prev_count AS restarted
  FROM points
),
-- What each point adds to the window; base_counts is what a cumulative point had already counted.
intervals AS (
  SELECT
    cluster_name, odigos_version, component, bucket_bounds, bucket_counts,
    CASE WHEN is_delta OR restarted THEN NULL ELSE prev_counts END AS base_counts,
    CASE WHEN is_delta OR restarted THEN "count" ELSE "count" - prev_count END AS observations,
    CASE WHEN is_delta OR restarted THEN "sum" ELSE "sum" - prev_sum END AS total
  FROM classified
  WHERE is_delta
    OR (NOT restarted AND bucket_bounds = prev_bounds)
    OR (restarted AND prev_count IS NOT NULL)
    -- First point of a series: whole only when the series started inside the window.
    OR (restarted AND prev_count IS NULL AND CAST(CAST(start_time AS date) AS varchar) >= ?)
),
buckets AS (
  SELECT
    i.cluster_name, i.odigos_version, i.component,
    -- NULL past the last bound: the +Inf bucket.
    element_at(i.bucket_bounds, b.idx) AS upper_bound,
    sum(b.cnt - coalesce(element_at(i.base_counts, b.idx), 0)) AS cnt
  FROM intervals i
  CROSS JOIN UNNEST(i.bucket_counts) WITH ORDINALITY AS b(cnt, idx)
  GROUP BY i.cluster_name, i.odigos_version, i.component, element_at(i.bucket_bounds, b.idx)
),
cumulative AS (
  SELECT
    *,
    coalesce(
      lag(upper_bound) OVER (PARTITION BY cluster_name, odigos_version, component ORDER BY upper_bound NULLS LAST),
      0
    ) AS lower_bound,
    sum(cnt) OVER (
      PARTITION BY cluster_name, odigos_version, component ORDER BY upper_bound NULLS LAST ROWS UNBOUNDED PRECEDING
    ) AS cum,
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
      c.cum
    ) AS value
  FROM cumulative c
  CROSS JOIN (VALUES (CAST(0.5 AS double)), (CAST(0.95 AS double)), (CAST(0.99 AS double))) AS q(q)
  WHERE c.cnt > 0 AND c.cum >= q.q * c.total
  GROUP BY c.cluster_name, c.odigos_version, c.component, q.q
),
totals AS (
  SELECT cluster_name, odigos_version, component, sum(observations) AS observations, sum(total) AS total_sum
  FROM intervals
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
  ON q.cluster_name IS NOT DISTINCT FROM t.cluster_name
  AND q.odigos_version IS NOT DISTINCT FROM t.odigos_version
  AND q.component IS NOT DISTINCT FROM t.component
GROUP BY t.cluster_name, t.odigos_version, t.component, t.observations, t.total_sum
ORDER BY t.cluster_name, t.component, t.odigos_version
