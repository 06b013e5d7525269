import type { Random } from './random.ts';
import { DAY_MS, type DemoCluster, type DemoWorld, HOUR_MS, versionAt, versionIndex } from './world.ts';

export const COMPONENTS = [
  'odiglet',
  'instrumentor',
  'scheduler',
  'autoscaler',
  'gateway',
  'data-collection',
] as const;
const COLLECTORS = new Set(['gateway', 'data-collection']);
export const LATENCY_BOUNDS = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500];
const MIB = 1_048_576;

export interface InjectedAnomaly {
  readonly cluster: string;
  readonly component: string;
  readonly metric: string;
  readonly start: string;
  readonly end: string;
  readonly hours: number;
  readonly factor: number;
}

export interface ReleaseEffect {
  readonly version: string;
  readonly component: string;
  readonly metric: string;
  readonly changePct: number;
  readonly description: string;
}

/** Standard normal CDF (Abramowitz & Stegun 7.1.26; error < 1.5e-7, plenty for bucket shares). */
function phi(x: number): number {
  const t = 1 / (1 + 0.3275911 * (Math.abs(x) / Math.SQRT2));
  const erf =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
      t *
      Math.exp(-(x * x) / 2);
  return x >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/** Bucket counts of `n` log-normal observations with the given median, split at `bounds`. */
function lognormalBuckets(n: number, median: number, sigma: number): number[] {
  const cdf = (b: number) => phi(Math.log(b / median) / sigma);
  const counts: number[] = [];
  let previous = 0;
  let assigned = 0;
  for (const bound of LATENCY_BOUNDS) {
    const c = cdf(bound);
    const count = Math.round((c - previous) * n);
    counts.push(count);
    assigned += count;
    previous = c;
  }
  counts.push(Math.max(0, n - assigned));
  return counts;
}

const nanos = (ms: number) => `${BigInt(ms) * 1_000_000n}`;
const attr = (key: string, value: string) => ({ key, value: { stringValue: value } });

/** The traffic shape every series follows: a daily cycle peaking mid-afternoon UTC, quieter weekends. */
function traffic(timeMs: number): number {
  const hour = new Date(timeMs).getUTCHours();
  const weekend = new Date(timeMs).getUTCDay() % 6 === 0;
  return (1 + 0.3 * Math.sin((2 * Math.PI * (hour - 8)) / 24)) * (weekend ? 0.75 : 1);
}

/**
 * Metric generator for one cluster: hourly gauges (CPU, memory), cumulative span counters and delta
 * latency histograms per Odigos component, with the release effects, the outlier cluster and the
 * injected anomaly built in. Returns one OTLP ExportMetricsServiceRequest per day.
 */
export function generateClusterMetrics(
  random: Random,
  world: DemoWorld,
  cluster: DemoCluster,
  anomaly: InjectedAnomaly,
): Map<number, unknown> {
  const r = random.fork(`otlp-${cluster.name}`);
  const byDay = new Map<number, unknown>();
  const spansTotal = new Map<string, number>();
  const cpuCut = versionIndex(world.releases, world.cpuRelease);
  const latencyUp = versionIndex(world.releases, world.latencyRelease);
  const anomalyStart = Date.parse(anomaly.start);
  const anomalyEnd = Date.parse(anomaly.end);
  const size = cluster.nodes;
  const outlier = cluster.name === world.outlierCluster ? 1.8 : 1;

  for (let dayMs = world.startMs; dayMs < world.endMs; dayMs += DAY_MS) {
    // One resourceMetrics per component and version, as a collector would batch them.
    const groups = new Map<
      string,
      {
        component: string;
        version: string;
        metrics: Map<
          string,
          { name: string; unit: string; description: string; kind: string; points: unknown[] }
        >;
      }
    >();
    for (let h = 0; h < 24; h++) {
      const t = dayMs + h * HOUR_MS;
      const version = versionAt(cluster, world.releases, t);
      const vIndex = versionIndex(world.releases, version);
      const load = traffic(t);
      for (const component of COMPONENTS) {
        const groupKey = `${component}|${version}`;
        let group = groups.get(groupKey);
        if (!group) {
          group = { component, version, metrics: new Map() };
          groups.set(groupKey, group);
        }
        const add = (name: string, unit: string, description: string, kind: string, point: unknown) => {
          let metric = group!.metrics.get(name);
          if (!metric) {
            metric = { name, unit, description, kind, points: [] };
            group!.metrics.set(name, metric);
          }
          metric.points.push(point);
        };
        const noise = () => 1 + r.normal(0, 0.035);
        let cpu: number;
        let memory: number;
        switch (component) {
          case 'odiglet':
            cpu = 0.012 * size * load * outlier * (vIndex >= cpuCut ? 0.75 : 1);
            memory = (60 + 4 * size) * MIB * (0.9 + 0.1 * load);
            break;
          case 'gateway':
            cpu = (0.08 + 0.006 * size * load) * (vIndex >= latencyUp ? 1.15 : 1);
            memory = (220 + 3 * size * load) * MIB;
            break;
          case 'data-collection':
            cpu = 0.006 * size * load;
            memory = (90 + 2.5 * size * load) * MIB;
            break;
          case 'instrumentor':
            cpu = 0.03 + 0.005 * load;
            memory = 85 * MIB;
            break;
          case 'scheduler':
            cpu = 0.008;
            memory = 40 * MIB;
            break;
          default:
            cpu = 0.015 + 0.003 * load;
            memory = 55 * MIB;
        }
        if (
          cluster.name === anomaly.cluster &&
          component === anomaly.component &&
          t >= anomalyStart &&
          t <= anomalyEnd
        )
          memory *= anomaly.factor;
        const common = {
          startTimeUnixNano: nanos(world.startMs),
          timeUnixNano: nanos(t + 59 * 60_000),
          attributes: [attr('k8s.namespace.name', 'odigos-system')],
        };
        add('process.cpu.utilization', '1', 'CPU cores used by the component.', 'gauge', {
          ...common,
          asDouble: Number((cpu * noise()).toFixed(5)),
        });
        add('process.memory.usage', 'By', 'Resident memory of the component.', 'gauge', {
          ...common,
          asInt: String(Math.round(memory * noise())),
        });
        if (COLLECTORS.has(component)) {
          const spans = Math.round(2_000 * size * load * noise());
          const total = (spansTotal.get(component) ?? 0) + spans;
          spansTotal.set(component, total);
          add(
            'otelcol_exporter_sent_spans',
            '{spans}',
            'Spans sent by the collector exporters (cumulative).',
            'sum',
            { ...common, asInt: String(total) },
          );
          const median =
            component === 'gateway'
              ? 12 * (vIndex >= latencyUp ? 1.35 : 1) * (0.9 + 0.1 * load)
              : 4 * (0.9 + 0.1 * load);
          const n = Math.max(50, Math.round(spans / 20));
          const counts = lognormalBuckets(n, median * noise(), 0.7);
          const observed = counts.reduce((a, b) => a + b, 0);
          add(
            'odigos.pipeline.latency',
            'ms',
            'Time from span receipt to export (delta histogram per hour).',
            'histogram',
            {
              startTimeUnixNano: nanos(t),
              timeUnixNano: nanos(t + HOUR_MS),
              attributes: common.attributes,
              count: String(observed),
              sum: Number((observed * median * Math.exp(0.245)).toFixed(3)),
              min: Number((median / 6).toFixed(3)),
              max: Number((median * 9).toFixed(3)),
              bucketCounts: counts.map(String),
              explicitBounds: LATENCY_BOUNDS,
            },
          );
        }
      }
    }
    const resourceMetrics = [...groups.values()].map((group) => ({
      resource: {
        attributes: [
          attr('k8s.cluster.name', cluster.name),
          attr('odigos.version', group.version),
          attr('service.name', `odigos-${group.component}`),
          attr('odigos.component', group.component),
          attr('k8s.namespace.name', 'odigos-system'),
          { key: 'k8s.node.count', value: { intValue: String(cluster.nodes) } },
        ],
      },
      scopeMetrics: [
        {
          scope: { name: 'github.com/odigos-io/odigos', version: group.version },
          metrics: [...group.metrics.values()].map((m) => ({
            name: m.name,
            unit: m.unit,
            description: m.description,
            ...(m.kind === 'gauge'
              ? { gauge: { dataPoints: m.points } }
              : m.kind === 'sum'
                ? { sum: { aggregationTemporality: 2, isMonotonic: true, dataPoints: m.points } }
                : { histogram: { aggregationTemporality: 1, dataPoints: m.points } }),
          })),
        },
      ],
    }));
    byDay.set(dayMs, { resourceMetrics });
  }
  return byDay;
}

/** The OTLP object key the awss3exporter would write for a cluster's day. */
export function otlpKey(dayMs: number, cluster: DemoCluster): string {
  const d = new Date(dayMs);
  const p = (n: number) => n.toString().padStart(2, '0');
  return `otlp/year=${d.getUTCFullYear()}/month=${p(d.getUTCMonth() + 1)}/day=${p(d.getUTCDate())}/hour=00/minute=00/metrics_${cluster.installationId}.json.gz`;
}
