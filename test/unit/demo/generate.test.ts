import { gunzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { type DemoSummary, writeDemoData } from '../../../shared/demo/generate.ts';
import { MemoryObjectStore } from '../../support/memory-object-store.ts';

const OPTIONS = { seed: 11, endDate: '2026-11-15', days: 60, users: 200 };

describe('Function: writeDemoData', () => {
  let store: MemoryObjectStore;
  let summary: DemoSummary;
  const text = (key: string) =>
    new TextDecoder('utf-8', { ignoreBOM: true }).decode(store.objects.get(`raw/${key}`)!);
  const keys = (prefix: string) =>
    [...store.objects.keys()].filter((k) => k.startsWith(`raw/${prefix}`)).map((k) => k.slice(4));

  beforeAll(async () => {
    store = new MemoryObjectStore();
    summary = await writeDemoData(store, 'raw', OPTIONS);
  });

  it('is deterministic: the same seed gives identical objects, another seed different ones', async () => {
    const again = new MemoryObjectStore();
    await writeDemoData(again, 'raw', OPTIONS);
    const other = new MemoryObjectStore();
    await writeDemoData(other, 'raw', { ...OPTIONS, seed: 12 });

    expect([...again.objects.keys()]).toEqual([...store.objects.keys()]);
    for (const [key, bytes] of store.objects)
      expect(Buffer.compare(Buffer.from(again.objects.get(key)!), Buffer.from(bytes)), key).toBe(0);
    const firstEvents = keys('events/')[0]!;
    expect(
      Buffer.compare(
        Buffer.from(other.objects.get(`raw/${firstEvents}`) ?? []),
        Buffer.from(store.objects.get(`raw/${firstEvents}`)!),
      ),
    ).not.toBe(0);
  });

  it('describes a world of at least 5 clusters, 3 dated releases, 200 users and 60 days', () => {
    const truth = summary.groundTruth;
    expect(truth.clusters.length).toBeGreaterThanOrEqual(5);
    expect(truth.releases.length).toBeGreaterThanOrEqual(3);
    for (const r of truth.releases) expect(Number.isNaN(Date.parse(r.publishedAt))).toBe(false);
    expect(truth.clickstream.users).toBeGreaterThanOrEqual(200);
    expect(truth.window).toEqual({ start: '2026-09-17', end: '2026-11-15' });
    expect(summary.keysByPrefix).toMatchObject({
      events: expect.any(Number),
      otlp: 6 * 60,
      feedback: expect.any(Number),
      surveys: expect.any(Number),
      releases: 1,
    });
  });

  it('writes Segment calls as gzipped NDJSON in the Segment S3 layout', () => {
    const key = keys('events/').find((k) => !k.includes('corrupt'))!;
    expect(key).toMatch(/^events\/segment-logs\/[^/]+\/\d{13}\/\d{13}\.inst-[^/]+\.gz$/);
    const calls = gunzipSync(store.objects.get(`raw/${key}`)!)
      .toString()
      .split('\n')
      .map((l) => JSON.parse(l));
    const track = calls.find((c) => c.type === 'track')!;
    expect(track).toMatchObject({
      messageId: expect.any(String),
      userId: expect.any(String),
      anonymousId: expect.any(String),
      event: expect.any(String),
      properties: { feature: expect.any(String) },
      context: {
        odigos: {
          installation_id: expect.any(String),
          cluster_name: expect.any(String),
          version: expect.stringMatching(/^v1\.0\.\d+$/),
        },
      },
    });
    const click = calls.find((c) => c.event === 'Element Clicked');
    expect(click?.properties).toMatchObject({
      x: expect.any(Number),
      y: expect.any(Number),
      viewportWidth: 1920,
      element: expect.any(String),
    });
  });

  it('writes OTLP/JSON in the awss3exporter layout with gauges, cumulative sums and histograms', () => {
    const key = keys('otlp/')[0]!;
    expect(key).toMatch(
      /^otlp\/year=\d{4}\/month=\d{2}\/day=\d{2}\/hour=00\/minute=00\/metrics_inst-[^/]+\.json\.gz$/,
    );
    const request = JSON.parse(gunzipSync(store.objects.get(`raw/${key}`)!).toString());
    const metrics = request.resourceMetrics.flatMap(
      (r: { scopeMetrics: { metrics: unknown[] }[] }) => r.scopeMetrics[0]!.metrics,
    );
    const histogram = metrics.find((m: { histogram?: unknown }) => m.histogram);
    expect(histogram.histogram.dataPoints[0].bucketCounts.length).toBe(
      histogram.histogram.dataPoints[0].explicitBounds.length + 1,
    );
    expect(
      metrics.find((m: { sum?: { aggregationTemporality: number } }) => m.sum)?.sum.aggregationTemporality,
    ).toBe(2);
    expect(
      typeof metrics.find((m: { name: string }) => m.name === 'process.memory.usage').gauge.dataPoints[0]
        .asInt,
    ).toBe('string');
  });

  it('puts the injected anomaly in the data: gateway memory at about 3× inside its window only', () => {
    const a = summary.groundTruth.injectedAnomaly;
    const day = a.start.slice(0, 10).split('-');
    const cluster = summary.groundTruth.clusters.find((c) => c.name === a.cluster)!;
    const request = JSON.parse(
      gunzipSync(
        store.objects.get(
          `raw/otlp/year=${day[0]}/month=${day[1]}/day=${day[2]}/hour=00/minute=00/metrics_${cluster.installationId}.json.gz`,
        )!,
      ).toString(),
    );
    const points = request.resourceMetrics
      .filter((r: { resource: { attributes: { key: string; value: { stringValue?: string } }[] } }) =>
        r.resource.attributes.some((x) => x.key === 'odigos.component' && x.value.stringValue === 'gateway'),
      )
      .flatMap(
        (r: {
          scopeMetrics: {
            metrics: { name: string; gauge?: { dataPoints: { timeUnixNano: string; asInt: string }[] } }[];
          }[];
        }) =>
          r.scopeMetrics[0]!.metrics.filter((m) => m.name === a.metric).flatMap((m) => m.gauge!.dataPoints),
      );
    const hour = (p: { timeUnixNano: string }) =>
      new Date(Number(BigInt(p.timeUnixNano) / 1_000_000n)).getUTCHours();
    const inside = points
      .filter((p: { timeUnixNano: string }) => hour(p) >= 2 && hour(p) <= 9)
      .map((p: { asInt: string }) => Number(p.asInt));
    const outside = points
      .filter((p: { timeUnixNano: string }) => hour(p) >= 14)
      .map((p: { asInt: string }) => Number(p.asInt));
    expect(Math.min(...inside) / Math.max(...outside)).toBeGreaterThan(2.2);
  });

  it('writes GitHub API JSON, a Slack export and survey CSV with a BOM and multi-line comments', () => {
    const issues = JSON.parse(text('feedback/github/issues/page-1.json'));
    expect(issues[0]).toMatchObject({
      id: expect.any(Number),
      number: expect.any(Number),
      title: expect.any(String),
      user: { login: expect.any(String), type: expect.any(String) },
      labels: expect.any(Array),
      reactions: { total_count: expect.any(Number), '+1': expect.any(Number) },
    });
    const comments = JSON.parse(text('feedback/github/issue-comments/page-1.json'));
    expect(comments[0].issue_url).toMatch(
      /^https:\/\/api\.github\.com\/repos\/odigos-io\/odigos\/issues\/\d+$/,
    );
    expect(
      keys('feedback/slack/').some((k) =>
        /^feedback\/slack\/(help|general)\/\d{4}-\d{2}-\d{2}\.json$/.test(k),
      ),
    ).toBe(true);
    const [firstSurvey] = keys('surveys/');
    const csv = text(firstSurvey!);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const rows = parse(csv, { bom: true, columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual(['respondent', 'score', 'comment', 'version', 'timestamp']);
    const allComments = keys('surveys/').flatMap((k) =>
      (parse(text(k), { bom: true, columns: true }) as Record<string, string>[]).map((r) => r.comment),
    );
    expect(allComments.some((c) => c?.includes('\n'))).toBe(true);
  });

  it('records ground truth consistent with the data: the under-used feature has the fewest adopters', () => {
    const adopters = summary.groundTruth.clickstream.adoptersByFeature;
    const [underused] = summary.groundTruth.underusedFeatures;
    const fewest = Object.entries(adopters).sort((a, b) => a[1] - b[1])[0]![0];
    expect(fewest).toBe(underused);
    expect(summary.groundTruth.clickstream.droppedOff.length).toBeGreaterThan(10);
    expect(summary.groundTruth.featureRequestRanking[0]).toMatchObject({ id: 'php-support' });
    expect(summary.groundTruth.satisfaction.meanNpsScoreAfter).toBeGreaterThan(
      summary.groundTruth.satisfaction.meanNpsScoreBefore,
    );
  });
});
