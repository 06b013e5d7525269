-- name: top_paths
-- title: Most frequent page paths per session
-- description: The page sequences people follow through the Odigos UI, most frequent first. A session is
-- description: one user's calls (any kind) with no gap longer than session_gap_minutes; its path is the
-- description: page_path of its page views in time order, cut after max_steps pages. Viewing the page one
-- description: is already on again (a reload, a click on its own menu entry) is not a new step. Sessions
-- description: without page views have no path. The share is over all sessions with a path, including
-- description: those outside the top N.
-- param: start_date date | First dt partition to include (YYYY-MM-DD, UTC).
-- param: end_date date | Last dt partition to include (YYYY-MM-DD, UTC).
-- param: session_gap_minutes bigint = 30 | Inactivity (1-1440 minutes) that ends a session.
-- param: max_steps bigint = 5 | Pages kept from the start of each session's path.
-- param: limit bigint = 20 | How many paths to return (top N by sessions).
-- bind: session_gap_minutes, start_date, end_date, max_steps, limit
-- column: rank bigint | 1 = the most frequent path (ties broken alphabetically).
-- column: path varchar | Page paths joined with " > ", e.g. /overview > /service-map.
-- column: steps bigint | Pages in the path (at most max_steps).
-- column: sessions bigint | Sessions that followed exactly this path (after the cut).
-- column: users bigint | Distinct users with at least one such session.
-- column: session_share double | sessions / all sessions with a path, 0..1.
WITH settings AS (
  -- Athena accepts execution parameters only in WHERE clauses, so the gap is picked out of 1..1440.
  SELECT minutes AS session_gap_minutes
  FROM UNNEST(sequence(1, 1440)) AS t(minutes)
  WHERE minutes = ?
),
calls AS (
  SELECT
    actor_id,
    event_type,
    page_path,
    event_time,
    message_id,
    lag(event_time) OVER (PARTITION BY actor_id ORDER BY event_time, message_id) AS previous_time
  FROM ui_events
  WHERE dt BETWEEN ? AND ?
),
sessions AS (
  SELECT
    c.*,
    sum(CASE
      WHEN c.previous_time IS NULL
        OR date_diff('millisecond', c.previous_time, c.event_time) > s.session_gap_minutes * 60000 THEN 1
      ELSE 0
    END) OVER (
      PARTITION BY c.actor_id ORDER BY c.event_time, c.message_id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
    ) AS session_number
  FROM calls c
  CROSS JOIN settings s
),
page_views AS (
  SELECT
    actor_id,
    session_number,
    page_path,
    event_time,
    message_id,
    lag(page_path) OVER (PARTITION BY actor_id, session_number ORDER BY event_time, message_id) AS previous_page
  FROM sessions
  WHERE event_type = 'page' AND page_path IS NOT NULL
),
steps AS (
  SELECT
    actor_id,
    session_number,
    page_path,
    row_number() OVER (PARTITION BY actor_id, session_number ORDER BY event_time, message_id) AS step
  FROM page_views
  WHERE previous_page IS NULL OR previous_page <> page_path
),
paths AS (
  SELECT
    actor_id,
    session_number,
    array_join(array_agg(page_path ORDER BY step), ' > ') AS path,
    count(*) AS steps
  FROM steps
  WHERE step <= ?
  GROUP BY actor_id, session_number
),
ranked AS (
  SELECT
    row_number() OVER (ORDER BY count(*) DESC, path) AS rank,
    path,
    steps,
    count(*) AS sessions,
    count(DISTINCT actor_id) AS users,
    CAST(count(*) AS double) / sum(count(*)) OVER () AS session_share
  FROM paths
  GROUP BY path, steps
)
SELECT rank, path, steps, sessions, users, session_share
FROM ranked
WHERE rank <= ?
ORDER BY rank
