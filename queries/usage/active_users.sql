-- name: active_users
-- title: Daily, weekly and monthly active users, and stickiness
-- description: For each day between two dates: DAU (distinct users with any UI call that day), WAU (the
-- description: 7 days ending that day), MAU (the 30 days ending that day) and stickiness = DAU / MAU.
-- description: A user is actor_id (userId, else anonymousId); page views, clicks, track and identify calls
-- description: all count as activity. The windows of the first days reach back before start_date, so the
-- description: query reads 29 more days of partitions than it reports. Days with nobody active in the
-- description: 30 days ending on them have no row.
-- param: start_date date | First day to report (YYYY-MM-DD, UTC).
-- param: end_date date | Last day to report (YYYY-MM-DD, UTC).
-- bind: start_date, end_date, start_date, start_date, start_date, end_date
-- column: day date | The reported day (UTC).
-- column: dau bigint | Users active that day.
-- column: wau bigint | Users active in the 7 days ending that day.
-- column: mau bigint | Users active in the 30 days ending that day.
-- column: stickiness double | dau / mau, 0..1: how many of the month's users come on a given day.
WITH user_days AS (
  SELECT DISTINCT actor_id, CAST(dt AS date) AS day
  FROM ui_events
  WHERE dt BETWEEN ? AND ?
  UNION ALL
  -- The 29 days before start_date: the WAU and MAU windows of the first reported days reach into them.
  SELECT DISTINCT actor_id, CAST(dt AS date) AS day
  FROM ui_events
  WHERE dt >= CAST(CAST(date_add('day', -29, CAST(? AS date)) AS date) AS varchar) AND dt < ?
),
-- An active day counts towards the 30 days that begin with it: for DAU on itself (offset 0), for WAU
-- on offsets 0-6, for MAU on offsets 0-29. One pass instead of a self-join per window.
spread AS (
  SELECT u.actor_id, CAST(date_add('day', o.offset_days, u.day) AS date) AS day, o.offset_days
  FROM user_days u
  CROSS JOIN UNNEST(sequence(0, 29)) AS o(offset_days)
)
SELECT
  day,
  count(DISTINCT CASE WHEN offset_days = 0 THEN actor_id END) AS dau,
  count(DISTINCT CASE WHEN offset_days < 7 THEN actor_id END) AS wau,
  count(DISTINCT actor_id) AS mau,
  CAST(count(DISTINCT CASE WHEN offset_days = 0 THEN actor_id END) AS double) / count(DISTINCT actor_id) AS stickiness
FROM spread
WHERE day BETWEEN CAST(? AS date) AND CAST(? AS date)
GROUP BY day
ORDER BY day
