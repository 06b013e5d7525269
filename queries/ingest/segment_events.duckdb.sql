-- name: ingest_segment_events
-- title: Segment calls to ui_events rows (ingest step, DuckDB)
-- description: Maps each Segment/RudderStack call of one object to a ui_events row and says, per
-- description: record, which field is wrong and why. Reads the view segment_parsed, which the ingest
-- description: step defines from segment_parse_records (fast path) or segment_parse_lines (careful
-- description: path). Runs inside the ingest step on DuckDB (Lambda and local), not in Athena: the
-- description: whole object is parsed and validated in C++, never record by record in JavaScript. The
-- description: ingest step wraps this SELECT with the catalog's own checks and de-duplication.
-- engine: duckdb
-- param: source_key string | Raw-bucket key, recorded on every row.
-- column: line_no bigint | Physical line in the object (1-based; null on the fast path).
-- column: line varchar | The line as it arrived (careful path only).
-- column: bad_field varchar | Field that made the line unusable; null for a good line.
-- column: bad_reason varchar | Why; null for a good line.
WITH props AS (
  -- Properties are parsed once for the handful of keys the product reads.
  SELECT
    line_no,
    line,
    r,
    json_transform(r.properties, '{"path": "VARCHAR", "feature": "VARCHAR", "x": "VARCHAR",
      "y": "VARCHAR", "viewportWidth": "VARCHAR", "viewportHeight": "VARCHAR",
      "element": "VARCHAR"}') AS p
  FROM segment_parsed
),
mapped AS (
  SELECT
    line_no,
    line,
    r IS NOT NULL AS is_json,
    r.type AS event_type,
    nullif(r.messageId, '') AS message_id,
    coalesce(nullif(r.event, ''), nullif(r.name, '')) AS event_name,
    nullif(r.userId, '') AS user_id,
    nullif(r.anonymousId, '') AS anonymous_id,
    coalesce(nullif(r.userId, ''), nullif(r.anonymousId, '')) AS actor_id,
    coalesce(r.context.odigos.installation_id, r.context.groupId) AS installation_id,
    r.context.odigos.cluster_name AS cluster_name,
    coalesce(r.context.odigos.version, r.context.app.version) AS odigos_version,
    coalesce(r.context.page.path, p.path) AS page_path,
    p.feature AS declared_feature,
    -- Segment's `timestamp` is already corrected for client clock skew; fall back in its documented order.
    coalesce(r.timestamp, r.originalTimestamp, r.sentAt, r.receivedAt) AS raw_time,
    CAST(try_cast(coalesce(r.timestamp, r.originalTimestamp, r.sentAt, r.receivedAt) AS TIMESTAMPTZ) AS TIMESTAMP) AS event_time,
    CAST(try_cast(r.receivedAt AS TIMESTAMPTZ) AS TIMESTAMP) AS received_at,
    try_cast(p.x AS DOUBLE) AS click_x,
    try_cast(p.y AS DOUBLE) AS click_y,
    try_cast(p.viewportWidth AS BIGINT) AS viewport_width,
    try_cast(p.viewportHeight AS BIGINT) AS viewport_height,
    p.element AS element,
    coalesce(CAST(r.properties AS VARCHAR), '{}') AS properties,
    CAST(? AS VARCHAR) AS source_key
  FROM props
)
SELECT
  *,
  -- Pages of the Odigos UI name the feature when the call does not.
  coalesce(declared_feature, CASE
    WHEN page_path LIKE '/choose-sources%' OR page_path LIKE '/choose-destination%' OR page_path LIKE '/setup-summary%' THEN 'onboarding'
    WHEN page_path LIKE '/overview%' THEN 'overview'
    WHEN page_path LIKE '/service-map%' THEN 'service_map'
    WHEN page_path LIKE '/pipeline-collectors%' THEN 'pipeline_collectors'
    WHEN page_path LIKE '/sampling%' THEN 'sampling_rules'
    WHEN page_path LIKE '/settings%' THEN 'settings'
  END) AS feature,
  CASE
    WHEN NOT is_json OR (event_type IS NULL AND NOT starts_with(ltrim(line), '{')) THEN '$'
    WHEN event_type IS NULL OR event_type NOT IN ('track', 'page', 'screen', 'identify', 'group', 'alias') THEN 'type'
    WHEN message_id IS NULL THEN 'messageId'
    WHEN actor_id IS NULL THEN 'userId'
    WHEN event_time IS NULL THEN 'timestamp'
    WHEN click_x IS NOT NULL AND (click_x < 0 OR click_x > 1) THEN 'properties.x'
    WHEN click_y IS NOT NULL AND (click_y < 0 OR click_y > 1) THEN 'properties.y'
  END AS bad_field,
  CASE
    WHEN NOT is_json AND NOT json_valid(line) THEN 'not valid JSON'
    WHEN NOT is_json OR (event_type IS NULL AND NOT starts_with(ltrim(line), '{')) THEN 'expected a JSON object per line, got ' || coalesce(lower(json_type(line)), 'null')
    WHEN event_type IS NULL OR event_type NOT IN ('track', 'page', 'screen', 'identify', 'group', 'alias') THEN 'unknown Segment call type ' || coalesce('"' || event_type || '"', 'null')
    WHEN message_id IS NULL THEN 'messageId is missing'
    WHEN actor_id IS NULL THEN 'neither userId nor anonymousId is set'
    WHEN event_time IS NULL THEN 'not a timestamp: ' || coalesce('"' || raw_time || '"', 'null')
    WHEN click_x IS NOT NULL AND (click_x < 0 OR click_x > 1) THEN 'click coordinate ' || click_x || ' is outside the viewport (0..1)'
    WHEN click_y IS NOT NULL AND (click_y < 0 OR click_y > 1) THEN 'click coordinate ' || click_y || ' is outside the viewport (0..1)'
  END AS bad_reason
FROM mapped
-- Blank lines (only whitespace) are not records; trim() runs only on lines that failed to parse.
-- A record the fast path could not type (line is null there) is kept, so its bad_field sends the
-- object down the careful path.
WHERE is_json OR line IS NULL OR trim(line) <> ''
