-- name: upgrade_cohorts
-- title: Retention after an Odigos upgrade
-- description: Are people still using Odigos after an update? Installations and users are grouped by the
-- description: Odigos version they moved to and the ISO week (Monday, UTC) they were first seen on it —
-- description: only those seen on another version before (new users and new installations are not upgrade
-- description: cohorts). For week 0, 1, ... weeks after that week: how many of the cohort had UI activity
-- description: (on any version) and their share. Versions come from the UI's calls (odigos_version); "before"
-- description: means since history_start. Cells run up to the last week with activity by end_date.
-- param: start_date date | First cohort: the week containing this day (YYYY-MM-DD, UTC).
-- param: end_date date | Last day of activity read; the last cohort is the week containing it.
-- param: weeks bigint = 8 | Last week number to report (0 = the week of the move).
-- param: history_start date = 2020-01-01 | First partition read to see which version each one ran before (later dates scan less).
-- bind: history_start, end_date, weeks, start_date, end_date
-- column: odigos_version varchar | The version moved to (an upgrade, or a downgrade).
-- column: entity varchar | installation or user: what the cohort counts.
-- column: cohort_week date | Monday of the week the cohort was first seen on odigos_version.
-- column: cohort_size bigint | Installations or users that moved to odigos_version that week.
-- column: week_number bigint | Weeks since the cohort week, 0..weeks.
-- column: retained bigint | Cohort members with UI activity in that week.
-- column: retention double | retained / cohort_size, 0..1.
WITH calls AS (
  SELECT actor_id, installation_id, odigos_version, event_time, CAST(dt AS date) AS day
  FROM ui_events
  WHERE dt BETWEEN ? AND ?
),
-- Users and installations are followed the same way: one row per call and entity.
seen AS (
  SELECT 'user' AS entity, actor_id AS entity_id, odigos_version, event_time, day FROM calls
  UNION ALL
  SELECT 'installation' AS entity, installation_id AS entity_id, odigos_version, event_time, day
  FROM calls
  WHERE installation_id IS NOT NULL
),
active_weeks AS (
  SELECT DISTINCT entity, entity_id, CAST(date_trunc('week', day) AS date) AS week
  FROM seen
),
first_seen AS (
  SELECT entity, entity_id, min(event_time) AS first_time
  FROM seen
  GROUP BY entity, entity_id
),
-- First call on each version; seen earlier on anything means seen earlier on another version.
moves AS (
  SELECT
    v.entity,
    v.entity_id,
    v.odigos_version,
    CAST(date_trunc('week', CAST(v.first_on_version AS date)) AS date) AS cohort_week
  FROM (
    SELECT entity, entity_id, odigos_version, min(event_time) AS first_on_version
    FROM seen
    WHERE odigos_version IS NOT NULL
    GROUP BY entity, entity_id, odigos_version
  ) v
  JOIN first_seen f ON f.entity = v.entity AND f.entity_id = v.entity_id
  WHERE v.first_on_version > f.first_time
),
sizes AS (
  SELECT odigos_version, entity, cohort_week, count(*) AS cohort_size
  FROM moves
  GROUP BY odigos_version, entity, cohort_week
),
cells AS (
  SELECT s.odigos_version, s.entity, s.cohort_week, s.cohort_size, n.week_number
  FROM sizes s
  CROSS JOIN (SELECT max(week) AS last_week FROM active_weeks) l
  CROSS JOIN UNNEST(sequence(0, date_diff('week', s.cohort_week, l.last_week))) AS n(week_number)
  WHERE n.week_number <= ?
),
activity AS (
  SELECT
    m.odigos_version,
    m.entity,
    m.cohort_week,
    date_diff('week', m.cohort_week, w.week) AS week_number,
    count(*) AS retained
  FROM moves m
  JOIN active_weeks w ON w.entity = m.entity AND w.entity_id = m.entity_id AND w.week >= m.cohort_week
  GROUP BY m.odigos_version, m.entity, m.cohort_week, date_diff('week', m.cohort_week, w.week)
)
SELECT
  c.odigos_version,
  c.entity,
  c.cohort_week,
  c.cohort_size,
  c.week_number,
  coalesce(a.retained, 0) AS retained,
  CAST(coalesce(a.retained, 0) AS double) / c.cohort_size AS retention
FROM cells c
LEFT JOIN activity a
  ON a.odigos_version = c.odigos_version
  AND a.entity = c.entity
  AND a.cohort_week = c.cohort_week
  AND a.week_number = c.week_number
WHERE c.cohort_week BETWEEN CAST(date_trunc('week', CAST(? AS date)) AS date) AND CAST(? AS date)
ORDER BY c.odigos_version, c.entity, c.cohort_week, c.week_number
