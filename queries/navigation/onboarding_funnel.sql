-- name: onboarding_funnel
-- title: Odigos onboarding funnel
-- description: How many users get through each step of the Odigos UI onboarding, in order, within
-- description: conversion_window_days of starting it: 1 choose_sources (views /choose-sources), 2
-- description: sources_instrumented ("Sources Instrumented" there), 3 choose_destination (views
-- description: /choose-destination), 4 connection_tested ("Destination Connection Tested" there), 5
-- description: connection_succeeded (a test with success = true), 6 destination_created ("Destination
-- description: Created" there), 7 setup_summary (views /setup-summary), 8 onboarding_completed
-- description: ("Onboarding Completed" there). Track events count only on their onboarding page (the same
-- description: events from the overview's create dialogs are not onboarding). A user enters with their
-- description: first step-1 view in the range; each later step is its first occurrence after the step
-- description: before (a sequential funnel, like PostHog's). Steps after end_date are not seen, so users who
-- description: start close to it have had less time to convert.
-- param: start_date date | First dt partition to include (YYYY-MM-DD, UTC).
-- param: end_date date | Last dt partition to include (YYYY-MM-DD, UTC).
-- param: conversion_window_days bigint = 7 | Days from the first step within which later steps count.
-- column: step bigint | Step number, 1-8.
-- column: step_name varchar | choose_sources, sources_instrumented, ..., onboarding_completed.
-- column: users bigint | Users who reached the step in order and within the window.
-- column: conversion_from_previous double | users / users of the previous step; null for step 1.
-- column: conversion_from_first double | users / users of step 1.
-- column: median_seconds_from_previous double | Median time from the previous step to this one, seconds; null for step 1.
WITH onboarding_calls AS (
  SELECT
    actor_id,
    event_type,
    event_name,
    page_path,
    event_time,
    json_extract_scalar(properties, '$.success') = 'true' AS succeeded
  FROM ui_events
  WHERE dt BETWEEN ? AND ?
    AND event_type IN ('page', 'track')
    AND page_path IN ('/choose-sources', '/choose-destination', '/setup-summary')
),
step_events AS (
  SELECT c.actor_id, c.event_time, s.step
  FROM onboarding_calls c
  CROSS JOIN UNNEST(CASE
    WHEN c.event_type = 'page' AND c.page_path = '/choose-sources' THEN ARRAY[1]
    WHEN c.event_name = 'Sources Instrumented' AND c.page_path = '/choose-sources' THEN ARRAY[2]
    WHEN c.event_type = 'page' AND c.page_path = '/choose-destination' THEN ARRAY[3]
    -- A successful test is both a test (step 4) and a success (step 5).
    WHEN c.event_name = 'Destination Connection Tested' AND c.page_path = '/choose-destination' AND c.succeeded
      THEN ARRAY[4, 5]
    WHEN c.event_name = 'Destination Connection Tested' AND c.page_path = '/choose-destination' THEN ARRAY[4]
    WHEN c.event_name = 'Destination Created' AND c.page_path = '/choose-destination' THEN ARRAY[6]
    WHEN c.event_type = 'page' AND c.page_path = '/setup-summary' THEN ARRAY[7]
    WHEN c.event_name = 'Onboarding Completed' AND c.page_path = '/setup-summary' THEN ARRAY[8]
  END) AS s(step)
),
-- Each step is the first occurrence at or after the previous step's time; taking the earliest at every
-- step makes the last step as early as it can be, so one window check at the end is enough.
s1 AS (
  SELECT
    actor_id,
    min(event_time) AS started_at,
    CAST(NULL AS timestamp) AS previous_at,
    min(event_time) AS reached_at
  FROM step_events
  WHERE step = 1
  GROUP BY actor_id
),
s2 AS (
  SELECT p.actor_id, p.started_at, p.reached_at AS previous_at, min(e.event_time) AS reached_at
  FROM s1 p JOIN step_events e ON e.actor_id = p.actor_id AND e.step = 2 AND e.event_time >= p.reached_at
  GROUP BY p.actor_id, p.started_at, p.reached_at
),
s3 AS (
  SELECT p.actor_id, p.started_at, p.reached_at AS previous_at, min(e.event_time) AS reached_at
  FROM s2 p JOIN step_events e ON e.actor_id = p.actor_id AND e.step = 3 AND e.event_time >= p.reached_at
  GROUP BY p.actor_id, p.started_at, p.reached_at
),
s4 AS (
  SELECT p.actor_id, p.started_at, p.reached_at AS previous_at, min(e.event_time) AS reached_at
  FROM s3 p JOIN step_events e ON e.actor_id = p.actor_id AND e.step = 4 AND e.event_time >= p.reached_at
  GROUP BY p.actor_id, p.started_at, p.reached_at
),
s5 AS (
  SELECT p.actor_id, p.started_at, p.reached_at AS previous_at, min(e.event_time) AS reached_at
  FROM s4 p JOIN step_events e ON e.actor_id = p.actor_id AND e.step = 5 AND e.event_time >= p.reached_at
  GROUP BY p.actor_id, p.started_at, p.reached_at
),
s6 AS (
  SELECT p.actor_id, p.started_at, p.reached_at AS previous_at, min(e.event_time) AS reached_at
  FROM s5 p JOIN step_events e ON e.actor_id = p.actor_id AND e.step = 6 AND e.event_time >= p.reached_at
  GROUP BY p.actor_id, p.started_at, p.reached_at
),
s7 AS (
  SELECT p.actor_id, p.started_at, p.reached_at AS previous_at, min(e.event_time) AS reached_at
  FROM s6 p JOIN step_events e ON e.actor_id = p.actor_id AND e.step = 7 AND e.event_time >= p.reached_at
  GROUP BY p.actor_id, p.started_at, p.reached_at
),
s8 AS (
  SELECT p.actor_id, p.started_at, p.reached_at AS previous_at, min(e.event_time) AS reached_at
  FROM s7 p JOIN step_events e ON e.actor_id = p.actor_id AND e.step = 8 AND e.event_time >= p.reached_at
  GROUP BY p.actor_id, p.started_at, p.reached_at
),
reached AS (
  SELECT 1 AS step, * FROM s1
  UNION ALL SELECT 2, * FROM s2
  UNION ALL SELECT 3, * FROM s3
  UNION ALL SELECT 4, * FROM s4
  UNION ALL SELECT 5, * FROM s5
  UNION ALL SELECT 6, * FROM s6
  UNION ALL SELECT 7, * FROM s7
  UNION ALL SELECT 8, * FROM s8
),
converted AS (
  SELECT
    step,
    count(*) AS users,
    approx_percentile(CAST(date_diff('millisecond', previous_at, reached_at) AS double) / 1000, 0.5) AS median_seconds
  FROM reached
  WHERE date_diff('millisecond', started_at, reached_at) <= ? * 86400000
  GROUP BY step
),
step_names AS (
  SELECT *
  FROM (
    VALUES
      (1, 'choose_sources'),
      (2, 'sources_instrumented'),
      (3, 'choose_destination'),
      (4, 'connection_tested'),
      (5, 'connection_succeeded'),
      (6, 'destination_created'),
      (7, 'setup_summary'),
      (8, 'onboarding_completed')
  ) AS t(step, step_name)
)
SELECT
  CAST(n.step AS bigint) AS step,
  n.step_name,
  coalesce(c.users, 0) AS users,
  CAST(coalesce(c.users, 0) AS double) / nullif(lag(coalesce(c.users, 0)) OVER (ORDER BY n.step), 0)
    AS conversion_from_previous,
  CAST(coalesce(c.users, 0) AS double) / nullif(first_value(coalesce(c.users, 0)) OVER (ORDER BY n.step), 0)
    AS conversion_from_first,
  c.median_seconds AS median_seconds_from_previous
FROM step_names n
LEFT JOIN converted c ON c.step = n.step
ORDER BY n.step
