-- name: component_resources
-- title: CPU and memory per cluster, version and component
-- description: Average and peak CPU (cores) and memory (MiB) of each Odigos component per cluster and
-- description: Odigos version between two dates, from the process.cpu.utilization and
-- description: process.memory.usage gauges.
-- param: start_date date | First dt partition to include (YYYY-MM-DD, UTC).
-- param: end_date date | Last dt partition to include (YYYY-MM-DD, UTC).
-- column: cluster_name varchar | Kubernetes cluster.
-- column: odigos_version varchar | Odigos version the cluster ran.
-- column: component varchar | Odigos component.
-- column: cpu_cores_avg double | Mean CPU use in cores.
-- column: cpu_cores_max double | Highest CPU sample in cores.
-- column: memory_mib_avg double | Mean memory use in MiB.
-- column: memory_mib_max double | Highest memory sample in MiB.
-- column: samples bigint | Gauge points behind the figures.
SELECT
  cluster_name,
  odigos_version,
  component,
  avg(CASE WHEN metric_name = 'process.cpu.utilization' THEN value END) AS cpu_cores_avg,
  max(CASE WHEN metric_name = 'process.cpu.utilization' THEN value END) AS cpu_cores_max,
  avg(CASE WHEN metric_name = 'process.memory.usage' THEN value / 1048576.0 END) AS memory_mib_avg,
  max(CASE WHEN metric_name = 'process.memory.usage' THEN value / 1048576.0 END) AS memory_mib_max,
  count(*) AS samples
FROM metric_points
WHERE dt BETWEEN ? AND ?
  AND metric_type = 'gauge'
  AND metric_name IN ('process.cpu.utilization', 'process.memory.usage')
GROUP BY cluster_name, odigos_version, component
ORDER BY cluster_name, component, odigos_version
