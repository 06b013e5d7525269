import type { Random } from './random.ts';
import { atLeast, DAY_MS, type DemoCluster, type DemoWorld, HOUR_MS, versionAt } from './world.ts';

export const COMPONENTS = [
  'odiglet',
  'instrumentor',
  'scheduler',
  'autoscaler',
  'gateway',
  'data-collection',
] as const;
export type Component = (typeof COMPONENTS)[number];
const COLLECTORS: ReadonlySet<Component> = new Set(['gateway', 'data-collection']);
const DAEMONSETS: ReadonlySet<Component> = new Set(['odiglet', 'data-collection']);

export const LATENCY_BOUNDS = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500];
const LATENCY_SIGMA = 0.75;
const MIB = 1_048_576;

export interface ReleaseEffect {
  readonly version: string;
  readonly component: string;
  readonly metric: string;
  /** The statistic that moves: the mean of a gauge, or a histogram percentile. */
  readonly statistic: 'mean' | 'p50' | 'p95';
  /** Change from the hour a cluster upgrades, in percent of the value before. */
  readonly changePct: number;
  readonly description: string;
}

export interface OutlierCluster {
  readonly cluster: string;
  readonly component: string;
  readonly metric: string;
  /** CPU per node relative to the other clusters. */
  readonly factor: number;
  readonly description: string;
}

/** The performance story the metrics carry; the ground truth records it. */
export function releaseEffects(world: DemoWorld): ReleaseEffect[] {
  return [
    {
      version: world.cpuRelease,
      component: 'odiglet',
      metric: 'process.cpu.utilization',
      statistic: 'mean',
      changePct: -25,
      description: 'eBPF map batching in odiglet: about a quarter less CPU from the hour a cluster upgrades.',
    },
    {
      version: world.latencyRelease,
      component: 'gateway',
      metric: 'odigos.pipeline.latency',
      statistic: 'p95',
      changePct: 30,
      description:
        'Span-metrics connector on by default: gateway pipeline latency up 30% (every percentile).',
    },
    {
      version: world.latencyRelease,
      component: 'gateway',
      metric: 'process.cpu.utilization',
      statistic: 'mean',
      changePct: 12,
      description: 'The same connector costs the gateway about 12% more CPU.',
    },
  ];
}

export function outlierCluster(world: DemoWorld): OutlierCluster {
  return {
    cluster: world.outlierCluster,
    component: 'odiglet',
    metric: 'process.cpu.utilization',
    factor: 1.8,
    description:
      'Nodes run many short-lived processes (batch jobs), so odiglet attaches probes far more often: ~1.8x CPU per node.',
  };
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

/** Bucket counts of `n` log-normal observations with the given median, split at LATENCY_BOUNDS. */
function lognormalBuckets(n: number, median: number, sigma: number): number[] {
  const counts: number[] = [];
  let previous = 0;
  let assigned = 0;
  for (const bound of LATENCY_BOUNDS) {
    const c = phi(Math.log(bound / median) / sigma);
    const count = Math.round(c * n) - Math.round(previous * n);
    counts.push(count);
    assigned += count;
    previous = c;
  }
  counts.push(n - assigned);
  return counts;
}

const nanos = (ms: number) => `${ms}000000`;
const str = (key: string, value: string) => ({ key, value: { stringValue: value } });

/** Where an hour sits in the cluster team's week: a daily cycle peaking mid-afternoon, quieter weekends. */
function trafficShape(timeMs: number, utcOffset: number): number {
  const local = timeMs + utcOffset * HOUR_MS;
  const hour = (local / HOUR_MS) % 24;
  const weekday = new Date(local).getUTCDay();
  const daily = 0.62 + 0.38 * (0.5 + 0.5 * Math.cos((2 * Math.PI * (hour - 14)) / 24));
  return daily * (weekday === 0 || weekday === 6 ? 0.8 : 1);
}

interface Series {
  name: string;
  unit: string;
  description: string;
  kind: 'gauge' | 'sum' | 'histogram';
  scope: string;
  attributes: { key: string; value: { stringValue: string } }[];
  points: unknown[];
}

const PROCESS_SCOPE =
  'github.com/open-telemetry/opentelemetry-collector-contrib/receiver/hostmetricsreceiver';
const EXPORTER_SCOPE = 'go.opentelemetry.io/collector/exporter/exporterhelper';
const ODIGOS_SCOPE = 'github.com/odigos-io/odigos/collector/processors/odigosmetrics';

/** The destinations a cluster's gateway exports to (the exporter attribute of sent spans). */
function gatewayExporters(cluster: DemoCluster): string[] {
  switch (cluster.environment) {
    case 'prod':
      return cluster.name.includes('eu')
        ? ['otlp/grafana-cloud-tempo', 'otlphttp/clickhouse']
        : ['datadog/prod', 'otlp/jaeger'];
    case 'staging':
      return ['otlp/jaeger'];
    case 'dev':
      return ['otlp/jaeger'];
    default:
      return ['otlphttp/honeycomb'];
  }
}

/**
 * OTLP metrics for one cluster: one ExportMetricsServiceRequest per day holding 24 hourly points per
 * series: CPU and memory gauges per Odigos component, cumulative sent-span counters and delta
 * latency histograms for the two collectors. The release effects, the outlier cluster and the
 * injected anomaly are built in; everything else stays within a few percent of its daily shape.
 */
export function* clusterMetrics(
  random: Random,
  world: DemoWorld,
  cluster: DemoCluster,
): Generator<{ key: string; request: unknown }> {
  const r = random.fork(`otlp:${cluster.name}`);
  const anomaly = world.anomaly;
  const anomalyStart = Date.parse(anomaly.start);
  const anomalyEnd = Date.parse(anomaly.end);
  const outlier = cluster.name === world.outlierCluster ? outlierCluster(world).factor : 1;
  const exporters = gatewayExporters(cluster);
  const upgradeHours = new Set(Object.values(cluster.upgrades));
  // Collector pods restart on upgrade: counters start again and memory creep resets.
  let podStart = world.startMs - r.int(2, 9) * DAY_MS - r.int(0, 23) * HOUR_MS;
  const sent = new Map<string, number>();
  let drift = 1;

  for (let dayMs = world.startMs; dayMs < world.endMs; dayMs += DAY_MS) {
    // A slow wander of the workload from day to day (AR(1)), well inside ±10%.
    drift = 1 + 0.7 * (drift - 1) + r.normal(0, 0.015);
    const groups = new Map<string, { component: Component; version: string; series: Map<string, Series> }>();
    for (let h = 0; h < 24; h++) {
      const t = dayMs + h * HOUR_MS;
      if (upgradeHours.has(t)) {
        podStart = t;
        sent.clear();
      }
      const version = versionAt(world, cluster, t);
      const cpuCut = atLeast(world, version, world.cpuRelease);
      const slowGateway = atLeast(world, version, world.latencyRelease);
      const upgrading = upgradeHours.has(t);
      const load = trafficShape(t, cluster.utcOffset) * drift;
      const spansPerSecond = cluster.spansPerNode * cluster.nodes * load * (1 + r.normal(0, 0.03));
      const spansThisHour = Math.round(spansPerSecond * 3600);
      const ageDays = (t - podStart) / DAY_MS;
      const mid = t + 30 * 60_000;

      for (const component of COMPONENTS) {
        const groupKey = `${component}|${version}`;
        let group = groups.get(groupKey);
        if (!group) {
          group = { component, version, series: new Map() };
          groups.set(groupKey, group);
        }
        const g = group;
        const add = (
          name: string,
          kind: Series['kind'],
          unit: string,
          description: string,
          scope: string,
          point: unknown,
          attributes: Series['attributes'] = [],
        ) => {
          const id = `${name}|${attributes.map((a) => a.value.stringValue).join(',')}`;
          let series = g.series.get(id);
          if (!series) {
            series = { name, kind, unit, description, scope, attributes, points: [] };
            g.series.set(id, series);
          }
          series.points.push(point);
        };
        const noise = (sd: number) => 1 + r.normal(0, sd);
        let cpu: number;
        let memoryMiB: number;
        switch (component) {
          case 'odiglet':
            cpu =
              cluster.nodes *
              (0.006 + 0.000045 * cluster.spansPerNode * load) *
              outlier *
              (cpuCut ? 0.75 : 1);
            memoryMiB = cluster.nodes * (96 + 0.08 * cluster.spansPerNode) * (0.97 + 0.03 * load);
            break;
          case 'data-collection':
            cpu = cluster.nodes * 0.003 + spansPerSecond * 0.000022;
            memoryMiB = cluster.nodes * 72 + spansPerSecond * 0.004;
            break;
          case 'gateway':
            cpu = (0.05 + spansPerSecond * 0.00004) * (slowGateway ? 1.12 : 1);
            // Queues grow with traffic, and the heap creeps up slowly until the next restart.
            memoryMiB = (170 + spansPerSecond * 0.012) * (1 + 0.006 * Math.min(ageDays, 30));
            break;
          case 'instrumentor':
            cpu = (0.018 + 0.0002 * cluster.nodes) * (upgrading ? 1.35 : 1);
            memoryMiB = 110 + cluster.nodes * 0.9;
            break;
          case 'scheduler':
            cpu = 0.004;
            memoryMiB = 46;
            break;
          default:
            cpu = 0.007 + 0.002 * load;
            memoryMiB = 62;
        }
        let memory = memoryMiB * MIB;
        if (
          cluster.name === anomaly.cluster &&
          component === anomaly.component &&
          t >= anomalyStart &&
          t <= anomalyEnd
        )
          memory *= anomaly.factor;
        add(
          'process.cpu.utilization',
          'gauge',
          '1',
          'CPU cores used by the component (all its pods).',
          PROCESS_SCOPE,
          {
            timeUnixNano: nanos(mid),
            asDouble: Math.round(cpu * noise(0.035) * 1e5) / 1e5,
          },
        );
        add(
          'process.memory.usage',
          'gauge',
          'By',
          'Resident memory of the component (all its pods).',
          PROCESS_SCOPE,
          {
            timeUnixNano: nanos(mid),
            asInt: String(Math.round(memory * noise(0.02))),
          },
        );
        if (!COLLECTORS.has(component)) continue;

        const targets = component === 'gateway' ? exporters : ['otlp/odigos-gateway'];
        for (const exporter of targets) {
          const total = (sent.get(`${component}|${exporter}`) ?? 0) + spansThisHour;
          sent.set(`${component}|${exporter}`, total);
          add(
            'otelcol_exporter_sent_spans',
            'sum',
            '{spans}',
            'Number of spans successfully sent to destination.',
            EXPORTER_SCOPE,
            {
              startTimeUnixNano: nanos(podStart),
              timeUnixNano: nanos(t + HOUR_MS - 1000),
              asInt: String(total),
            },
            [str('exporter', exporter)],
          );
        }
        const median =
          component === 'gateway'
            ? // Close to 12 ms whatever the load, where bucket interpolation reads a 30% shift as ~30%.
              12 * (0.97 + 0.05 * load) * (slowGateway ? 1.3 : 1)
            : 3.5 * (0.9 + 0.15 * load);
        const m = median * noise(0.03);
        const counts = lognormalBuckets(spansThisHour, m, LATENCY_SIGMA);
        add(
          'odigos.pipeline.latency',
          'histogram',
          'ms',
          'Time from span receipt to export by the collector pipeline.',
          ODIGOS_SCOPE,
          {
            startTimeUnixNano: nanos(t),
            timeUnixNano: nanos(t + HOUR_MS),
            count: String(spansThisHour),
            sum: Math.round(spansThisHour * m * Math.exp((LATENCY_SIGMA * LATENCY_SIGMA) / 2) * 1000) / 1000,
            min: Math.round(m * Math.exp(-2.9 * LATENCY_SIGMA) * noise(0.05) * 1000) / 1000,
            max: Math.round(m * Math.exp(4.4 * LATENCY_SIGMA) * noise(0.1) * 1000) / 1000,
            bucketCounts: counts.map(String),
            explicitBounds: LATENCY_BOUNDS,
          },
          [str('pipeline', 'traces')],
        );
      }
    }
    yield { key: otlpKey(dayMs, cluster), request: { resourceMetrics: toResourceMetrics(cluster, groups) } };
  }
}

function toResourceMetrics(
  cluster: DemoCluster,
  groups: Map<string, { component: Component; version: string; series: Map<string, Series> }>,
) {
  return [...groups.values()].map((group) => {
    const workload = DAEMONSETS.has(group.component) ? 'k8s.daemonset.name' : 'k8s.deployment.name';
    const workloadName = group.component === 'odiglet' ? 'odiglet' : `odigos-${group.component}`;
    const byScope = Map.groupBy(group.series.values(), (s) => s.scope);
    return {
      resource: {
        attributes: [
          str('k8s.cluster.name', cluster.name),
          str('odigos.version', group.version),
          str('service.name', `odigos-${group.component}`),
          str('service.version', group.version),
          str('odigos.component', group.component),
          str('k8s.namespace.name', 'odigos-system'),
          str(workload, workloadName),
          str('cloud.provider', 'aws'),
          str('cloud.region', cluster.region),
          str('odigos.installation.id', cluster.installationId),
          { key: 'odigos.cluster.node_count', value: { intValue: String(cluster.nodes) } },
        ],
      },
      scopeMetrics: [...byScope].map(([scope, series]) => ({
        scope: { name: scope, version: scope === ODIGOS_SCOPE ? group.version : '0.136.0' },
        metrics: series.map((s) => ({
          name: s.name,
          unit: s.unit,
          description: s.description,
          ...(s.kind === 'gauge'
            ? { gauge: { dataPoints: s.points } }
            : s.kind === 'sum'
              ? {
                  sum: {
                    aggregationTemporality: 2,
                    isMonotonic: true,
                    dataPoints: s.points.map((p) => ({ attributes: s.attributes, ...(p as object) })),
                  },
                }
              : {
                  histogram: {
                    aggregationTemporality: 1,
                    dataPoints: s.points.map((p) => ({ attributes: s.attributes, ...(p as object) })),
                  },
                }),
        })),
      })),
    };
  });
}

/** The object key the awss3exporter writes for a cluster's day (one object per day in the demo). */
export function otlpKey(dayMs: number, cluster: DemoCluster): string {
  const d = new Date(dayMs);
  const p = (n: number) => n.toString().padStart(2, '0');
  return `otlp/year=${d.getUTCFullYear()}/month=${p(d.getUTCMonth() + 1)}/day=${p(d.getUTCDate())}/hour=00/minute=00/metrics_${cluster.installationId}.json.gz`;
}
