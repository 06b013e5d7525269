/** Readers for the demo data set in a MemoryObjectStore, shared by the demo tests. */
import { gunzipSync } from 'node:zlib';
import type { MemoryObjectStore } from '../../support/memory-object-store.ts';

// biome-ignore lint/suspicious/noExplicitAny: parsed JSON whose shape the tests assert field by field.
export type Json = Record<string, any>;

export interface SegmentLine {
  readonly key: string;
  readonly line: number;
  readonly call: Json;
}

/** Every line of every readable events object (the corrupt one is skipped). */
export function segmentLines(store: MemoryObjectStore, bucket: string, corruptKey: string): SegmentLine[] {
  const out: SegmentLine[] = [];
  for (const key of store.keys(bucket, 'events/')) {
    if (key === corruptKey) continue;
    const text = gunzipSync(store.objects.get(`${bucket}/${key}`)!).toString('utf8');
    text
      .split('\n')
      .filter((l) => l !== '')
      .forEach((l, i) => {
        out.push({ key, line: i + 1, call: JSON.parse(l) });
      });
  }
  return out;
}

export const isValidTimestamp = (value: unknown): boolean =>
  typeof value === 'string' &&
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(value) &&
  !Number.isNaN(Date.parse(value)) &&
  value < '2030';

/** Parsed OTLP requests per key. */
export function otlpRequests(store: MemoryObjectStore, bucket: string): Map<string, Json> {
  const out = new Map<string, Json>();
  for (const key of store.keys(bucket, 'otlp/'))
    out.set(key, JSON.parse(gunzipSync(store.objects.get(`${bucket}/${key}`)!).toString('utf8')));
  return out;
}

export const resourceAttr = (resourceMetrics: Json, name: string): string | undefined =>
  resourceMetrics.resource.attributes.find((a: Json) => a.key === name)?.value.stringValue;

export interface HourlyPoint {
  readonly hour: number;
  readonly value: number;
  readonly version: string;
}

/** Gauge points per `cluster|component|metric`, sorted by hour (epoch ms of the hour start). */
export function gaugeSeries(requests: Map<string, Json>): Map<string, HourlyPoint[]> {
  const series = new Map<string, HourlyPoint[]>();
  for (const request of requests.values()) {
    for (const rm of request.resourceMetrics) {
      const cluster = resourceAttr(rm, 'k8s.cluster.name')!;
      const component = resourceAttr(rm, 'odigos.component')!;
      const version = resourceAttr(rm, 'odigos.version')!;
      for (const scope of rm.scopeMetrics)
        for (const metric of scope.metrics) {
          if (!metric.gauge) continue;
          const id = `${cluster}|${component}|${metric.name}`;
          let list = series.get(id);
          if (!list) {
            list = [];
            series.set(id, list);
          }
          for (const p of metric.gauge.dataPoints) {
            const ms = Number(BigInt(p.timeUnixNano) / 1_000_000n);
            list.push({
              hour: Math.floor(ms / 3_600_000) * 3_600_000,
              value: Number(p.asDouble ?? p.asInt),
              version,
            });
          }
        }
    }
  }
  for (const list of series.values()) list.sort((a, b) => a.hour - b.hour);
  return series;
}

export const median = (values: readonly number[]): number => {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** Each point divided by the median of the same hour on the previous seven days (when there are 4+). */
export function sameHourRatios(points: readonly HourlyPoint[]): { hour: number; ratio: number }[] {
  const byHour = new Map(points.map((p) => [p.hour, p.value]));
  const out: { hour: number; ratio: number }[] = [];
  for (const p of points) {
    const history: number[] = [];
    for (let d = 1; d <= 7; d++) {
      const v = byHour.get(p.hour - d * 86_400_000);
      if (v !== undefined) history.push(v);
    }
    if (history.length >= 4) out.push({ hour: p.hour, ratio: p.value / median(history) });
  }
  return out;
}

/** Value of a percentile from explicit-bucket counts (linear inside the bucket). */
export function histogramPercentile(bounds: readonly number[], counts: readonly number[], q: number): number {
  const total = counts.reduce((a, b) => a + b, 0);
  let cumulative = 0;
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i]!;
    if (c > 0 && cumulative + c >= q * total) {
      const lower = i === 0 ? 0 : bounds[i - 1]!;
      const upper = bounds[i] ?? lower;
      return lower + ((upper - lower) * (q * total - cumulative)) / c;
    }
    cumulative += c;
  }
  return bounds.at(-1)!;
}
