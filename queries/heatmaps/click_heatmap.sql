-- name: click_heatmap
-- title: Click heatmap per page
-- description: Where people click on each page of the Odigos UI: clicks counted on a grid_size × grid_size
-- description: grid over the viewport. The UI sends each click's position normalised to the viewport
-- description: (click_x, click_y in 0..1, from the left and top edges), so screens of every size share one
-- description: grid; cell (0, 0) is the top-left corner and a click on the right or bottom edge (1.0) falls
-- description: in the last cell. A click is a track call "Element Clicked" with both coordinates. Only
-- description: cells with clicks have a row.
-- param: start_date date | First dt partition to include (YYYY-MM-DD, UTC).
-- param: end_date date | Last dt partition to include (YYYY-MM-DD, UTC).
-- param: grid_size bigint = 10 | Cells per side, 1-100.
-- bind: grid_size, start_date, end_date
-- column: page_path varchar | Page the click happened on.
-- column: cell_x bigint | Column of the cell, 0 (left) .. grid_size - 1 (right).
-- column: cell_y bigint | Row of the cell, 0 (top) .. grid_size - 1 (bottom).
-- column: clicks bigint | Clicks in the cell.
-- column: users bigint | Distinct users who clicked in the cell.
-- column: page_clicks bigint | All clicks on the page.
-- column: click_share double | clicks / page_clicks, 0..1: the density to colour the cell by.
-- column: intensity double | clicks / clicks of the page's busiest cell, 0..1 (1 = hottest cell).
WITH settings AS (
  -- Athena accepts execution parameters only in WHERE clauses, so the size is picked out of 1..100.
  SELECT n AS grid_size
  FROM UNNEST(sequence(1, 100)) AS t(n)
  WHERE n = ?
),
cells AS (
  SELECT
    e.page_path,
    e.actor_id,
    least(CAST(floor(e.click_x * s.grid_size) AS bigint), s.grid_size - 1) AS cell_x,
    least(CAST(floor(e.click_y * s.grid_size) AS bigint), s.grid_size - 1) AS cell_y
  FROM ui_events e
  CROSS JOIN settings s
  WHERE e.dt BETWEEN ? AND ?
    AND e.event_type = 'track'
    AND e.event_name = 'Element Clicked'
    AND e.click_x BETWEEN 0 AND 1
    AND e.click_y BETWEEN 0 AND 1
),
counted AS (
  SELECT page_path, cell_x, cell_y, count(*) AS clicks, count(DISTINCT actor_id) AS users
  FROM cells
  GROUP BY page_path, cell_x, cell_y
)
SELECT
  page_path,
  cell_x,
  cell_y,
  clicks,
  users,
  sum(clicks) OVER (PARTITION BY page_path) AS page_clicks,
  CAST(clicks AS double) / sum(clicks) OVER (PARTITION BY page_path) AS click_share,
  CAST(clicks AS double) / max(clicks) OVER (PARTITION BY page_path) AS intensity
FROM counted
ORDER BY page_path, cell_y, cell_x
