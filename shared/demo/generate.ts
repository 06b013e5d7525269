import { gzipSync } from 'node:zlib';
import { stringify } from 'csv-stringify/sync';
import type { Progress } from '../ports/logger.ts';
import { noProgress } from '../ports/logger.ts';
import type { ObjectStore } from '../ports/object-store.ts';
import { type ClickstreamTruth, generateClickstream } from './clickstream.ts';
import { type FeedbackTruthItem, generateGitHub, generateSlack, generateSurveys } from './feedback.ts';
import { generateClusterMetrics, type InjectedAnomaly, otlpKey, type ReleaseEffect } from './otlp.ts';
import { Random } from './random.ts';
import { buildWorld, DAY_MS, HOUR_MS } from './world.ts';

export interface DemoOptions {
  readonly seed: number;
  /** Last day with data (YYYY-MM-DD, UTC). */
  readonly endDate: string;
  readonly days: number;
  readonly users: number;
}

export const DEFAULT_DEMO_OPTIONS: DemoOptions = { seed: 42, endDate: '2026-11-15', days: 60, users: 240 };

/** What the demo data was built to contain, so analyses can be checked against it. */
export interface GroundTruth {
  readonly options: DemoOptions;
  readonly window: { readonly start: string; readonly end: string };
  readonly clusters: readonly {
    name: string;
    installationId: string;
    nodes: number;
    upgrades: Record<string, string>;
  }[];
  readonly releases: readonly { tag: string; publishedAt: string }[];
  readonly underusedFeatures: readonly string[];
  readonly clickstream: ClickstreamTruth;
  readonly dropOffRule: string;
  readonly releaseEffects: readonly ReleaseEffect[];
  readonly controlCluster: { readonly cluster: string; readonly neverUpgradedTo: string };
  readonly outlierCluster: {
    readonly cluster: string;
    readonly component: string;
    readonly metric: string;
    readonly factor: number;
  };
  readonly injectedAnomaly: InjectedAnomaly;
  readonly featureRequestRanking: readonly { id: string; theme: string; distinctRequesters: number }[];
  readonly themes: readonly string[];
  readonly feedbackItems: readonly FeedbackTruthItem[];
  readonly satisfaction: {
    meanNpsScoreBefore: number;
    meanNpsScoreAfter: number;
    responsesBefore: number;
    responsesAfter: number;
    changedAt: string;
  };
  readonly corruptObjectKey: string;
}

export interface DemoSummary {
  readonly files: number;
  readonly bytes: number;
  readonly keysByPrefix: Record<string, number>;
  readonly groundTruth: GroundTruth;
}

const ndjsonGzip = (records: readonly unknown[]) =>
  gzipSync(records.map((r) => JSON.stringify(r)).join('\n'));
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Writes the demo data set to `bucket` in the formats real tools produce, and returns what it
 * contains. The same options give byte-identical objects on every machine.
 *
 * @example
 *   const { groundTruth } = await writeDemoData(store, 'raw', DEFAULT_DEMO_OPTIONS);
 */
export async function writeDemoData(
  store: ObjectStore,
  bucket: string,
  options: DemoOptions,
  progress: Progress = noProgress,
): Promise<DemoSummary> {
  const random = new Random(options.seed);
  const world = buildWorld(random.fork('world'), options.endDate, options.days);
  const anomalyDay = world.endMs - 6 * DAY_MS;
  const anomaly: InjectedAnomaly = {
    cluster: 'prod-us-east-1',
    component: 'gateway',
    metric: 'process.memory.usage',
    start: iso(anomalyDay + 2 * HOUR_MS),
    end: iso(anomalyDay + 9 * HOUR_MS),
    hours: 8,
    factor: 3,
  };

  const writes: [string, Uint8Array | string][] = [];
  const clickstream = generateClickstream(random.fork('clickstream'), world, options.users);
  for (const [key, calls] of [...clickstream.objects].sort(([a], [b]) => a.localeCompare(b)))
    writes.push([key, ndjsonGzip(calls)]);
  const corrupt = ndjsonGzip(clickstream.corruptCalls);
  writes.push([clickstream.corruptKey, corrupt.subarray(0, Math.floor(corrupt.length * 0.6))]);

  for (const cluster of world.clusters) {
    for (const [dayMs, request] of generateClusterMetrics(random, world, cluster, anomaly)) {
      writes.push([otlpKey(dayMs, cluster), gzipSync(JSON.stringify(request))]);
    }
  }

  const github = generateGitHub(random, world);
  const pageSize = 100;
  for (let i = 0; i * pageSize < github.issues.length; i++)
    writes.push([
      `feedback/github/issues/page-${i + 1}.json`,
      JSON.stringify(github.issues.slice(i * pageSize, (i + 1) * pageSize), null, 2),
    ]);
  for (let i = 0; i * pageSize < github.comments.length; i++)
    writes.push([
      `feedback/github/issue-comments/page-${i + 1}.json`,
      JSON.stringify(github.comments.slice(i * pageSize, (i + 1) * pageSize), null, 2),
    ]);

  const slack = generateSlack(random, world);
  for (const [key, messages] of [...slack.files].sort(([a], [b]) => a.localeCompare(b)))
    writes.push([key, JSON.stringify(messages, null, 2)]);
  for (const [key, value] of Object.entries(slack.meta)) writes.push([key, JSON.stringify(value, null, 2)]);

  const cpuRelease = world.releases.find((r) => r.tag === world.cpuRelease)!;
  const surveys = generateSurveys(random, world, Date.parse(cpuRelease.publishedAt));
  [...surveys.byMonth]
    .sort(([a], [b]) => a.localeCompare(b))
    .forEach(([month, rows], i) => {
      const csv = stringify(rows, {
        header: true,
        columns: ['respondent', 'score', 'comment', 'version', 'timestamp'],
      });
      // Exports from spreadsheet tools often start with a byte-order mark; the first file has one.
      writes.push([`surveys/nps-${month}.csv`, i === 0 ? `\uFEFF${csv}` : csv]);
    });

  writes.push([
    'releases/releases.json',
    JSON.stringify(
      [...world.releases].reverse().map((release, i) => ({
        url: `https://api.github.com/repos/odigos-io/odigos/releases/${180_000_000 + i}`,
        html_url: `https://github.com/odigos-io/odigos/releases/tag/${release.tag}`,
        id: 180_000_000 + i,
        tag_name: release.tag,
        name: `Odigos ${release.tag}`,
        body: `## What's Changed\n${release.notes}`,
        draft: false,
        prerelease: false,
        created_at: release.publishedAt,
        published_at: release.publishedAt,
        author: { login: 'odigos-release-bot', type: 'Bot' },
      })),
      null,
      2,
    ),
  ]);

  progress.start('Writing demo files', writes.length);
  let bytes = 0;
  const keysByPrefix: Record<string, number> = {};
  for (const [key, body] of writes) {
    await store.put(bucket, key, body);
    bytes += typeof body === 'string' ? Buffer.byteLength(body) : body.length;
    const prefix = key.split('/')[0]!;
    keysByPrefix[prefix] = (keysByPrefix[prefix] ?? 0) + 1;
    progress.tick();
  }

  const day = (ms: number) => iso(ms).slice(0, 10);
  const groundTruth: GroundTruth = {
    options,
    window: { start: day(world.startMs), end: day(world.endMs - DAY_MS) },
    clusters: world.clusters.map((c) => ({
      name: c.name,
      installationId: c.installationId,
      nodes: c.nodes,
      upgrades: Object.fromEntries(Object.entries(c.upgrades).map(([tag, ms]) => [tag, iso(ms)])),
    })),
    releases: world.releases.map((r) => ({ tag: r.tag, publishedAt: r.publishedAt })),
    underusedFeatures: ['sampling_rules'],
    clickstream: clickstream.truth,
    dropOffRule:
      'Users whose destination connection test keeps failing during onboarding (22% of new users) stop within 0-3 days (85% of them); ' +
      'another 8% of users churn 5-25 days after they first appear.',
    releaseEffects: [
      {
        version: world.cpuRelease,
        component: 'odiglet',
        metric: 'process.cpu.utilization',
        changePct: -25,
        description: 'eBPF map batching cuts odiglet CPU per node.',
      },
      {
        version: world.latencyRelease,
        component: 'gateway',
        metric: 'odigos.pipeline.latency',
        changePct: 35,
        description:
          'Span-metrics connector on by default: gateway latency up ~35% (p50 and p95), gateway CPU +15%.',
      },
      {
        version: world.latencyRelease,
        component: 'gateway',
        metric: 'process.cpu.utilization',
        changePct: 15,
        description: 'Same change, CPU side.',
      },
    ],
    controlCluster: { cluster: world.laggingCluster, neverUpgradedTo: world.latencyRelease },
    outlierCluster: {
      cluster: world.outlierCluster,
      component: 'odiglet',
      metric: 'process.cpu.utilization',
      factor: 1.8,
    },
    injectedAnomaly: anomaly,
    featureRequestRanking: github.ranking,
    themes: [
      'installation_upgrades',
      'language_support',
      'destinations',
      'collector_resources',
      'ui',
      'sampling',
      'ebpf_kernel',
    ],
    feedbackItems: [...github.truth, ...slack.truth],
    satisfaction: { ...surveys.truth, changedAt: cpuRelease.publishedAt },
    corruptObjectKey: clickstream.corruptKey,
  };
  progress.done(`${writes.length} files, ${(bytes / 1e6).toFixed(1)} MB`);
  return { files: writes.length, bytes, keysByPrefix, groundTruth };
}
