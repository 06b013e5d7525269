-- name: segment_parse_lines
-- title: Segment object line by line (ingest careful path, DuckDB)
-- description: Reads the staged object line by line and parses each line on its own, so a line that
-- description: is not JSON, or not an object, becomes one quarantined record with its line number
-- description: while every other line still lands. Used when the fast path (segment_parse_records)
-- description: fails on an object. The ingest step sets ingest_file and ingest_compression and
-- description: defines this statement as the view segment_parsed.
-- engine: duckdb
-- column: line_no bigint | Physical line in the object (1-based).
-- column: line varchar | The line as it arrived.
-- column: r struct | The call's fields; null when the line is not valid JSON.
WITH lines AS (
  -- A 4-byte delimiter that valid JSON cannot contain turns read_csv into a fast line reader.
  SELECT row_number() OVER () AS line_no, line
  FROM read_csv(getvariable('ingest_file'), columns = {'line': 'VARCHAR'}, delim = E'\x01\x02\x03\x04',
    quote = '', escape = '', header = false, auto_detect = false,
    compression = getvariable('ingest_compression'), max_line_size = 4194304, store_rejects = true)
)
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
