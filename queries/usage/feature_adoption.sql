-- name: feature_adoption
-- title: Feature adoption
-- description: For each product feature, how many Odigos installations and UI users performed one of its
-- description: actions between two dates, their share of all active users, and whether the feature is
-- description: under-used (adopted by fewer than `underused_share` of active users). Page views and
-- description: clicks are not actions; a feature counts as used when one of its track events happened.
-- param: start_date date | First dt partition to include (YYYY-MM-DD, UTC).
-- param: end_date date | Last dt partition to include (YYYY-MM-DD, UTC).
-- param: underused_share double = 0.25 | Features adopted by less than this share of active users are flagged.
-- column: feature varchar | Product feature, e.g. source_instrumentation, destinations, sampling_rules.
-- column: installations bigint | Installations (clusters) where at least one user used the feature.
-- column: users bigint | Distinct users (userId, else anonymousId) who used the feature.
-- column: events bigint | Track events of the feature.
-- column: active_users bigint | Distinct users with any UI activity in the window.
-- column: user_share double | users / active_users, 0..1.
-- column: installation_share double | installations / installations with any UI activity, 0..1.
-- column: first_used varchar | First day the feature was used in the window.
-- column: last_used varchar | Last day the feature was used in the window.
-- column: underused boolean | True when user_share < underused_share.
WITH window_events AS (
  SELECT actor_id, installation_id, feature, event_type, event_name, dt
  FROM ui_events
  WHERE dt BETWEEN ? AND ?
),
active AS (
  SELECT count(DISTINCT actor_id) AS users, count(DISTINCT installation_id) AS installations
  FROM window_events
),
feature_use AS (
  SELECT
    feature,
    count(DISTINCT installation_id) AS installations,
    count(DISTINCT actor_id) AS users,
    count(*) AS events,
    min(dt) AS first_used,
    max(dt) AS last_used
  FROM window_events
  WHERE event_type = 'track' AND feature IS NOT NULL AND event_name <> 'Element Clicked'
  GROUP BY feature
),
-- Athena accepts execution parameters in WHERE clauses, so the threshold is applied in one.
underused AS (
  SELECT f.feature
  FROM feature_use f
  CROSS JOIN active a
  WHERE CAST(f.users AS double) / nullif(a.users, 0) < ?
)
SELECT
  f.feature,
  f.installations,
  f.users,
  f.events,
  a.users AS active_users,
  CAST(f.users AS double) / nullif(a.users, 0) AS user_share,
  CAST(f.installations AS double) / nullif(a.installations, 0) AS installation_share,
  f.first_used,
  f.last_used,
  f.feature IN (SELECT feature FROM underused) AS underused
FROM feature_use f
CROSS JOIN active a
ORDER BY f.users DESC, f.feature
