-- name: feedback_texts
-- title: Feedback texts to score
-- description: Every human-written feedback text in a date range — GitHub issues and comments, Slack
-- description: messages (bots excluded) and survey comments — with the date it was written. The input
-- description: of the sentiment and key-phrase scoring step.
-- param: start_date date | First dt partition to include (YYYY-MM-DD, UTC).
-- param: end_date date | Last dt partition to include (YYYY-MM-DD, UTC).
-- bind: start_date, end_date, start_date, end_date
-- column: item_id varchar | feedback_items.item_id, or survey:<response_id> for survey comments.
-- column: source varchar | github, slack or survey.
-- column: text varchar | Title and body (or the survey comment).
-- column: created_at timestamp | When it was written, UTC.
SELECT
  item_id,
  source,
  trim(coalesce(title, '') || chr(10) || coalesce(body, '')) AS text,
  created_at
FROM feedback_items
WHERE dt BETWEEN ? AND ?
  AND coalesce(author_is_bot, false) = false
  AND length(trim(coalesce(title, '') || coalesce(body, ''))) > 0
UNION ALL
SELECT
  'survey:' || response_id AS item_id,
  'survey' AS source,
  comment AS text,
  submitted_at AS created_at
FROM survey_responses
WHERE dt BETWEEN ? AND ?
  AND comment IS NOT NULL
  AND length(trim(comment)) > 0
ORDER BY item_id
