-- name: overhead
-- title: Instrumentation overhead against the uninstrumented baseline
-- description: Per scenario, tool and tool version between two dates: what instrumenting the workload costs
-- description: against the uninstrumented runs (tool = baseline_tool, none by default) of the same scenario,
-- description: in absolute terms and in % of the baseline: added latency (p50, p95, p99), throughput change,
-- description: added CPU and memory. Figures are means over runs; a run's CPU and memory are the sum over its
-- description: measured components of each component's mean sample (as in tool_comparison). All baseline runs
-- description: of a scenario form its baseline; scenarios without one are left out.
-- param: start_date date | First dt partition to include (YYYY-MM-DD, UTC).
-- param: end_date date | Last dt partition to include (YYYY-MM-DD, UTC).
-- param: baseline_tool string = none | Tool name of the uninstrumented runs.
-- bind: start_date, end_date, start_date, end_date, baseline_tool, baseline_tool
-- column: scenario varchar | Workload scenario.
-- column: tool varchar | Instrumentation under test.
-- column: tool_version varchar | Version of the tool.
-- column: runs bigint | Runs of the tool behind the figures.
-- column: baseline_runs bigint | Baseline runs of the scenario.
-- column: latency_p50_overhead_ms double | Added median latency, ms.
-- column: latency_p50_overhead_pct double | Added median latency, % of the baseline's.
-- column: latency_p95_overhead_ms double | Added 95th percentile latency, ms.
-- column: latency_p95_overhead_pct double | Added 95th percentile latency, % of the baseline's.
-- column: latency_p99_overhead_ms double | Added 99th percentile latency, ms.
-- column: latency_p99_overhead_pct double | Added 99th percentile latency, % of the baseline's.
-- column: throughput_change_pct double | Throughput change, % of the baseline's (negative = fewer requests/s).
-- column: cpu_overhead_cores double | Added CPU, cores.
-- column: cpu_overhead_pct double | Added CPU, % of the baseline's.
-- column: memory_overhead_mib double | Added memory, MiB.
-- column: memory_overhead_pct double | Added memory, % of the baseline's.
WITH runs AS (
  SELECT
    run_id, lower(tool) AS tool, tool_version, scenario,
    latency_p50_ms, latency_p95_ms, latency_p99_ms, throughput_rps
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
-- Athena accepts execution parameters in WHERE clauses, so the baseline is chosen in them.
baseline AS (
  SELECT
    scenario,
    count(*) AS runs,
    avg(latency_p50_ms) AS latency_p50_ms,
    avg(latency_p95_ms) AS latency_p95_ms,
    avg(latency_p99_ms) AS latency_p99_ms,
    avg(throughput_rps) AS throughput_rps,
    avg(cpu_cores) AS cpu_cores,
    avg(memory_mib) AS memory_mib
  FROM per_run
  WHERE tool = lower(?)
  GROUP BY scenario
),
instrumented AS (
  SELECT
    scenario, tool, tool_version,
    count(*) AS runs,
    avg(latency_p50_ms) AS latency_p50_ms,
    avg(latency_p95_ms) AS latency_p95_ms,
    avg(latency_p99_ms) AS latency_p99_ms,
    avg(throughput_rps) AS throughput_rps,
    avg(cpu_cores) AS cpu_cores,
    avg(memory_mib) AS memory_mib
  FROM per_run
  WHERE tool <> lower(?)
  GROUP BY scenario, tool, tool_version
)
SELECT
  t.scenario,
  t.tool,
  t.tool_version,
  t.runs,
  b.runs AS baseline_runs,
  t.latency_p50_ms - b.latency_p50_ms AS latency_p50_overhead_ms,
  100 * (t.latency_p50_ms / nullif(b.latency_p50_ms, 0) - 1) AS latency_p50_overhead_pct,
  t.latency_p95_ms - b.latency_p95_ms AS latency_p95_overhead_ms,
  100 * (t.latency_p95_ms / nullif(b.latency_p95_ms, 0) - 1) AS latency_p95_overhead_pct,
  t.latency_p99_ms - b.latency_p99_ms AS latency_p99_overhead_ms,
  100 * (t.latency_p99_ms / nullif(b.latency_p99_ms, 0) - 1) AS latency_p99_overhead_pct,
  100 * (t.throughput_rps / nullif(b.throughput_rps, 0) - 1) AS throughput_change_pct,
  t.cpu_cores - b.cpu_cores AS cpu_overhead_cores,
  100 * (t.cpu_cores / nullif(b.cpu_cores, 0) - 1) AS cpu_overhead_pct,
  t.memory_mib - b.memory_mib AS memory_overhead_mib,
  100 * (t.memory_mib / nullif(b.memory_mib, 0) - 1) AS memory_overhead_pct
FROM instrumented t
JOIN baseline b ON b.scenario = t.scenario
ORDER BY t.scenario, CASE t.tool WHEN 'odigos' THEN 0 ELSE 1 END, t.tool, t.tool_version
