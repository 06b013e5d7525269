import { addDays } from '../analytics/dates.ts';
import type { Random } from './random.ts';

export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;

export interface DemoCluster {
  readonly name: string;
  readonly installationId: string;
  readonly nodes: number;
  /** Hour offset of the team's working day relative to UTC (when UI sessions happen). */
  readonly utcOffset: number;
  /** Upgrade instant (ms) per release tag; a release missing here was never installed. */
  readonly upgrades: Readonly<Record<string, number>>;
}

export interface DemoRelease {
  readonly tag: string;
  readonly publishedAt: string;
  readonly notes: string;
}

export interface DemoWorld {
  readonly startMs: number;
  readonly endMs: number;
  readonly days: number;
  readonly clusters: readonly DemoCluster[];
  readonly releases: readonly DemoRelease[];
  /** The release whose upgrade cuts odiglet CPU, and the one that slows the gateway. */
  readonly cpuRelease: string;
  readonly latencyRelease: string;
  /** The cluster whose odiglet uses far more CPU per node than its peers. */
  readonly outlierCluster: string;
  /** The cluster that never upgrades to the newest release (a control group for release analysis). */
  readonly laggingCluster: string;
}

const CLUSTERS: readonly [string, number, number][] = [
  ['prod-eu-west-1', 40, 1],
  ['prod-us-east-1', 60, -5],
  ['staging-us-east-1', 12, -5],
  ['dev-eu-central-1', 6, 1],
  ['prod-ap-south-1', 25, 5],
  ['edge-us-west-2', 8, -8],
];

/** The fixed shape of the demo world for a window ending on `endDate`. */
export function buildWorld(random: Random, endDate: string, days: number): DemoWorld {
  const endMs = Date.parse(`${endDate}T00:00:00Z`) + DAY_MS; // exclusive
  const startMs = endMs - days * DAY_MS;
  const startDate = addDays(endDate, -(days - 1));
  const at = (offsetDays: number) => `${addDays(startDate, offsetDays)}T16:00:00Z`;
  const releases: DemoRelease[] = [
    {
      tag: 'v1.0.170',
      publishedAt: at(-40),
      notes: 'Go instrumentation for gRPC servers; UI source filters.',
    },
    {
      tag: 'v1.0.180',
      publishedAt: at(Math.round(days * 0.13)),
      notes: 'New destinations: ClickHouse (beta), Grafana Cloud Tempo. Fixes in the instrumentor webhook.',
    },
    {
      tag: 'v1.0.190',
      publishedAt: at(Math.round(days * 0.42)),
      notes: 'odiglet: eBPF map batching cuts CPU use per node by about a quarter. Sampling rules page.',
    },
    {
      tag: 'v1.0.200',
      publishedAt: at(Math.round(days * 0.7)),
      notes:
        'Gateway: new span-metrics connector enabled by default (adds processing work). Service map improvements.',
    },
  ];
  const laggingCluster = 'edge-us-west-2';
  const clusters = CLUSTERS.map(([name, nodes, utcOffset], index): DemoCluster => {
    const r = random.fork(name);
    const upgrades: Record<string, number> = {};
    for (const release of releases) {
      if (release.tag === 'v1.0.200' && name === laggingCluster) continue;
      // Staging and dev upgrade within a day or two; production waits up to ten days.
      const lagDays = name.startsWith('prod') ? r.int(3, 10) : r.int(0, 2);
      upgrades[release.tag] = Date.parse(release.publishedAt) + lagDays * DAY_MS + r.int(1, 20) * HOUR_MS;
    }
    return {
      name,
      installationId: `inst-${(index + 1).toString().padStart(2, '0')}-${name.split('-')[0]}`,
      nodes,
      utcOffset,
      upgrades,
    };
  });
  return {
    startMs,
    endMs,
    days,
    clusters,
    releases,
    cpuRelease: 'v1.0.190',
    latencyRelease: 'v1.0.200',
    outlierCluster: 'prod-ap-south-1',
    laggingCluster,
  };
}

/** The Odigos version a cluster runs at an instant. */
export function versionAt(cluster: DemoCluster, releases: readonly DemoRelease[], timeMs: number): string {
  let version = releases[0]!.tag;
  for (const release of releases) {
    const upgraded = cluster.upgrades[release.tag];
    if (upgraded !== undefined && upgraded <= timeMs) version = release.tag;
  }
  return version;
}

/** Ordering of versions: index in the release list. */
export const versionIndex = (releases: readonly DemoRelease[], tag: string) =>
  releases.findIndex((r) => r.tag === tag);
