-- name: nps_by_release
-- title: NPS and CSAT per release window
-- description: Survey answers between two dates grouped by release window: a response belongs to the newest
-- description: release (pre-releases excluded) published before it was submitted; responses older than every
-- description: release form a row without a tag. Per window: NPS, the share of promoters (9-10) minus the
-- description: share of detractors (0-6) among the 0-10 answers, in points from -100 to 100; CSAT, the share of
-- description: 4-5 among the 1-5 answers, in %; and the response counts behind them. Releases are read up to
-- description: end_date whatever start_date says, so a window that began earlier keeps its release.
-- param: start_date date | First dt partition of survey responses to include (YYYY-MM-DD, UTC).
-- param: end_date date | Last dt partition of survey responses (and releases) to include (YYYY-MM-DD, UTC).
-- bind: end_date, start_date, end_date
-- column: release_tag varchar | Release whose window the responses fall in; null before the first release.
-- column: published_at timestamp | When that release was published, UTC.
-- column: next_published_at timestamp | When the next release was published (end of the window), UTC; null for the newest.
-- column: nps_responses bigint | Answers on the 0-10 (NPS) scale.
-- column: promoters bigint | NPS answers of 9 or 10.
-- column: passives bigint | NPS answers of 7 or 8.
-- column: detractors bigint | NPS answers of 0 to 6.
-- column: nps double | Net Promoter Score, -100..100: 100 x (promoters - detractors) / nps_responses.
-- column: mean_nps_score double | Mean of the 0-10 answers.
-- column: csat_responses bigint | Answers on the 1-5 (CSAT) scale.
-- column: csat_satisfied bigint | CSAT answers of 4 or 5.
-- column: csat_pct double | CSAT, 0..100: 100 x csat_satisfied / csat_responses.
WITH release_windows AS (
  SELECT
    tag,
    published_at,
    lead(published_at) OVER (ORDER BY published_at) AS next_published_at
  FROM releases
  WHERE dt <= ?
    AND coalesce(prerelease, false) = false
),
responses AS (
  SELECT scale, score, submitted_at
  FROM survey_responses
  WHERE dt BETWEEN ? AND ?
),
assigned AS (
  SELECT r.scale, r.score, w.tag, w.published_at, w.next_published_at
  FROM responses r
  LEFT JOIN release_windows w
    ON w.published_at < r.submitted_at
    AND (w.next_published_at IS NULL OR r.submitted_at <= w.next_published_at)
)
SELECT
  tag AS release_tag,
  published_at,
  next_published_at,
  count_if(scale = 'nps') AS nps_responses,
  count_if(scale = 'nps' AND score >= 9) AS promoters,
  count_if(scale = 'nps' AND score BETWEEN 7 AND 8) AS passives,
  count_if(scale = 'nps' AND score <= 6) AS detractors,
  100 * CAST(count_if(scale = 'nps' AND score >= 9) - count_if(scale = 'nps' AND score <= 6) AS double)
    / nullif(count_if(scale = 'nps'), 0) AS nps,
  avg(CASE WHEN scale = 'nps' THEN CAST(score AS double) END) AS mean_nps_score,
  count_if(scale = 'csat') AS csat_responses,
  count_if(scale = 'csat' AND score >= 4) AS csat_satisfied,
  100 * CAST(count_if(scale = 'csat' AND score >= 4) AS double) / nullif(count_if(scale = 'csat'), 0) AS csat_pct
FROM assigned
GROUP BY tag, published_at, next_published_at
ORDER BY published_at NULLS FIRST
