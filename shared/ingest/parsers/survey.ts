import { createHash } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { surveyResponses } from '../../catalog/tables.ts';
import { redactSecrets } from '../../feedback/redact.ts';
import { bad, type ParsedRecord, type SourceObject, type SourceParser, str, toIsoUtc } from '../records.ts';

const SCALES = { nps: { min: 0, max: 10 }, csat: { min: 1, max: 5 } } as const;
type Scale = keyof typeof SCALES;

/** A `scale` column wins; otherwise the file name tells (…csat…), and NPS is the default. */
function scaleOf(key: string, row: Record<string, string>): Scale | undefined {
  const declared = row.scale?.trim().toLowerCase();
  if (declared) return declared === 'nps' || declared === 'csat' ? declared : undefined;
  return /csat/i.test(key.split('/').at(-1) ?? '') ? 'csat' : 'nps';
}

/**
 * Survey CSV under `surveys/`: header `respondent,score,comment,version,timestamp` (optional
 * `response_id` and `scale`), UTF-8 with or without BOM, quoted multi-line comments allowed.
 */
export const surveyParser: SourceParser = {
  name: 'survey',
  tables: [surveyResponses.name],
  matches: (key) => key.startsWith('surveys/') && key.toLowerCase().endsWith('.csv'),
  async *parse(source: SourceObject) {
    let records: { record: Record<string, string>; info: { lines: number } }[];
    try {
      records = parse(await source.text(), {
        bom: true,
        columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
        skip_empty_lines: true,
        relax_column_count: true,
        trim: false,
        info: true,
      });
    } catch (error) {
      yield bad('$', '$', `not valid CSV: ${(error as Error).message}`, null);
      return;
    }
    for (const { record, info } of records) yield surveyRowToRecord(record, `line ${info.lines}`, source.key);
  },
};

export function surveyRowToRecord(
  record: Record<string, string>,
  position: string,
  sourceKey: string,
): ParsedRecord {
  const scale = scaleOf(sourceKey, record);
  if (!scale)
    return bad(position, 'scale', `unknown scale ${JSON.stringify(record.scale)} (nps or csat)`, record);
  const rawScore = record.score?.trim() ?? '';
  const score = /^\d{1,2}$/.test(rawScore) ? Number(rawScore) : Number.NaN;
  const range = SCALES[scale];
  if (!Number.isInteger(score) || score < range.min || score > range.max) {
    return bad(
      position,
      'score',
      `score ${JSON.stringify(rawScore)} is not an integer ${range.min}-${range.max} (${scale})`,
      record,
    );
  }
  const submittedAt = toIsoUtc(record.timestamp ?? record.submitted_at);
  if (!submittedAt)
    return bad(position, 'timestamp', `not a timestamp: ${JSON.stringify(record.timestamp)}`, record);
  const respondent = str(record.respondent?.trim());
  // Without an id column the content identifies a response, so re-delivery does not double count.
  const responseId =
    str(record.response_id?.trim()) ??
    createHash('sha256').update(`${respondent}|${submittedAt}|${scale}|${score}`).digest('hex').slice(0, 24);
  const comment = record.comment?.trim();
  return {
    kind: 'row',
    table: surveyResponses.name,
    position,
    row: {
      response_id: responseId,
      respondent,
      scale,
      score,
      comment: comment ? redactSecrets(comment) : null,
      odigos_version: str(record.version?.trim()),
      submitted_at: submittedAt,
      source_key: sourceKey,
    },
  };
}
