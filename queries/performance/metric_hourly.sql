-- name: metric_hourly
-- title: Hourly gauge series per cluster, component and metric
-- description: The hourly mean of every gauge metric per cluster and component between two dates: the
-- description: series the anomaly detector scans. One row per series and hour, in time order.
-- param: start_date date | First dt partition to include (YYYY-MM-DD, UTC).
-- param: end_date date | Last dt partition to include (YYYY-MM-DD, UTC).
-- column: cluster_name varchar | Kubernetes cluster.
-- column: component varchar | Odigos component.
-- column: metric_name varchar | OTLP metric name.
-- column: unit varchar | The metric's unit.
-- column: hour timestamp | Start of the hour, UTC.
-- column: value double | Mean of the gauge points in that hour.
SELECT
  cluster_name,
  component,
  metric_name,
  max(unit) AS unit,
  date_trunc('hour', "time") AS hour,
  avg(value) AS value
FROM metric_points
WHERE dt BETWEEN ? AND ?
  AND metric_type = 'gauge'
GROUP BY cluster_name, component, metric_name, date_trunc('hour', "time")
ORDER BY cluster_name, component, metric_name, hour
