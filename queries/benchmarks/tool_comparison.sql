-- name: tool_comparison
-- title: Odigos against other instrumentation per benchmark scenario
-- description: Per scenario, tool and tool version between two dates: the number of runs and their mean
-- description: latency percentiles (from the k6 summaries), throughput, error rate, CPU and memory. A run's
-- description: CPU and memory are the sum over its measured components (application and agents) of each
-- description: component's mean sample. The *_vs_odigos columns divide a row's figure by the same figure
-- description: over all Odigos runs of the scenario: 1 is on par with Odigos, above 1 is more than Odigos.
-- param: start_date date | First dt partition to include (YYYY-MM-DD, UTC).
-- param: end_date date | Last dt partition to include (YYYY-MM-DD, UTC).
-- bind: start_date, end_date, start_date, end_date
-- column: scenario varchar | Workload scenario.
-- column: tool varchar | Instrumentation under test (odigos, another agent, none = baseline).
-- column: tool_version varchar | Version of the tool.
-- column: runs bigint | Benchmark runs behind the figures.
-- column: latency_p50_ms double | Mean over runs of the median request duration, ms.
-- column: latency_p95_ms double | Mean over runs of the 95th percentile request duration, ms.
-- column: latency_p99_ms double | Mean over runs of the 99th percentile request duration, ms (when reported).
-- column: throughput_rps double | Mean requests per second.
-- column: error_rate double | Mean share of failed requests, 0..1.
-- column: cpu_cores double | Mean CPU of a run, cores (all measured components).
-- column: memory_mib double | Mean memory of a run, MiB (all measured components).
-- column: latency_p95_vs_odigos double | latency_p95_ms / Odigos's in the scenario.
-- column: throughput_vs_odigos double | throughput_rps / Odigos's in the scenario.
-- column: cpu_vs_odigos double | cpu_cores / Odigos's in the scenario.
-- column: memory_vs_odigos double | memory_mib / Odigos's in the scenario.
WITH runs AS (
  SELECT
    run_id, lower(tool) AS tool, tool_version, scenario,
    latency_p50_ms, latency_p95_ms, latency_p99_ms, throughput_rps, error_rate
  FROM benchmark_runs
  WHERE dt BETWEEN ? AND ?
),
component_means AS (
  SELECT run_id, component, avg(cpu_cores) AS cpu_cores, avg(memory_mib) AS memory_mib
  FROM benchmark_resources
  WHERE dt BETWEEN ? AND ?
  GROUP BY run_id, component
),
run_resources AS (
  SELECT run_id, sum(cpu_cores) AS cpu_cores, sum(memory_mib) AS memory_mib
  FROM component_means
  GROUP BY run_id
),
per_run AS (
  SELECT r.*, rr.cpu_cores, rr.memory_mib
  FROM runs r
  LEFT JOIN run_resources rr ON rr.run_id = r.run_id
),
per_tool AS (
  SELECT
    scenario, tool, tool_version,
    count(*) AS runs,
    avg(latency_p50_ms) AS latency_p50_ms,
    avg(latency_p95_ms) AS latency_p95_ms,
    avg(latency_p99_ms) AS latency_p99_ms,
    avg(throughput_rps) AS throughput_rps,
    avg(error_rate) AS error_rate,
    avg(cpu_cores) AS cpu_cores,
    avg(memory_mib) AS memory_mib
  FROM per_run
  GROUP BY scenario, tool, tool_version
),
odigos AS (
  SELECT
    scenario,
    avg(latency_p95_ms) AS latency_p95_ms,
    avg(throughput_rps) AS throughput_rps,
    avg(cpu_cores) AS cpu_cores,
    avg(memory_mib) AS memory_mib
  FROM per_run
  WHERE tool = 'odigos'
  GROUP BY scenario
)
SELECT
  t.scenario,
  t.tool,
  t.tool_version,
  t.runs,
  t.latency_p50_ms,
  t.latency_p95_ms,
  t.latency_p99_ms,
  t.throughput_rps,
  t.error_rate,
  t.cpu_cores,
  t.memory_mib,
  t.latency_p95_ms / nullif(o.latency_p95_ms, 0) AS latency_p95_vs_odigos,
  t.throughput_rps / nullif(o.throughput_rps, 0) AS throughput_vs_odigos,
  t.cpu_cores / nullif(o.cpu_cores, 0) AS cpu_vs_odigos,
  t.memory_mib / nullif(o.memory_mib, 0) AS memory_vs_odigos
FROM per_tool t
LEFT JOIN odigos o ON o.scenario = t.scenario
ORDER BY t.scenario, CASE t.tool WHEN 'odigos' THEN 0 WHEN 'none' THEN 2 ELSE 1 END, t.tool, t.tool_version
