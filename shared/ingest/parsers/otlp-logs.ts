import { createHash } from 'node:crypto';
import { logRecords } from '../../catalog/tables.ts';
import {
  bad,
  clip,
  isObject,
  jsonDocumentParser,
  nanosToIso,
  type ParsedRecord,
  type SourceParser,
  str,
} from '../records.ts';
import {
  anyValue,
  attributesToObject,
  awss3ObjectOf,
  OTLP_SIGNALS,
  type OtlpResource,
  otlpRecords,
} from './otlp.ts';

/** SeverityNumber names in enum order: protobuf JSON may carry `SEVERITY_NUMBER_WARN` instead of 13. */
const SEVERITY_NAMES = ['UNSPECIFIED', 'TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'].flatMap(
  (level, i) => (i === 0 ? [level] : [level, `${level}2`, `${level}3`, `${level}4`]),
);

/** A SeverityNumber as 1–24, null when unspecified (0 or absent), undefined when it is not one. */
function severityNumber(value: unknown): number | null | undefined {
  if (value === undefined || value === null) return null;
  let n: number | undefined;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'string' && /^\d{1,2}$/.test(value)) n = Number(value);
  else if (typeof value === 'string' && value.startsWith('SEVERITY_NUMBER_'))
    n = SEVERITY_NAMES.indexOf(value.slice('SEVERITY_NUMBER_'.length));
  if (n === undefined || !Number.isInteger(n) || n < 0 || n >= SEVERITY_NAMES.length) return undefined;
  return n === 0 ? null : n;
}

/** OTLP/JSON leaves optional fields out or sends their zero value (`"0"` times, `""` ids). */
const isUnset = (v: unknown) => v === undefined || v === null || v === '' || v === '0' || v === 0;

/** The body as text: a string as is, any other AnyValue as JSON; undefined when it is not an AnyValue. */
function bodyText(body: unknown): string | null | undefined {
  if (body === undefined || body === null || (isObject(body) && Object.keys(body).length === 0)) return null;
  const value = anyValue(body);
  if (value === null || value === undefined) return undefined;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Trace context ids are hex in OTLP/JSON (not base64 as in other protobuf JSON). */
const HEX_IDS = [
  ['traceId', /^[0-9a-fA-F]{32}$/, '32'],
  ['spanId', /^[0-9a-fA-F]{16}$/, '16'],
] as const;

/** Why a log record cannot become a row, as `[field, reason]`, or undefined when it can. */
function problemOf(record: Record<string, unknown>): readonly [string, string] | undefined {
  for (const field of ['timeUnixNano', 'observedTimeUnixNano']) {
    if (!isUnset(record[field]) && nanosToIso(record[field]) === undefined)
      return [field, `not a nanosecond timestamp: ${JSON.stringify(record[field])}`];
  }
  if (isUnset(record.timeUnixNano) && isUnset(record.observedTimeUnixNano))
    return ['timeUnixNano', 'neither timeUnixNano nor observedTimeUnixNano is set'];
  if (severityNumber(record.severityNumber) === undefined)
    return [
      'severityNumber',
      `not a SeverityNumber (0-24 or SEVERITY_NUMBER_*): ${JSON.stringify(record.severityNumber)}`,
    ];
  if (
    record.severityText !== undefined &&
    record.severityText !== null &&
    typeof record.severityText !== 'string'
  )
    return ['severityText', `expected a string, got ${JSON.stringify(record.severityText)}`];
  for (const [field, pattern, digits] of HEX_IDS) {
    const id = record[field];
    if (!isUnset(id) && !(typeof id === 'string' && pattern.test(id)))
      return [field, `not a ${digits}-digit hex id: ${JSON.stringify(id)}`];
  }
  if (bodyText(record.body) === undefined)
    return ['body', `not an OTLP AnyValue: ${JSON.stringify(clip(record.body, 200))}`];
  return undefined;
}

/** Maps one OTLP log record to a `log_records` row, or to a bad record naming the field at fault. */
function logRecordToRecord(
  record: Record<string, unknown>,
  position: string,
  resource: OtlpResource,
  sourceKey: string,
): ParsedRecord {
  const problem = problemOf(record);
  if (problem) return bad(position, problem[0], problem[1], clip(record));
  const observed = nanosToIso(record.observedTimeUnixNano) ?? null;
  const content = {
    severity_number: severityNumber(record.severityNumber) ?? null,
    severity_text: str(record.severityText),
    body: bodyText(record.body) ?? null,
    attributes: JSON.stringify(attributesToObject(record.attributes)),
    trace_id: str(record.traceId)?.toLowerCase() ?? null,
    span_id: str(record.spanId)?.toLowerCase() ?? null,
  };
  // Nanosecond times as sent, not the millisecond columns: two identical lines logged within one
  // millisecond are two records, while the same record exported twice is one.
  const identity = [
    resource.resource_attributes,
    String(record.timeUnixNano),
    String(record.observedTimeUnixNano),
    content,
  ];
  return {
    kind: 'row',
    table: logRecords.name,
    position,
    row: {
      record_id: createHash('sha256').update(JSON.stringify(identity)).digest('hex').slice(0, 32),
      time: nanosToIso(record.timeUnixNano) ?? observed,
      observed_time: observed,
      ...resource,
      ...content,
      source_key: sourceKey,
    },
  };
}

/** Expands one OTLP/JSON ExportLogsServiceRequest into log records. */
export function logsRequestToRecords(request: unknown, sourceKey: string): Generator<ParsedRecord> {
  return otlpRecords(request, OTLP_SIGNALS.logs, (record, position, resource) => [
    logRecordToRecord(record, position, resource, sourceKey),
  ]);
}

/** awss3exporter log objects under `otlp/`: OTLP/JSON, one ExportLogsServiceRequest per object. */
export const otlpLogsParser: SourceParser = jsonDocumentParser({
  name: 'otlp-logs',
  tables: [logRecords.name],
  matches: awss3ObjectOf('logs'),
  records: logsRequestToRecords,
});
