import type { Row } from '../catalog/types.ts';

/** A record a parser mapped to a lake table row (not yet validated against the catalog). */
export interface ParsedRow {
  readonly kind: 'row';
  readonly table: string;
  readonly row: Row;
  /** Where in the source object it came from: `line 12`, `resourceMetrics[0]…dataPoints[3]`, `row 7`. */
  readonly position: string;
}

/** A record that cannot become a row; it goes to quarantine with the reason. */
export interface BadRecord {
  readonly kind: 'bad';
  readonly position: string;
  readonly field: string;
  readonly reason: string;
  /** The record as it arrived (truncated if huge), so it can be fixed and re-sent. */
  readonly raw: unknown;
}

/** A record that is valid but carries no data for the lake (e.g. a Slack channel_join). */
export interface SkippedRecord {
  readonly kind: 'skipped';
  readonly position: string;
  readonly reason: string;
}

export type ParsedRecord = ParsedRow | BadRecord | SkippedRecord;

/** The source object as parsers see it: its key and lazily decoded content. */
export interface SourceObject {
  readonly key: string;
  /** The whole decoded content as UTF-8 text. */
  text(): Promise<string>;
  /** Decoded content line by line, streamed with bounded memory. */
  lines(): AsyncIterable<string>;
}

/** A parser for one family of inputs, chosen by key prefix. */
export interface SourceParser {
  readonly name: string;
  /** Lake tables this parser can write to. */
  readonly tables: readonly string[];
  matches(key: string): boolean;
  parse(source: SourceObject): AsyncIterable<ParsedRecord>;
}

export const bad = (position: string, field: string, reason: string, raw: unknown): BadRecord => ({
  kind: 'bad',
  position,
  field,
  reason,
  raw,
});

/** Normalises any timestamp form the sources use (ISO with offset, epoch seconds/millis) to ISO-8601 UTC. */
export function toIsoUtc(value: unknown): string | undefined {
  let millis: number;
  if (typeof value === 'string') {
    if (value.trim() === '') return undefined;
    millis = /^\d+(\.\d+)?$/.test(value) ? epochToMillis(Number(value)) : Date.parse(value);
  } else if (typeof value === 'number' && Number.isFinite(value)) {
    millis = epochToMillis(value);
  } else {
    return undefined;
  }
  if (!Number.isFinite(millis)) return undefined;
  const date = new Date(millis);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** Epoch numbers below 1e11 are seconds (Slack `ts`, Unix time); larger ones are milliseconds. */
function epochToMillis(n: number): number {
  return n < 1e11 ? n * 1000 : n;
}

/** OTLP `timeUnixNano` (a decimal string or number of nanoseconds) to ISO-8601 UTC. */
export function nanosToIso(value: unknown): string | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const text = String(value);
  // Points of one export share a handful of times (start and end): convert each distinct one once.
  const known = recentNanos.get(text);
  if (known !== undefined || recentNanos.has(text)) return known;
  if (!/^\d{1,20}$/.test(text)) return undefined;
  const millis = Number(BigInt(text) / 1_000_000n);
  const iso = millis === 0 ? undefined : new Date(millis).toISOString();
  if (recentNanos.size >= 256) recentNanos.clear();
  recentNanos.set(text, iso);
  return iso;
}
const recentNanos = new Map<string, string | undefined>();

export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** Keeps quarantined raw records readable but bounded. */
export function clip(raw: unknown, maxChars = 10_000): unknown {
  const text = typeof raw === 'string' ? raw : JSON.stringify(raw);
  if (text === undefined) return null;
  return text.length > maxChars
    ? `${text.slice(0, maxChars)}…[truncated ${text.length - maxChars} chars]`
    : raw;
}

/**
 * A parser for sources whose object is one JSON document (a GitHub page, a Slack day, an OTLP
 * request, a k6 summary): the document is read and parsed once, and an object that is not JSON
 * becomes one bad record; `records` maps the parsed document.
 */
export function jsonDocumentParser(definition: {
  readonly name: string;
  readonly tables: readonly string[];
  readonly matches: (key: string) => boolean;
  readonly records: (document: unknown, key: string) => Iterable<ParsedRecord>;
}): SourceParser {
  return {
    name: definition.name,
    tables: definition.tables,
    matches: definition.matches,
    async *parse(source: SourceObject) {
      let document: unknown;
      try {
        document = JSON.parse(await source.text());
      } catch (error) {
        yield bad('$', '$', `not valid JSON: ${(error as Error).message}`, null);
        return;
      }
      yield* definition.records(document, source.key);
    },
  };
}
