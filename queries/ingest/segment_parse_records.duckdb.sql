-- name: segment_parse_records
-- title: Segment object as typed records (ingest fast path, DuckDB)
-- description: Reads the staged object with DuckDB's own NDJSON reader, keeping only the fields the
-- description: mapping uses. Any line that is not a JSON object makes the read fail, and the ingest
-- description: step then takes the careful path (segment_parse_lines) for that object, so bad lines
-- description: are quarantined one by one. The ingest step sets the variables ingest_file and
-- description: ingest_compression for the object and defines this statement as the view segment_parsed.
-- description: The field list must match segment_parse_lines (a test runs both paths on one file).
-- engine: duckdb
-- column: line_no bigint | Null: the fast path never reports positions (it fails instead).
-- column: line varchar | Null: raw lines are kept only on the careful path.
-- column: r struct | The call's fields.
SELECT
  CAST(NULL AS BIGINT) AS line_no,
  CAST(NULL AS VARCHAR) AS line,
  json AS r
FROM read_json(getvariable('ingest_file'), format = 'newline_delimited', records = false,
  compression = getvariable('ingest_compression'), maximum_object_size = 4194304,
  columns = {json: 'STRUCT(
    "type" VARCHAR, messageId VARCHAR, userId VARCHAR, anonymousId VARCHAR, "event" VARCHAR,
    "name" VARCHAR, "timestamp" VARCHAR, originalTimestamp VARCHAR, sentAt VARCHAR,
    receivedAt VARCHAR, properties JSON,
    context STRUCT(groupId VARCHAR, app STRUCT("version" VARCHAR), page STRUCT(path VARCHAR),
      odigos STRUCT(installation_id VARCHAR, cluster_name VARCHAR, "version" VARCHAR)))'})
