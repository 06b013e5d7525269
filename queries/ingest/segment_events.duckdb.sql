-- name: ingest_segment_events
-- title: Segment calls to ui_events rows (ingest step, DuckDB)
-- description: Reads one newline-delimited Segment/RudderStack object line by line (gzip or zstd handled
-- description: by DuckDB), maps each call to a ui_events row and says, per line, which field is wrong and
-- description: why. Runs inside the ingest step on DuckDB (Lambda and local), not in Athena: the whole
-- description: object is parsed and validated in C++, never record by record in JavaScript. The ingest
-- description: step wraps this SELECT with the catalog's own checks and de-duplication.
-- engine: duckdb
-- param: file string | Local path of the staged object.
-- param: compression string | none, gzip or zstd (from the object's magic bytes).
-- param: source_key string | Raw-bucket key, recorded on every row.
-- bind: file, compression, source_key
-- column: line_no bigint | Physical line in the object (1-based).
-- column: line varchar | The line as it arrived.
-- column: bad_field varchar | Field that made the line unusable; null for a good line.
-- column: bad_reason varchar | Why; null for a good line.
WITH lines AS (
  -- A 4-byte delimiter that valid JSON cannot contain turns read_csv into a fast line reader.
  SELECT row_number() OVER () AS line_no, line
  FROM read_csv(?, columns = {'line': 'VARCHAR'}, delim = E'\x01\x02\x03\x04', quote = '', escape = '',
    header = false, auto_detect = false, compression = ?, max_line_size = 4194304, store_rejects = true)
),
parsed AS (
  -- One parse per line: json_transform maps the fields we keep; only invalid lines skip it.
  SELECT
    line_no,
    line,
    CASE WHEN json_valid(line) THEN json_transform(line, '{
      "type": "VARCHAR", "messageId": "VARCHAR", "userId": "VARCHAR", "anonymousId": "VARCHAR",
      "event": "VARCHAR", "name": "VARCHAR", "timestamp": "VARCHAR", "originalTimestamp": "VARCHAR",
      "sentAt": "VARCHAR", "receivedAt": "VARCHAR", "properties": "JSON",
      "context": {"groupId": "VARCHAR", "app": {"version": "VARCHAR"}, "page": {"path": "VARCHAR"},
        "odigos": {"installation_id": "VARCHAR", "cluster_name": "VARCHAR", "version": "VARCHAR"}}
    }') END AS r
  FROM lines
  WHERE line IS NOT NULL AND line <> ''
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
    coalesce(r.context.page.path, r.properties ->> 'path') AS page_path,
    r.properties ->> 'feature' AS declared_feature,
    -- Segment's `timestamp` is already corrected for client clock skew; fall back in its documented order.
    coalesce(r.timestamp, r.originalTimestamp, r.sentAt, r.receivedAt) AS raw_time,
    CAST(try_cast(coalesce(r.timestamp, r.originalTimestamp, r.sentAt, r.receivedAt) AS TIMESTAMPTZ) AS TIMESTAMP) AS event_time,
    CAST(try_cast(r.receivedAt AS TIMESTAMPTZ) AS TIMESTAMP) AS received_at,
    try_cast(r.properties ->> 'x' AS DOUBLE) AS click_x,
    try_cast(r.properties ->> 'y' AS DOUBLE) AS click_y,
    try_cast(r.properties ->> 'viewportWidth' AS BIGINT) AS viewport_width,
    try_cast(r.properties ->> 'viewportHeight' AS BIGINT) AS viewport_height,
    r.properties ->> 'element' AS element,
    coalesce(CAST(r.properties AS VARCHAR), '{}') AS properties,
    CAST(? AS VARCHAR) AS source_key
  FROM parsed
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
    WHEN NOT is_json THEN '$'
    WHEN event_type IS NULL AND NOT starts_with(ltrim(line), '{') THEN '$'
    WHEN event_type IS NULL OR event_type NOT IN ('track', 'page', 'screen', 'identify', 'group', 'alias') THEN 'type'
    WHEN message_id IS NULL THEN 'messageId'
    WHEN actor_id IS NULL THEN 'userId'
    WHEN event_time IS NULL THEN 'timestamp'
    WHEN click_x IS NOT NULL AND (click_x < 0 OR click_x > 1) THEN 'properties.x'
    WHEN click_y IS NOT NULL AND (click_y < 0 OR click_y > 1) THEN 'properties.y'
  END AS bad_field,
  CASE
    WHEN NOT is_json THEN 'not valid JSON'
    WHEN event_type IS NULL AND NOT starts_with(ltrim(line), '{') THEN 'expected a JSON object per line, got ' || lower(json_type(line))
    WHEN event_type IS NULL OR event_type NOT IN ('track', 'page', 'screen', 'identify', 'group', 'alias') THEN 'unknown Segment call type ' || coalesce('"' || event_type || '"', 'null')
    WHEN message_id IS NULL THEN 'messageId is missing'
    WHEN actor_id IS NULL THEN 'neither userId nor anonymousId is set'
    WHEN event_time IS NULL THEN 'not a timestamp: ' || coalesce('"' || raw_time || '"', 'null')
    WHEN click_x IS NOT NULL AND (click_x < 0 OR click_x > 1) THEN 'click coordinate ' || click_x || ' is outside the viewport (0..1)'
    WHEN click_y IS NOT NULL AND (click_y < 0 OR click_y > 1) THEN 'click coordinate ' || click_y || ' is outside the viewport (0..1)'
  END AS bad_reason
FROM mapped
-- Blank lines (only whitespace) are not records; trim() runs only on lines that failed to parse.
WHERE CASE WHEN is_json THEN true ELSE trim(line) <> '' END
