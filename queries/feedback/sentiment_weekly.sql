-- name: sentiment_weekly
-- title: Community sentiment per week and source
-- description: Scored feedback per ISO week and source: volume, the positive / negative / neutral counts,
-- description: and the share of positive among opinionated items (positive / (positive + negative)),
-- description: the basis of the Community Sentiment Index.
-- param: start_date date | First dt partition to include (YYYY-MM-DD, UTC).
-- param: end_date date | Last dt partition to include (YYYY-MM-DD, UTC).
-- column: week date | Monday of the ISO week.
-- column: source varchar | github, slack or survey.
-- column: items bigint | Scored items.
-- column: positive bigint | Items scored positive.
-- column: negative bigint | Items scored negative.
-- column: neutral bigint | Items scored neutral or mixed.
-- column: positive_share double | positive / (positive + negative); null without opinionated items.
SELECT
  CAST(date_trunc('week', created_at) AS date) AS week,
  source,
  count(*) AS items,
  count_if(sentiment = 'positive') AS positive,
  count_if(sentiment = 'negative') AS negative,
  count_if(sentiment IN ('neutral', 'mixed')) AS neutral,
  CAST(count_if(sentiment = 'positive') AS double)
    / nullif(count_if(sentiment IN ('positive', 'negative')), 0) AS positive_share
FROM feedback_scores
WHERE dt BETWEEN ? AND ?
GROUP BY CAST(date_trunc('week', created_at) AS date), source
ORDER BY week, source
