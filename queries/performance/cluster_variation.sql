-- name: cluster_variation
-- title: Cluster-to-cluster variation and outlier clusters per component and version
-- description: How much each Odigos component's CPU and memory differ between clusters running the same
-- description: version, between two dates, and which clusters stand out. A cluster's value is the mean
-- description: over hours of the component's hourly total (the sum of its series' hourly means), for four
-- description: metrics: cpu_cores and memory_mib, and the same per node (cpu_cores_per_node,
-- description: memory_mib_per_node) where the resource says odigos.cluster.node_count, so clusters of
-- description: different sizes compare. Per component, version and metric: mean, sample standard deviation
-- description: and coefficient of variation across clusters; the median and the median absolute deviation
-- description: (MAD); each cluster's robust z-score 0.6745 x (value - median) / MAD (with the mean absolute
-- description: deviation x 1.2533 in place of MAD when MAD is 0). A cluster is an outlier when |z| exceeds
-- description: z_threshold (3.5, Iglewicz and Hoaglin) and at least three clusters ran the version.
-- param: start_date date | First dt partition to include (YYYY-MM-DD, UTC).
-- param: end_date date | Last dt partition to include (YYYY-MM-DD, UTC).
-- param: z_threshold double = 3.5 | Flag clusters whose robust z-score is above this in absolute value.
-- column: component varchar | Odigos component.
-- column: odigos_version varchar | Odigos version the clusters ran.
-- column: metric varchar | cpu_cores, cpu_cores_per_node, memory_mib or memory_mib_per_node.
-- column: cluster_name varchar | Kubernetes cluster.
-- column: value double | The cluster's mean hourly value of the metric.
-- column: clusters bigint | Clusters with a value for this component, version and metric.
-- column: mean double | Mean of the clusters' values.
-- column: stddev double | Sample standard deviation of the clusters' values (null for one cluster).
-- column: cv double | Coefficient of variation: stddev / mean.
-- column: median double | Median of the clusters' values.
-- column: mad double | Median absolute deviation from the median.
-- column: robust_z double | The cluster's robust z-score (0 when all clusters are equal).
-- column: outlier boolean | True when |robust_z| > z_threshold and clusters >= 3.
WITH series_hours AS (
  SELECT
    cluster_name, odigos_version, component, metric_name, resource_attributes, "attributes",
    date_trunc('hour', "time") AS hour,
    avg(value) AS value,
    max(CAST(json_extract_scalar(resource_attributes, '$["odigos.cluster.node_count"]') AS double)) AS nodes
  FROM metric_points
  WHERE dt BETWEEN ? AND ?
    AND metric_type = 'gauge'
    AND metric_name IN ('process.cpu.utilization', 'process.memory.usage')
  GROUP BY
    cluster_name, odigos_version, component, metric_name, resource_attributes, "attributes",
    date_trunc('hour', "time")
),
component_hours AS (
  SELECT
    cluster_name, odigos_version, component, hour,
    sum(CASE WHEN metric_name = 'process.cpu.utilization' THEN value END) AS cpu_cores,
    sum(CASE WHEN metric_name = 'process.memory.usage' THEN value END) / 1048576.0 AS memory_mib,
    max(nodes) AS nodes
  FROM series_hours
  GROUP BY cluster_name, odigos_version, component, hour
),
per_cluster AS (
  SELECT
    cluster_name, odigos_version, component,
    avg(cpu_cores) AS cpu_cores,
    avg(memory_mib) AS memory_mib,
    avg(cpu_cores / nullif(nodes, 0)) AS cpu_cores_per_node,
    avg(memory_mib / nullif(nodes, 0)) AS memory_mib_per_node
  FROM component_hours
  GROUP BY cluster_name, odigos_version, component
),
cluster_values AS (
  SELECT component, odigos_version, 'cpu_cores' AS metric, cluster_name, cpu_cores AS value FROM per_cluster
  UNION ALL
  SELECT component, odigos_version, 'cpu_cores_per_node', cluster_name, cpu_cores_per_node FROM per_cluster
  UNION ALL
  SELECT component, odigos_version, 'memory_mib', cluster_name, memory_mib FROM per_cluster
  UNION ALL
  SELECT component, odigos_version, 'memory_mib_per_node', cluster_name, memory_mib_per_node FROM per_cluster
),
ranked AS (
  SELECT
    *,
    row_number() OVER (PARTITION BY component, odigos_version, metric ORDER BY value) AS rn,
    count(*) OVER (PARTITION BY component, odigos_version, metric) AS n
  FROM cluster_values
  WHERE value IS NOT NULL
),
-- Exact medians (approx_percentile would estimate them): the middle row, or the mean of the two middle rows.
medians AS (
  SELECT component, odigos_version, metric, avg(value) AS median
  FROM ranked
  WHERE rn IN (floor((n + 1) / 2.0), ceil((n + 1) / 2.0))
  GROUP BY component, odigos_version, metric
),
deviations AS (
  SELECT
    r.*,
    m.median,
    abs(r.value - m.median) AS deviation,
    row_number() OVER (PARTITION BY r.component, r.odigos_version, r.metric ORDER BY abs(r.value - m.median)) AS dev_rn
  FROM ranked r
  JOIN medians m
    ON m.component IS NOT DISTINCT FROM r.component
    AND m.odigos_version IS NOT DISTINCT FROM r.odigos_version
    AND m.metric = r.metric
),
spread AS (
  SELECT
    component, odigos_version, metric,
    count(*) AS clusters,
    avg(value) AS mean,
    stddev_samp(value) AS stddev,
    avg(deviation) AS mean_abs_deviation,
    avg(CASE WHEN dev_rn IN (floor((n + 1) / 2.0), ceil((n + 1) / 2.0)) THEN deviation END) AS mad
  FROM deviations
  GROUP BY component, odigos_version, metric
),
scored AS (
  SELECT
    d.component, d.odigos_version, d.metric, d.cluster_name, d.value, d.median,
    s.clusters, s.mean, s.stddev, s.mad,
    s.stddev / nullif(s.mean, 0) AS cv,
    CASE
      WHEN s.mad > 0 THEN 0.6745 * (d.value - d.median) / s.mad
      WHEN s.mean_abs_deviation > 0 THEN (d.value - d.median) / (1.2533 * s.mean_abs_deviation)
      ELSE 0
    END AS robust_z
  FROM deviations d
  JOIN spread s
    ON s.component IS NOT DISTINCT FROM d.component
    AND s.odigos_version IS NOT DISTINCT FROM d.odigos_version
    AND s.metric = d.metric
),
-- Athena accepts execution parameters in WHERE clauses, so the threshold is applied in one.
outliers AS (
  SELECT component, odigos_version, metric, cluster_name
  FROM scored
  WHERE abs(robust_z) > ? AND clusters >= 3
)
SELECT
  s.component,
  s.odigos_version,
  s.metric,
  s.cluster_name,
  s.value,
  s.clusters,
  s.mean,
  s.stddev,
  s.cv,
  s.median,
  s.mad,
  s.robust_z,
  o.metric IS NOT NULL AS outlier
FROM scored s
LEFT JOIN outliers o
  ON o.component IS NOT DISTINCT FROM s.component
  AND o.odigos_version IS NOT DISTINCT FROM s.odigos_version
  AND o.metric = s.metric
  AND o.cluster_name IS NOT DISTINCT FROM s.cluster_name
ORDER BY s.component, s.odigos_version, s.metric, s.robust_z DESC, s.cluster_name
