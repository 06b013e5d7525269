-- name: recurring_retention
-- title: First-time and recurring retention (PostHog style)
-- description: Retention per period ('day', 'week' or 'month', UTC; weeks start on Monday), both ways
-- description: PostHog computes it. first_time: a user's cohort is the period of their first UI activity
-- description: (since history_start), and period N counts the cohort's users active N periods later.
-- description: recurring: every period a user was active starts a cohort of its own, so one user is in
-- description: many cohorts; period N counts those active again N periods later. Period 0 is the whole
-- description: cohort. Any other period value fails the query (with "period must be day, week or month").
-- description: Cells run up to the last period with activity by end_date (it may be partial).
-- param: start_date date | First cohort: the period containing this day (YYYY-MM-DD, UTC).
-- param: end_date date | Last day of activity read; the last cohort is the period containing it.
-- param: period string = week | Cohort and return period: day, week or month.
-- param: periods bigint = 8 | Last period number to report (0 = the cohort's own period).
-- param: history_start date = 2020-01-01 | First partition read to learn each user's first period (later dates scan less).
-- bind: period, history_start, end_date, periods, start_date, end_date
-- column: retention_type varchar | first_time or recurring.
-- column: cohort_period date | First day of the cohort's period.
-- column: cohort_users bigint | Users in the cohort.
-- column: period_number bigint | Periods since the cohort period, 0..periods.
-- column: retained_users bigint | Cohort users active in that period.
-- column: retention double | retained_users / cohort_users, 0..1.
WITH allowed AS (
  SELECT unit
  FROM (VALUES ('day'), ('week'), ('month')) AS t(unit)
  WHERE unit = ?
),
settings AS (
  -- Neither engine has a portable error function; a failed cast stops the query with this message.
  -- The text depends on an aggregate so no planner folds (and fails) it before a row is seen.
  SELECT CASE
    WHEN count(*) = 1 THEN max(unit)
    ELSE CAST(CAST('period must be day, week or month' || coalesce(max(unit), '') AS bigint) AS varchar)
  END AS unit
  FROM allowed
),
user_periods AS (
  SELECT DISTINCT e.actor_id, CAST(date_trunc(s.unit, CAST(e.dt AS date)) AS date) AS period_start
  FROM ui_events e
  CROSS JOIN settings s
  WHERE e.dt BETWEEN ? AND ?
),
starts AS (
  SELECT 'first_time' AS retention_type, actor_id, min(period_start) AS cohort_period
  FROM user_periods
  GROUP BY actor_id
  UNION ALL
  SELECT 'recurring' AS retention_type, actor_id, period_start AS cohort_period
  FROM user_periods
),
sizes AS (
  SELECT retention_type, cohort_period, count(*) AS cohort_users
  FROM starts
  GROUP BY retention_type, cohort_period
),
cells AS (
  SELECT z.retention_type, z.cohort_period, z.cohort_users, n.period_number
  FROM sizes z
  CROSS JOIN settings s
  CROSS JOIN (SELECT max(period_start) AS last_period FROM user_periods) l
  CROSS JOIN UNNEST(sequence(0, date_diff(s.unit, z.cohort_period, l.last_period))) AS n(period_number)
  WHERE n.period_number <= ?
),
returns AS (
  SELECT
    st.retention_type,
    st.cohort_period,
    date_diff(s.unit, st.cohort_period, p.period_start) AS period_number,
    count(*) AS retained_users
  FROM starts st
  JOIN user_periods p ON p.actor_id = st.actor_id AND p.period_start >= st.cohort_period
  CROSS JOIN settings s
  GROUP BY st.retention_type, st.cohort_period, date_diff(s.unit, st.cohort_period, p.period_start)
)
SELECT
  c.retention_type,
  c.cohort_period,
  c.cohort_users,
  c.period_number,
  coalesce(r.retained_users, 0) AS retained_users,
  CAST(coalesce(r.retained_users, 0) AS double) / c.cohort_users AS retention
FROM cells c
CROSS JOIN settings s
LEFT JOIN returns r
  ON r.retention_type = c.retention_type
  AND r.cohort_period = c.cohort_period
  AND r.period_number = c.period_number
WHERE c.cohort_period BETWEEN CAST(date_trunc(s.unit, CAST(? AS date)) AS date) AND CAST(? AS date)
ORDER BY c.retention_type, c.cohort_period, c.period_number
