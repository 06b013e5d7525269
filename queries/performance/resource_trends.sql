-- name: resource_trends
-- title: Daily CPU and memory per cluster, version and component
-- description: One row per day, cluster, Odigos version and component between two dates: the mean and
-- description: peak CPU (cores) and memory (MiB) of the component, from the process.cpu.utilization and
-- description: process.memory.usage gauges. A component's figure for an hour is the sum over its series
-- description: (its pods, when they report one by one) of each series' hourly mean; the day's mean and peak
-- description: are taken over those hours. A day on which the cluster upgraded has one row per version.
-- param: start_date date | First dt partition to include (YYYY-MM-DD, UTC).
-- param: end_date date | Last dt partition to include (YYYY-MM-DD, UTC).
-- column: day date | UTC day.
-- column: cluster_name varchar | Kubernetes cluster.
-- column: odigos_version varchar | Odigos version the cluster ran in those hours.
-- column: component varchar | Odigos component.
-- column: cpu_cores_avg double | Mean over the hours of the component's CPU, cores.
-- column: cpu_cores_max double | Busiest hour's CPU, cores.
-- column: memory_mib_avg double | Mean over the hours of the component's memory, MiB.
-- column: memory_mib_max double | Highest hourly memory, MiB.
-- column: hours bigint | Hours with samples behind the figures.
WITH series_hours AS (
  SELECT
    cluster_name, odigos_version, component, metric_name, resource_attributes, "attributes",
    date_trunc('hour', "time") AS hour,
    avg(value) AS value
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
    sum(CASE WHEN metric_name = 'process.memory.usage' THEN value END) / 1048576.0 AS memory_mib
  FROM series_hours
  GROUP BY cluster_name, odigos_version, component, hour
)
SELECT
  CAST(hour AS date) AS day,
  cluster_name,
  odigos_version,
  component,
  avg(cpu_cores) AS cpu_cores_avg,
  max(cpu_cores) AS cpu_cores_max,
  avg(memory_mib) AS memory_mib_avg,
  max(memory_mib) AS memory_mib_max,
  count(*) AS hours
FROM component_hours
GROUP BY CAST(hour AS date), cluster_name, odigos_version, component
ORDER BY cluster_name, component, day, odigos_version
