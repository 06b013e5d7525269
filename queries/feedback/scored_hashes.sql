-- name: scored_hashes
-- title: Already scored feedback texts
-- description: Item ids and text hashes already in feedback_scores for a date range, so the scoring step
-- description: never scores (or pays for) the same text twice.
-- param: start_date date | First dt partition to include (YYYY-MM-DD, UTC).
-- param: end_date date | Last dt partition to include (YYYY-MM-DD, UTC).
-- column: item_id varchar | Scored item.
-- column: text_hash varchar | SHA-256 of the normalised text that was scored.
-- column: language varchar | Detected language.
-- column: sentiment varchar | positive, negative, neutral or mixed.
-- column: score_positive double | Probability of positive.
-- column: score_negative double | Probability of negative.
-- column: score_neutral double | Probability of neutral.
-- column: score_mixed double | Probability of mixed.
-- column: key_phrases array(varchar) | Key phrases.
-- column: analyzer varchar | What scored it.
SELECT item_id, text_hash, language, sentiment, score_positive, score_negative, score_neutral, score_mixed, key_phrases, analyzer
FROM feedback_scores
WHERE dt BETWEEN ? AND ?
