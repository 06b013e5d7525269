-- name: element_clicks
-- title: Clicks per page and element
-- description: Which elements people click on each page of the Odigos UI (the element the UI names, e.g.
-- description: button#add-destination), with each element's share of the page's clicks and how many users
-- description: clicked it. A click is a track call "Element Clicked"; one without an element name counts
-- description: under element null.
-- param: start_date date | First dt partition to include (YYYY-MM-DD, UTC).
-- param: end_date date | Last dt partition to include (YYYY-MM-DD, UTC).
-- column: page_path varchar | Page the click happened on.
-- column: element varchar | Clicked element identifier.
-- column: clicks bigint | Clicks on the element on that page.
-- column: users bigint | Distinct users who clicked it.
-- column: page_clicks bigint | All clicks on the page.
-- column: click_share double | clicks / page_clicks, 0..1.
-- column: page_users bigint | Distinct users who clicked anything on the page.
-- column: user_share double | users / page_users, 0..1: how many of the page's clickers found the element.
WITH clicks AS (
  SELECT page_path, element, actor_id
  FROM ui_events
  WHERE dt BETWEEN ? AND ?
    AND event_type = 'track'
    AND event_name = 'Element Clicked'
),
pages AS (
  SELECT page_path, count(*) AS page_clicks, count(DISTINCT actor_id) AS page_users
  FROM clicks
  GROUP BY page_path
),
elements AS (
  SELECT page_path, element, count(*) AS clicks, count(DISTINCT actor_id) AS users
  FROM clicks
  GROUP BY page_path, element
)
SELECT
  e.page_path,
  e.element,
  e.clicks,
  e.users,
  p.page_clicks,
  CAST(e.clicks AS double) / p.page_clicks AS click_share,
  p.page_users,
  CAST(e.users AS double) / p.page_users AS user_share
FROM elements e
JOIN pages p ON p.page_path IS NOT DISTINCT FROM e.page_path
ORDER BY e.page_path, e.clicks DESC, e.element
