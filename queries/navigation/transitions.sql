-- name: transitions
-- title: Page-to-page transitions and drop-off
-- description: Where people go next from each page of the Odigos UI, for Sankey diagrams: every move from
-- description: one page view to the next within a session, counted per (from page, to page), with its share
-- description: of all departures from the from page and the drop-off (sessions that ended on the from page).
-- description: A session is one user's calls (any kind) with no gap longer than session_gap_minutes.
-- description: Viewing the page one is already on again is not a move. Edges with fewer than min_count
-- description: moves are left out; a page no session left for another page still has one row (to_page null)
-- description: so its drop-off shows.
-- param: start_date date | First dt partition to include (YYYY-MM-DD, UTC).
-- param: end_date date | Last dt partition to include (YYYY-MM-DD, UTC).
-- param: session_gap_minutes bigint = 30 | Inactivity (1-1440 minutes) that ends a session.
-- param: min_count bigint = 1 | Smallest number of moves an edge needs to be listed.
-- bind: session_gap_minutes, start_date, end_date, min_count
-- column: from_page varchar | Page the user was on.
-- column: to_page varchar | Page viewed next in the same session; null on the row of a page nobody left for another page.
-- column: transitions bigint | Moves from from_page to to_page.
-- column: from_views bigint | Views of from_page; each ends in a move to another page or in the end of the session.
-- column: share double | transitions / from_views, 0..1: this edge's share of the page's exits.
-- column: drop_offs bigint | Sessions that ended on from_page (repeated on each edge of the page).
-- column: drop_off_share double | drop_offs / from_views, 0..1.
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
moves AS (
  SELECT
    page_path AS from_page,
    lead(page_path) OVER (PARTITION BY actor_id, session_number ORDER BY step) AS to_page
  FROM steps
),
exits AS (
  SELECT from_page, count(*) AS from_views, count_if(to_page IS NULL) AS drop_offs
  FROM moves
  GROUP BY from_page
),
edges AS (
  SELECT from_page, to_page, count(*) AS transitions
  FROM moves
  WHERE to_page IS NOT NULL
  GROUP BY from_page, to_page
)
SELECT
  x.from_page,
  e.to_page,
  coalesce(e.transitions, 0) AS transitions,
  x.from_views,
  CAST(coalesce(e.transitions, 0) AS double) / x.from_views AS share,
  x.drop_offs,
  CAST(x.drop_offs AS double) / x.from_views AS drop_off_share
FROM exits x
LEFT JOIN edges e ON e.from_page = x.from_page
WHERE e.transitions >= ? OR e.to_page IS NULL
ORDER BY transitions DESC, x.from_page, e.to_page
