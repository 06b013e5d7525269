import type { Random } from './random.ts';

export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;
export const MINUTE_MS = 60_000;

const dayPrefix = new Map<number, string>();
const pad2 = (n: number) => (n < 10 ? `0${n}` : `${n}`);

/**
 * `Date#toISOString()` for an epoch millisecond, without building a Date per call: the demo formats
 * several timestamps for each of ~150k calls, and the day part repeats.
 */
export function iso(ms: number): string {
  const day = Math.floor(ms / 86_400_000);
  let prefix = dayPrefix.get(day);
  if (prefix === undefined) {
    prefix = new Date(day * 86_400_000).toISOString().slice(0, 11);
    dayPrefix.set(day, prefix);
  }
  let rest = ms - day * 86_400_000;
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const m = Math.floor(rest / 60_000);
  rest -= m * 60_000;
  const sec = Math.floor(rest / 1000);
  const milli = Math.round(rest - sec * 1000);
  return `${prefix}${pad2(h)}:${pad2(m)}:${pad2(sec)}.${milli < 10 ? '00' : milli < 100 ? '0' : ''}${milli}Z`;
}
export const isoDay = (ms: number): string => iso(ms).slice(0, 10);

export interface DemoCluster {
  /** Kubernetes cluster name, e.g. prod-eu-west-1. */
  readonly name: string;
  /** The Odigos installation in that cluster (one per cluster). */
  readonly installationId: string;
  readonly environment: 'prod' | 'staging' | 'dev' | 'edge';
  readonly region: string;
  readonly nodes: number;
  /** Hours from UTC of the team that runs it: UI sessions and traffic peaks follow their day. */
  readonly utcOffset: number;
  /** Spans per second per node at the daily peak. */
  readonly spansPerNode: number;
  /** Where the team opens the UI (port-forward or an internal ingress). */
  readonly uiBaseUrl: string;
  /** Upgrade instant (ms) per release tag; a tag missing here is never installed. */
  readonly upgrades: Readonly<Record<string, number>>;
}

export interface DemoRelease {
  readonly tag: string;
  readonly publishedMs: number;
  readonly prerelease: boolean;
  /** One-line summary of what changed (the full notes are in releases.ts). */
  readonly summary: string;
}

export interface InjectedAnomaly {
  readonly cluster: string;
  readonly component: string;
  readonly metric: string;
  /** Start of the first anomalous hour (UTC). */
  readonly start: string;
  /** Start of the last anomalous hour (UTC), as an hourly detector reports it; the run ends an hour later. */
  readonly end: string;
  readonly hours: number;
  /** Multiplier applied to the normal value inside the window. */
  readonly factor: number;
}

export interface DemoWorld {
  /** First instant of the window (00:00 UTC of the first day). */
  readonly startMs: number;
  /** End of the window, exclusive (00:00 UTC after `endDate`). */
  readonly endMs: number;
  readonly days: number;
  readonly clusters: readonly DemoCluster[];
  /** Releases in publication order, pre-releases included; the first predates the window. */
  readonly releases: readonly DemoRelease[];
  /** The release whose upgrade cuts odiglet CPU (and lifts satisfaction). */
  readonly cpuRelease: string;
  /** The release whose upgrade slows the gateway. */
  readonly latencyRelease: string;
  /** The release whose first-week users had a rough start (the early churn cohort). */
  readonly regressionRelease: string;
  readonly outlierCluster: string;
  /** The cluster that never upgrades to the newest release: the control group. */
  readonly controlCluster: string;
  readonly segmentSourceId: string;
  readonly anomaly: InjectedAnomaly;
}

interface ClusterSpec {
  readonly name: string;
  readonly nodes: number;
  readonly utcOffset: number;
  readonly spansPerNode: number;
  readonly ingress: boolean;
}

const CLUSTER_SPECS: readonly ClusterSpec[] = [
  { name: 'prod-us-east-1', nodes: 60, utcOffset: -5, spansPerNode: 260, ingress: true },
  { name: 'prod-eu-west-1', nodes: 40, utcOffset: 1, spansPerNode: 240, ingress: true },
  { name: 'prod-ap-south-1', nodes: 25, utcOffset: 5.5, spansPerNode: 200, ingress: false },
  { name: 'staging-us-east-1', nodes: 12, utcOffset: -5, spansPerNode: 70, ingress: true },
  { name: 'dev-eu-central-1', nodes: 6, utcOffset: 1, spansPerNode: 35, ingress: false },
  { name: 'edge-us-west-2', nodes: 8, utcOffset: -8, spansPerNode: 90, ingress: false },
];

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Publication instant on `day` (ms at 00:00 UTC): a weekday during the maintainers' working hours. */
function publishAt(random: Random, dayMs: number): number {
  let t = dayMs;
  while (new Date(t).getUTCDay() % 6 === 0) t += DAY_MS;
  return t + random.int(7, 15) * HOUR_MS + random.int(0, 59) * MINUTE_MS + random.int(0, 59) * 1000;
}

/**
 * The fixed shape of the demo world for a window of `days` days ending on `endDate`: clusters,
 * releases and when each cluster upgrades, and where the injected anomaly sits.
 */
export function buildWorld(random: Random, endDate: string, days: number): DemoWorld {
  const endMs = Date.parse(`${endDate}T00:00:00Z`) + DAY_MS;
  const startMs = endMs - days * DAY_MS;
  const dayStart = (fraction: number) => startMs + Math.round(days * fraction) * DAY_MS;
  const rr = random.fork('releases');
  const latest = publishAt(rr, dayStart(0.68));
  const releases: DemoRelease[] = [
    {
      tag: 'v1.0.170',
      publishedMs: publishAt(rr, startMs - 38 * DAY_MS),
      prerelease: false,
      summary: 'Go gRPC server instrumentation, source filters in the UI.',
    },
    {
      tag: 'v1.0.180',
      publishedMs: publishAt(rr, dayStart(0.15)),
      prerelease: false,
      summary: 'New instrumentor webhook, Grafana Cloud and ClickHouse destinations.',
    },
    {
      tag: 'v1.0.190',
      publishedMs: publishAt(rr, dayStart(0.42)),
      prerelease: false,
      summary: 'odiglet batches eBPF map reads: about a quarter less CPU per node. Webhook fix.',
    },
    {
      tag: 'v1.0.200-rc.1',
      publishedMs: latest - 3 * DAY_MS,
      prerelease: true,
      summary: 'Release candidate of v1.0.200.',
    },
    {
      tag: 'v1.0.200',
      publishedMs: latest,
      prerelease: false,
      summary: 'Span-metrics connector on by default in the gateway, service map improvements.',
    },
  ];
  const controlCluster = 'edge-us-west-2';
  // No two clusters upgrade in the same hour: every upgrade is its own event in the data.
  const taken = new Set<number>();
  const clusters = CLUSTER_SPECS.map((spec): DemoCluster => {
    const r = random.fork(`cluster:${spec.name}`);
    const environment = spec.name.split('-')[0] as DemoCluster['environment'];
    const upgrades: Record<string, number> = {};
    for (const release of releases) {
      if (release.prerelease) continue;
      if (release.tag === 'v1.0.200' && spec.name === controlCluster) continue;
      // Staging and dev take a release within a day or two; production waits for a maintenance window.
      const maxLag = Math.max(3, Math.round(days * 0.15));
      const lagDays =
        environment === 'prod'
          ? r.int(2, maxLag)
          : environment === 'edge'
            ? r.int(3, maxLag + 2)
            : r.int(0, 2);
      const upgradeDay = Math.floor(release.publishedMs / DAY_MS) * DAY_MS + lagDays * DAY_MS;
      // Upgrades happen in the team's evening (prod) or working hours (others), on the hour's minute 0.
      const localHour = environment === 'prod' ? r.int(19, 22) : r.int(10, 16);
      let at = upgradeDay + Math.round((localHour - spec.utcOffset) * HOUR_MS);
      if (at <= release.publishedMs) at = Math.ceil((release.publishedMs + HOUR_MS) / HOUR_MS) * HOUR_MS;
      at = Math.floor(at / HOUR_MS) * HOUR_MS;
      while (taken.has(at)) at += HOUR_MS;
      taken.add(at);
      upgrades[release.tag] = at;
    }
    return {
      name: spec.name,
      installationId: r.uuid(),
      environment,
      region: spec.name.split('-').slice(1).join('-'),
      nodes: spec.nodes,
      utcOffset: spec.utcOffset,
      spansPerNode: spec.spansPerNode,
      uiBaseUrl: spec.ingress ? `https://odigos.${spec.name}.internal.example.com` : 'http://localhost:3000',
      upgrades,
    };
  });

  const ar = random.fork('anomaly');
  const anomalyDay = endMs - ar.int(4, Math.min(10, days - 8)) * DAY_MS;
  const anomalyStart = anomalyDay + ar.int(1, 13) * HOUR_MS;
  const hours = 8;
  const sr = random.fork('segment-source');
  return {
    startMs,
    endMs,
    days,
    clusters,
    releases,
    cpuRelease: 'v1.0.190',
    latencyRelease: 'v1.0.200',
    regressionRelease: 'v1.0.180',
    outlierCluster: 'prod-ap-south-1',
    controlCluster,
    segmentSourceId: Array.from({ length: 10 }, () => sr.pick([...ALNUM])).join(''),
    anomaly: {
      cluster: 'prod-us-east-1',
      component: 'gateway',
      metric: 'process.memory.usage',
      start: iso(anomalyStart),
      end: iso(anomalyStart + (hours - 1) * HOUR_MS),
      hours,
      factor: 3,
    },
  };
}

/** The Odigos version a cluster runs at an instant (the pre-window release before any upgrade). */
export function versionAt(world: DemoWorld, cluster: DemoCluster, timeMs: number): string {
  let version = world.releases[0]!.tag;
  for (const release of world.releases) {
    const upgraded = cluster.upgrades[release.tag];
    if (upgraded !== undefined && upgraded <= timeMs) version = release.tag;
  }
  return version;
}

/** Whether `version` is `tag` or newer (pre-releases are never installed, so plain order works). */
export function atLeast(world: DemoWorld, version: string, tag: string): boolean {
  const order = world.releases.map((r) => r.tag);
  return order.indexOf(version) >= order.indexOf(tag);
}

/** The release record for a tag. */
export function releaseOf(world: DemoWorld, tag: string): DemoRelease {
  const release = world.releases.find((r) => r.tag === tag);
  if (!release) throw new Error(`No demo release ${tag}`);
  return release;
}

/** Day index (0-based) of an instant inside the window. */
export const dayIndex = (world: DemoWorld, ms: number): number => Math.floor((ms - world.startMs) / DAY_MS);
