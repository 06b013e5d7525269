-- name: weekly_cohorts
-- title: Weekly retention cohorts by first-seen week
-- description: The classic cohort matrix: users grouped by the ISO week (Monday, UTC) of their first UI
-- description: activity, and for week 0, 1, ... weeks after it how many of them were active (any UI call)
-- description: and their share of the cohort. Week 0 is always the whole cohort. "First" means since
-- description: history_start: earlier activity is not read, so a user last seen before it counts as new.
-- description: Cells run up to the last week with activity by end_date (that week may be partial), so
-- description: recent cohorts have fewer cells; a week in which nobody of a cohort came shows 0.
-- param: start_date date | First cohort: the week containing this day (YYYY-MM-DD, UTC).
-- param: end_date date | Last day of activity read; the last cohort is the week containing it.
-- param: weeks bigint = 8 | Last week number to report (0 = the first-seen week itself).
-- param: history_start date = 2020-01-01 | First partition read to learn when each user was first seen (later dates scan less).
-- bind: history_start, end_date, weeks, start_date, end_date
-- column: cohort_week date | Monday of the week the cohort's users were first seen.
-- column: cohort_users bigint | Users first seen that week.
-- column: week_number bigint | Weeks since the cohort week, 0..weeks.
-- column: active_users bigint | Cohort users active in that week.
-- column: retention double | active_users / cohort_users, 0..1.
WITH user_weeks AS (
  SELECT DISTINCT actor_id, CAST(date_trunc('week', CAST(dt AS date)) AS date) AS week
  FROM ui_events
  WHERE dt BETWEEN ? AND ?
),
cohorts AS (
  SELECT actor_id, min(week) AS cohort_week
  FROM user_weeks
  GROUP BY actor_id
),
sizes AS (
  SELECT cohort_week, count(*) AS cohort_users
  FROM cohorts
  GROUP BY cohort_week
),
-- Every cell up to the last week seen, so a week nobody came back shows 0 instead of no row.
cells AS (
  SELECT s.cohort_week, s.cohort_users, n.week_number
  FROM sizes s
  CROSS JOIN (SELECT max(week) AS last_week FROM user_weeks) l
  CROSS JOIN UNNEST(sequence(0, date_diff('week', s.cohort_week, l.last_week))) AS n(week_number)
  WHERE n.week_number <= ?
),
activity AS (
  SELECT c.cohort_week, date_diff('week', c.cohort_week, w.week) AS week_number, count(*) AS active_users
  FROM cohorts c
  JOIN user_weeks w ON w.actor_id = c.actor_id
  GROUP BY c.cohort_week, date_diff('week', c.cohort_week, w.week)
)
SELECT
  c.cohort_week,
  c.cohort_users,
  c.week_number,
  coalesce(a.active_users, 0) AS active_users,
  CAST(coalesce(a.active_users, 0) AS double) / c.cohort_users AS retention
FROM cells c
LEFT JOIN activity a ON a.cohort_week = c.cohort_week AND a.week_number = c.week_number
WHERE c.cohort_week BETWEEN CAST(date_trunc('week', CAST(? AS date)) AS date) AND CAST(? AS date)
ORDER BY c.cohort_week, c.week_number
