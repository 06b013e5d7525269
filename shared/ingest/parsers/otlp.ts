import { metricPoints, spans } from '../../catalog/tables.ts';
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

type Json = Record<string, unknown>;

/** Flattens an OTLP AnyValue to plain JSON (64-bit ints arrive as strings and become numbers when safe). */
export function anyValue(value: unknown): unknown {
  if (!isObject(value)) return null;
  if ('stringValue' in value) return value.stringValue;
  if ('boolValue' in value) return value.boolValue;
  if ('intValue' in value) return toNumber(value.intValue);
  if ('doubleValue' in value) return toNumber(value.doubleValue);
  if ('bytesValue' in value) return value.bytesValue;
  if ('arrayValue' in value) {
    const values =
      isObject(value.arrayValue) && Array.isArray(value.arrayValue.values) ? value.arrayValue.values : [];
    return values.map(anyValue);
  }
  if ('kvlistValue' in value) {
    const values =
      isObject(value.kvlistValue) && Array.isArray(value.kvlistValue.values) ? value.kvlistValue.values : [];
    return attributesToObject(values);
  }
  return null;
}

export function attributesToObject(attributes: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!Array.isArray(attributes)) return out;
  for (const attribute of attributes) {
    if (isObject(attribute) && typeof attribute.key === 'string')
      out[attribute.key] = anyValue(attribute.value);
  }
  return out;
}

function toNumber(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

const toInt = (v: unknown): number | null => {
  const n = toNumber(v);
  return n !== null && Number.isSafeInteger(n) ? n : null;
};

/** Own-property lookup, so input like `__proto__` cannot reach Object.prototype. */
const lookup = (table: Readonly<Record<string, string>>, key: string): string | null =>
  Object.hasOwn(table, key) ? table[key]! : null;

const TEMPORALITY: Record<string, string> = {
  '1': 'delta',
  '2': 'cumulative',
  AGGREGATION_TEMPORALITY_DELTA: 'delta',
  AGGREGATION_TEMPORALITY_CUMULATIVE: 'cumulative',
};

/** Exponential histogram buckets as explicit upper bounds, so one percentile routine serves both kinds. */
function exponentialToExplicit(point: Json): { bounds: number[]; counts: number[] } {
  const scale = toNumber(point.scale) ?? 0;
  const base = 2 ** (2 ** -scale);
  const positive = isObject(point.positive) ? point.positive : {};
  const offset = toNumber(positive.offset) ?? 0;
  const counts = Array.isArray(positive.bucketCounts) ? positive.bucketCounts.map((c) => toInt(c) ?? 0) : [];
  const bounds = [0, ...counts.map((_, i) => base ** (offset + i + 1))];
  return { bounds, counts: [toInt(point.zeroCount) ?? 0, ...counts, 0] };
}

function pointToRow(
  kind: string,
  metric: Json,
  point: Json,
  temporality: string | null,
  isMonotonic: boolean | null,
): Json {
  const base: Json = {
    metric_name: metric.name,
    metric_type: kind,
    unit: typeof metric.unit === 'string' && metric.unit !== '' ? metric.unit : null,
    time: nanosToIso(point.timeUnixNano) ?? null,
    start_time: nanosToIso(point.startTimeUnixNano) ?? null,
    temporality,
    is_monotonic: isMonotonic,
    attributes: JSON.stringify(attributesToObject(point.attributes)),
  };
  switch (kind) {
    case 'gauge':
    case 'sum':
      return { ...base, value: toNumber(point.asDouble ?? point.asInt) };
    case 'histogram':
      return {
        ...base,
        count: toInt(point.count),
        sum: toNumber(point.sum),
        min: toNumber(point.min),
        max: toNumber(point.max),
        bucket_bounds: Array.isArray(point.explicitBounds) ? point.explicitBounds.map(toNumber) : [],
        bucket_counts: Array.isArray(point.bucketCounts) ? point.bucketCounts.map(toInt) : [],
      };
    case 'exponential_histogram': {
      const { bounds, counts } = exponentialToExplicit(point);
      return {
        ...base,
        count: toInt(point.count),
        sum: toNumber(point.sum),
        min: toNumber(point.min),
        max: toNumber(point.max),
        bucket_bounds: bounds,
        bucket_counts: counts,
      };
    }
    default: {
      const quantiles = Array.isArray(point.quantileValues) ? point.quantileValues.filter(isObject) : [];
      return {
        ...base,
        count: toInt(point.count),
        sum: toNumber(point.sum),
        quantiles: quantiles.map((q) => toNumber(q.quantile) ?? 0),
        quantile_values: quantiles.map((q) => toNumber(q.value)),
      };
    }
  }
}

const KINDS: readonly [string, string][] = [
  ['gauge', 'gauge'],
  ['sum', 'sum'],
  ['histogram', 'histogram'],
  ['exponentialHistogram', 'exponential_histogram'],
  ['summary', 'summary'],
];

/** The OTLP/JSON request kinds, by the field names of their three levels. */
export const OTLP_SIGNALS = {
  metrics: {
    resources: 'resourceMetrics',
    scopes: 'scopeMetrics',
    items: 'metrics',
    request: 'ExportMetricsServiceRequest',
  },
  traces: {
    resources: 'resourceSpans',
    scopes: 'scopeSpans',
    items: 'spans',
    request: 'ExportTraceServiceRequest',
  },
  logs: {
    resources: 'resourceLogs',
    scopes: 'scopeLogs',
    items: 'logRecords',
    request: 'ExportLogsServiceRequest',
  },
} as const;
type Signal = (typeof OTLP_SIGNALS)[keyof typeof OTLP_SIGNALS];

/** Who emitted the telemetry of one resource, as the columns the OTLP tables share. */
export interface OtlpResource {
  readonly cluster_name: unknown;
  readonly odigos_version: unknown;
  readonly service_name: string | null;
  readonly component: unknown;
  /** All resource attributes as JSON text. */
  readonly resource_attributes: string;
}

function describeResource(attributes: Record<string, unknown>): OtlpResource {
  const serviceName = typeof attributes['service.name'] === 'string' ? attributes['service.name'] : null;
  return {
    cluster_name: attributes['k8s.cluster.name'] ?? null,
    odigos_version: attributes['odigos.version'] ?? null,
    service_name: serviceName,
    component: attributes['odigos.component'] ?? serviceName?.replace(/^odigos-/, '') ?? null,
    resource_attributes: JSON.stringify(attributes),
  };
}

/**
 * Walks resources → scopes → items of an OTLP request (metrics, traces or logs) and maps each item
 * (with its JSON path and resource) with `toRecords`. A request without its resource list, and a
 * resource or an item that is not an object, become bad records.
 */
export function* otlpRecords(
  request: unknown,
  signal: Signal,
  toRecords: (item: Json, path: string, resource: OtlpResource) => Iterable<ParsedRecord>,
): Generator<ParsedRecord> {
  const list = isObject(request) ? request[signal.resources] : undefined;
  if (!Array.isArray(list)) {
    yield bad(
      '$',
      signal.resources,
      `not an OTLP ${signal.request} (no ${signal.resources} array)`,
      clip(request),
    );
    return;
  }
  for (const [r, entry] of list.entries()) {
    const rPath = `${signal.resources}[${r}]`;
    if (!isObject(entry)) {
      yield bad(rPath, rPath, 'expected an object', clip(entry));
      continue;
    }
    const resource = describeResource(
      attributesToObject(isObject(entry.resource) ? entry.resource.attributes : undefined),
    );
    const scopes = Array.isArray(entry[signal.scopes]) ? (entry[signal.scopes] as unknown[]) : [];
    for (const [s, scope] of scopes.entries()) {
      const items =
        isObject(scope) && Array.isArray(scope[signal.items]) ? (scope[signal.items] as unknown[]) : [];
      for (const [i, item] of items.entries()) {
        const path = `${rPath}.${signal.scopes}[${s}].${signal.items}[${i}]`;
        if (isObject(item)) yield* toRecords(item, path, resource);
        else yield bad(path, path, 'expected an object', clip(item));
      }
    }
  }
}

/** Expands one OTLP/JSON ExportMetricsServiceRequest into data-point records. */
export function metricsRequestToRecords(request: unknown, sourceKey: string): Generator<ParsedRecord> {
  return otlpRecords(request, OTLP_SIGNALS.metrics, function* (metric, mPath, resource) {
    if (typeof metric.name !== 'string' || metric.name === '') {
      yield bad(mPath, `${mPath}.name`, 'metric has no name', clip(metric));
      return;
    }
    const found = KINDS.find(([field]) => isObject(metric[field]));
    if (!found) {
      yield bad(
        mPath,
        mPath,
        'metric has none of gauge, sum, histogram, exponentialHistogram, summary',
        clip(metric),
      );
      return;
    }
    const [field, kind] = found;
    const body = metric[field] as Json;
    const temporality = lookup(TEMPORALITY, String(body.aggregationTemporality));
    const isMonotonic =
      typeof body.isMonotonic === 'boolean' ? body.isMonotonic : kind === 'sum' ? false : null;
    const points = Array.isArray(body.dataPoints) ? body.dataPoints : [];
    for (const [p, point] of points.entries()) {
      const position = `${mPath}.${field}.dataPoints[${p}]`;
      if (!isObject(point)) {
        yield bad(position, position, 'expected an object', clip(point));
        continue;
      }
      const row: Json = {
        ...resource,
        source_key: sourceKey,
        ...pointToRow(kind, metric, point, temporality, isMonotonic),
      };
      if (row.time === null) {
        yield bad(
          position,
          'timeUnixNano',
          `not a nanosecond timestamp: ${JSON.stringify(point.timeUnixNano)}`,
          clip(point),
        );
        continue;
      }
      if (kind === 'histogram' || kind === 'exponential_histogram') {
        const bounds = row.bucket_bounds as unknown[];
        const counts = row.bucket_counts as unknown[];
        if (counts.length !== 0 && counts.length !== bounds.length + 1) {
          yield bad(
            position,
            'bucketCounts',
            `${counts.length} bucket counts for ${bounds.length} bounds (expected bounds + 1)`,
            clip(point),
          );
          continue;
        }
      }
      yield { kind: 'row', table: metricPoints.name, row, position };
    }
  });
}

/** Claims the awss3exporter objects of one signal under `otlp/`: `…/<signal>_<id>.json[.gz|.zst]`. */
export const awss3ObjectOf = (signal: keyof typeof OTLP_SIGNALS) => {
  const name = new RegExp(`(^|/)${signal}_[^/]*$`);
  return (key: string) => key.startsWith('otlp/') && name.test(key);
};

/** OpenTelemetry Collector awss3exporter objects under `otlp/`: OTLP/JSON, one request per object. */
export const otlpParser: SourceParser = jsonDocumentParser({
  name: 'otlp',
  tables: [metricPoints.name],
  matches: awss3ObjectOf('metrics'),
  records: metricsRequestToRecords,
});

const SPAN_KINDS: Record<string, string> = {
  '0': 'unspecified',
  '1': 'internal',
  '2': 'server',
  '3': 'client',
  '4': 'producer',
  '5': 'consumer',
  SPAN_KIND_UNSPECIFIED: 'unspecified',
  SPAN_KIND_INTERNAL: 'internal',
  SPAN_KIND_SERVER: 'server',
  SPAN_KIND_CLIENT: 'client',
  SPAN_KIND_PRODUCER: 'producer',
  SPAN_KIND_CONSUMER: 'consumer',
};
const STATUS_CODES: Record<string, string> = {
  '0': 'unset',
  '1': 'ok',
  '2': 'error',
  STATUS_CODE_UNSET: 'unset',
  STATUS_CODE_OK: 'ok',
  STATUS_CODE_ERROR: 'error',
};

/** Nanosecond difference of two OTLP timestamps, in milliseconds, without losing precision to doubles. */
function durationMs(start: unknown, end: unknown): number | null {
  if (
    (typeof start !== 'string' && typeof start !== 'number') ||
    (typeof end !== 'string' && typeof end !== 'number')
  )
    return null;
  if (!/^\d{1,20}$/.test(String(start)) || !/^\d{1,20}$/.test(String(end))) return null;
  const nanos = BigInt(String(end)) - BigInt(String(start));
  return nanos < 0n ? null : Number(nanos) / 1e6;
}

/** Expands one OTLP/JSON ExportTraceServiceRequest into span records. */
export function tracesRequestToRecords(request: unknown, sourceKey: string): Generator<ParsedRecord> {
  return otlpRecords(request, OTLP_SIGNALS.traces, function* (span, position, resource) {
    const duration = durationMs(span.startTimeUnixNano, span.endTimeUnixNano);
    if (duration === null) {
      yield bad(
        position,
        'endTimeUnixNano',
        'start/end are not nanosecond timestamps, or the span ends before it starts',
        clip(span),
      );
      return;
    }
    const status = isObject(span.status) ? String(span.status.code ?? '0') : '0';
    yield {
      kind: 'row',
      table: spans.name,
      position,
      row: {
        trace_id: str(span.traceId),
        span_id: str(span.spanId),
        parent_span_id: str(span.parentSpanId),
        cluster_name: resource.cluster_name,
        odigos_version: resource.odigos_version,
        service_name: resource.service_name,
        name: typeof span.name === 'string' ? span.name : null,
        kind: lookup(SPAN_KINDS, String(span.kind ?? '0')),
        start_time: nanosToIso(span.startTimeUnixNano) ?? null,
        end_time: nanosToIso(span.endTimeUnixNano) ?? null,
        duration_ms: duration,
        status_code: lookup(STATUS_CODES, status),
        attributes: JSON.stringify(attributesToObject(span.attributes)),
        resource_attributes: resource.resource_attributes,
        source_key: sourceKey,
      },
    };
  });
}

/** awss3exporter trace objects under `otlp/`: OTLP/JSON, one ExportTraceServiceRequest per object. */
export const otlpTracesParser: SourceParser = jsonDocumentParser({
  name: 'otlp-traces',
  tables: [spans.name],
  matches: awss3ObjectOf('traces'),
  records: tracesRequestToRecords,
});
