-- name: lifecycle
-- title: User lifecycle per week (new, returning, resurrecting, dormant)
-- description: For each ISO week (Monday to Sunday, UTC) between two dates, the users in each lifecycle
-- description: state, as PostHog's Lifecycle insight defines them: new = first ever UI activity in this
-- description: week; returning = active this week and the week before; resurrecting = active this week,
-- description: not the week before, but in some earlier week; dormant = active the week before and not
-- description: this week (PostHog plots dormant below the axis; here it is a positive count). "Ever" means
-- description: since history_start: someone last seen before it looks new when they come back. A week that
-- description: has not ended yet by end_date still counts as a week, so its dormant count runs high.
-- param: start_date date | First week to report: the week containing this day (YYYY-MM-DD, UTC).
-- param: end_date date | Last day of activity read; the last week reported contains it.
-- param: history_start date = 2020-01-01 | First partition read to learn when each user was first seen (later dates scan less).
-- bind: history_start, end_date, start_date, end_date
-- column: week date | Monday of the ISO week.
-- column: new_users bigint | Users whose first activity since history_start is in this week.
-- column: returning_users bigint | Users active this week and the previous week.
-- column: resurrecting_users bigint | Users active this week, not the previous week, but before it.
-- column: dormant_users bigint | Users active the previous week but not this week.
-- column: active_users bigint | new + returning + resurrecting: everyone active this week.
-- column: quick_ratio double | (new + resurrecting) / dormant: growth per user lost; above 1 the base grows. Null without dormant users.
WITH user_weeks AS (
  SELECT DISTINCT actor_id, CAST(date_trunc('week', CAST(dt AS date)) AS date) AS week
  FROM ui_events
  WHERE dt BETWEEN ? AND ?
),
timeline AS (
  SELECT
    actor_id,
    week,
    lag(week) OVER (PARTITION BY actor_id ORDER BY week) AS previous_week,
    lead(week) OVER (PARTITION BY actor_id ORDER BY week) AS next_week
  FROM user_weeks
),
states AS (
  SELECT
    week,
    CASE
      WHEN previous_week IS NULL THEN 'new'
      WHEN date_diff('week', previous_week, week) = 1 THEN 'returning'
      ELSE 'resurrecting'
    END AS state
  FROM timeline
  UNION ALL
  -- Active this week and not the next: dormant in the next week.
  SELECT CAST(date_add('week', 1, week) AS date) AS week, 'dormant' AS state
  FROM timeline
  WHERE next_week IS NULL OR date_diff('week', week, next_week) > 1
)
SELECT
  week,
  count_if(state = 'new') AS new_users,
  count_if(state = 'returning') AS returning_users,
  count_if(state = 'resurrecting') AS resurrecting_users,
  count_if(state = 'dormant') AS dormant_users,
  count_if(state <> 'dormant') AS active_users,
  CAST(count_if(state IN ('new', 'resurrecting')) AS double) / nullif(count_if(state = 'dormant'), 0) AS quick_ratio
FROM states
WHERE week BETWEEN CAST(date_trunc('week', CAST(? AS date)) AS date) AND CAST(? AS date)
GROUP BY week
ORDER BY week
