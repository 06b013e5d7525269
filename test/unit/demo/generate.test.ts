import { gunzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { type DemoOptions, type DemoSummary, writeDemoData } from '../../../shared/demo/generate.ts';
import { ConfigError } from '../../../shared/errors/index.ts';
import { MemoryObjectStore } from '../../support/memory-object-store.ts';
import {
  isValidTimestamp,
  type Json,
  otlpRequests,
  resourceAttr,
  type SegmentLine,
  segmentLines,
} from './demo-files.ts';

/** Small enough to generate in well under a second. */
const SMALL: DemoOptions = { seed: 11, endDate: '2026-11-15', days: 20, users: 60 };
const BUCKET = 'raw';

describe('Function: writeDemoData (small world)', () => {
  let store: MemoryObjectStore;
  let summary: DemoSummary;
  let lines: SegmentLine[];
  const text = (key: string) => store.text(BUCKET, key);
  const json = (key: string) => JSON.parse(text(key));

  beforeAll(async () => {
    store = new MemoryObjectStore();
    summary = await writeDemoData(store, BUCKET, SMALL);
    lines = segmentLines(store, BUCKET, summary.groundTruth.corruptObjectKey);
  });

  it('is deterministic: the same seed gives identical keys and bytes, another seed different data', async () => {
    // Prepare
    const again = new MemoryObjectStore();
    const other = new MemoryObjectStore();

    // Act
    const second = await writeDemoData(again, BUCKET, SMALL);
    await writeDemoData(other, BUCKET, { ...SMALL, seed: 12 });

    // Assess
    expect(again.keys(BUCKET)).toEqual(store.keys(BUCKET));
    for (const [key, bytes] of store.objects)
      expect(Buffer.compare(Buffer.from(again.objects.get(key)!), Buffer.from(bytes)), key).toBe(0);
    expect(JSON.stringify(second.groundTruth)).toBe(JSON.stringify(summary.groundTruth));
    const shared = store.keys(BUCKET).filter((k) => other.objects.has(`${BUCKET}/${k}`));
    const differing = shared.filter(
      (k) =>
        Buffer.compare(
          Buffer.from(other.objects.get(`${BUCKET}/${k}`)!),
          Buffer.from(store.objects.get(`${BUCKET}/${k}`)!),
        ) !== 0,
    );
    expect(differing.length).toBeGreaterThan(shared.length * 0.9);
  });

  it('reports what it wrote: file count, bytes and keys per prefix match the bucket', () => {
    const keys = store.keys(BUCKET);
    expect(summary.files).toBe(keys.length);
    expect(summary.bytes).toBe(keys.reduce((n, k) => n + store.objects.get(`${BUCKET}/${k}`)!.length, 0));
    const byPrefix = Object.groupBy(keys, (k) => k.split('/')[0]!);
    expect(summary.keysByPrefix).toEqual(
      Object.fromEntries(Object.entries(byPrefix).map(([p, ks]) => [p, ks!.length])),
    );
    expect(summary.keysByPrefix.otlp).toBe(summary.groundTruth.clusters.length * SMALL.days);
    expect(JSON.parse(JSON.stringify(summary.groundTruth))).toEqual(summary.groundTruth);
  });

  it('writes Segment calls as gzipped NDJSON in the Segment S3 layout, one object per installation per day', () => {
    const truth = summary.groundTruth;
    const installations = new Set(truth.clusters.map((c) => c.installationId));
    for (const key of store.keys(BUCKET, 'events/')) {
      if (key === truth.corruptObjectKey) continue;
      const match = /^events\/segment-logs\/([A-Za-z0-9]{10})\/(\d{13})\/(\d{13})\.([0-9a-f-]{36})\.gz$/.exec(
        key,
      );
      expect(match, key).not.toBeNull();
      expect(match![1]).toBe(truth.clickstream.segmentSourceId);
      expect(match![2]).toBe(match![3]);
      expect(Number(match![2]) % 86_400_000).toBe(0);
      expect(installations.has(match![4]!)).toBe(true);
    }
  });

  it('makes every events line a Segment call with the required fields, except exactly the recorded invalid ones', () => {
    // Prepare
    const truth = summary.groundTruth;
    const clusters = new Map(truth.clusters.map((c) => [c.installationId, c]));
    const problems = { missingMessageId: 0, futureTimestamp: 0, unparsableTimestamp: 0 };
    const errors: string[] = [];
    const check = (ok: boolean, message: string) => {
      if (!ok && errors.length < 10) errors.push(message);
    };

    // Act
    for (const [i, { key, line, call }] of lines.entries()) {
      const where = `${key}:${line}`;
      if (typeof call.messageId !== 'string') {
        problems.missingMessageId++;
        continue;
      }
      if (typeof call.timestamp === 'string' && call.timestamp.startsWith('2031')) {
        problems.futureTimestamp++;
        continue;
      }
      if (Number.isNaN(Date.parse(call.timestamp))) {
        problems.unparsableTimestamp++;
        continue;
      }
      const context = call.context as Json;
      const cluster = clusters.get(context.groupId);
      check(cluster !== undefined, `${where}: unknown installation ${context.groupId}`);
      if (!cluster) continue;
      check(['track', 'page', 'identify'].includes(call.type), `${where}: type ${call.type}`);
      check(/^ajs-next-[0-9a-f]{32}$/.test(call.messageId), `${where}: messageId ${call.messageId}`);
      check(/^u_[0-9a-f]{12}$/.test(call.userId), `${where}: userId ${call.userId}`);
      check(/^[0-9a-f-]{36}$/.test(call.anonymousId), `${where}: anonymousId ${call.anonymousId}`);
      for (const field of ['timestamp', 'originalTimestamp', 'sentAt', 'receivedAt'])
        check(isValidTimestamp(call[field]), `${where}: ${field}=${call[field]}`);
      check(call.receivedAt >= call.timestamp, `${where}: received before it happened`);
      if (call.type === 'track') check(typeof call.event === 'string', `${where}: no event`);
      if (call.type === 'page') check(typeof call.name === 'string', `${where}: no name`);
      if (call.type === 'identify') check(typeof call.traits?.role === 'string', `${where}: no traits`);
      else check(typeof call.properties?.feature === 'string', `${where}: no properties.feature`);
      check(context.odigos.cluster_name === cluster.name, `${where}: cluster name`);
      check(context.app.version === context.odigos.version, `${where}: app version`);
      // The version the UI reports is the one the cluster ran at that moment.
      const at = call.timestamp as string;
      const running = cluster.versions.find((v) => v.from <= at && (v.to === null || at < v.to));
      check(
        context.odigos.version === running?.version,
        `${where}: version ${context.odigos.version} at ${at}`,
      );
      const day = Math.floor(Date.parse(call.receivedAt) / 86_400_000) * 86_400_000;
      check(key.includes(`/${day}/`), `${where}: object of another received day`);
      if (i % 97 === 0)
        expect(call).toMatchObject({
          context: {
            app: { name: 'odigos-ui' },
            groupId: cluster.installationId,
            library: { name: 'analytics.js', version: 'next-1.70.0' },
            page: {
              path: expect.stringMatching(/^\//),
              title: expect.any(String),
              url: expect.any(String),
              referrer: expect.any(String),
            },
            userAgent: expect.stringContaining('Mozilla/5.0'),
            screen: { width: expect.any(Number), height: expect.any(Number) },
            odigos: {
              installation_id: cluster.installationId,
              version: expect.stringMatching(/^v1\.0\.\d+$/),
            },
          },
        });
    }

    // Assess
    expect(errors).toEqual([]);
    expect(problems).toEqual(truth.clickstream.invalid);
  });

  it('re-sends about 1% of calls with the same messageId, some in a later object, exactly as recorded', () => {
    const truth = summary.groundTruth.clickstream;
    const seen = new Map<string, string>();
    let duplicates = 0;
    let acrossObjects = 0;
    let valid = 0;
    for (const { key, call } of lines) {
      if (typeof call.messageId !== 'string') continue;
      const first = seen.get(call.messageId);
      if (first === undefined) {
        seen.set(call.messageId, key);
        if (isValidTimestamp(call.timestamp)) valid++;
        continue;
      }
      duplicates++;
      if (first !== key) acrossObjects++;
    }
    expect(duplicates).toBe(truth.duplicates);
    expect(acrossObjects).toBe(truth.duplicatesAcrossObjects);
    expect(valid).toBe(truth.events);
    expect(truth.duplicates / truth.events).toBeGreaterThan(0.005);
    expect(truth.duplicates / truth.events).toBeLessThan(0.02);
  });

  it('leaves exactly one unreadable object: a truncated gzip upload under events/', () => {
    const key = summary.groundTruth.corruptObjectKey;
    expect(key).toMatch(/^events\/segment-logs\/[A-Za-z0-9]{10}\/\d{13}\/corrupt-upload\.gz$/);
    expect(() => gunzipSync(store.objects.get(`${BUCKET}/${key}`)!)).toThrow();
    const unreadable = store.keys(BUCKET, 'events/').filter((k) => {
      try {
        gunzipSync(store.objects.get(`${BUCKET}/${k}`)!);
        return false;
      } catch {
        return true;
      }
    });
    expect(unreadable).toEqual([key]);
  });

  it('records click positions normalised to the viewport and clustered around each element', () => {
    const clicks = lines
      .map((l) => l.call)
      .filter((c) => c.event === 'Element Clicked' && typeof c.messageId === 'string');
    expect(clicks.length).toBeGreaterThan(1000);
    for (const c of clicks) {
      expect(c.properties).toMatchObject({
        feature: 'clicks',
        element: expect.stringMatching(/^[a-z-]+[#.][a-z-]+$/),
        page: c.context.page.path,
        viewportWidth: expect.any(Number),
        viewportHeight: expect.any(Number),
      });
      expect(c.properties.x).toBeGreaterThanOrEqual(0);
      expect(c.properties.x).toBeLessThanOrEqual(1);
      expect(c.properties.y).toBeGreaterThanOrEqual(0);
      expect(c.properties.y).toBeLessThanOrEqual(1);
    }
    // A small button is hit near one spot; a list spreads clicks over a tall area.
    const spread = (element: string, axis: 'x' | 'y') => {
      const values = clicks
        .filter((c) => c.properties.element === element)
        .map((c) => c.properties[axis] as number);
      const mean = values.reduce((a, b) => a + b, 0) / values.length;
      return Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
    };
    expect(spread('nav#service-map', 'x')).toBeLessThan(0.01);
    expect(spread('button#add-new', 'y')).toBeLessThan(0.03);
    expect(spread('node.source', 'y')).toBeGreaterThan(0.08);
  });

  it('writes OTLP/JSON ExportMetricsServiceRequests in the awss3exporter layout with 24 hourly points per series', () => {
    const requests = otlpRequests(store, BUCKET);
    const installations = new Map(summary.groundTruth.clusters.map((c) => [c.installationId, c]));
    expect(requests.size).toBe(installations.size * SMALL.days);
    for (const [key, request] of requests) {
      const match =
        /^otlp\/year=(\d{4})\/month=(\d{2})\/day=(\d{2})\/hour=00\/minute=00\/metrics_([0-9a-f-]{36})\.json\.gz$/.exec(
          key,
        );
      expect(match, key).not.toBeNull();
      const cluster = installations.get(match![4]!)!;
      const points = new Map<string, number>();
      const metrics = new Set<string>();
      for (const rm of request.resourceMetrics) {
        expect(resourceAttr(rm, 'k8s.cluster.name')).toBe(cluster.name);
        expect(resourceAttr(rm, 'service.name')).toBe(`odigos-${resourceAttr(rm, 'odigos.component')}`);
        expect(resourceAttr(rm, 'k8s.namespace.name')).toBe('odigos-system');
        expect(cluster.versions.map((v) => v.version)).toContain(resourceAttr(rm, 'odigos.version'));
        for (const scope of rm.scopeMetrics)
          for (const metric of scope.metrics) {
            expect(metric).toMatchObject({
              name: expect.any(String),
              unit: expect.any(String),
              description: expect.any(String),
            });
            const body = metric.gauge ?? metric.sum ?? metric.histogram;
            expect(body, metric.name).toBeDefined();
            for (const p of body.dataPoints) {
              expect(p.timeUnixNano).toMatch(/^\d{19}$/);
              if (metric.gauge)
                expect(typeof (p.asDouble ?? p.asInt)).toBe(metric.unit === 'By' ? 'string' : 'number');
              if (metric.sum) {
                expect(metric.sum).toMatchObject({ aggregationTemporality: 2, isMonotonic: true });
                expect(p.asInt).toMatch(/^\d+$/);
                expect(BigInt(p.startTimeUnixNano)).toBeLessThan(BigInt(p.timeUnixNano));
              }
              if (metric.histogram) {
                expect(p.bucketCounts.length).toBe(p.explicitBounds.length + 1);
                expect(p.bucketCounts.reduce((a: bigint, c: string) => a + BigInt(c), 0n)).toBe(
                  BigInt(p.count),
                );
                expect(p.min).toBeLessThanOrEqual(p.max);
                expect(p.explicitBounds).toEqual([1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500]);
              }
            }
            metrics.add(`${resourceAttr(rm, 'odigos.component')}|${metric.name}`);
            const series = `${resourceAttr(rm, 'odigos.component')}|${metric.name}|${JSON.stringify(body.dataPoints[0].attributes ?? [])}`;
            points.set(series, (points.get(series) ?? 0) + body.dataPoints.length);
          }
      }
      expect(new Set(points.values()), key).toEqual(new Set([24]));
      const expected = [
        'odiglet',
        'instrumentor',
        'scheduler',
        'autoscaler',
        'gateway',
        'data-collection',
      ].flatMap((c) => [
        `${c}|process.cpu.utilization`,
        `${c}|process.memory.usage`,
        ...(c === 'gateway' || c === 'data-collection'
          ? [`${c}|otelcol_exporter_sent_spans`, `${c}|odigos.pipeline.latency`]
          : []),
      ]);
      expect([...metrics].sort()).toEqual(expected.sort());
    }
  });

  it('writes GitHub REST API JSON: issue and issue-comment pages with the API fields', () => {
    const issues = store.keys(BUCKET, 'feedback/github/issues/').flatMap((k) => json(k) as Json[]);
    const comments = store.keys(BUCKET, 'feedback/github/issue-comments/').flatMap((k) => json(k) as Json[]);
    for (const issue of issues) {
      expect(issue).toMatchObject({
        id: expect.any(Number),
        node_id: expect.any(String),
        number: expect.any(Number),
        title: expect.any(String),
        body: expect.any(String),
        user: {
          login: expect.any(String),
          id: expect.any(Number),
          type: expect.stringMatching(/^(User|Bot)$/),
        },
        state: expect.stringMatching(/^(open|closed)$/),
        comments: expect.any(Number),
        html_url: `https://github.com/odigos-io/odigos/${issue.pull_request ? 'pull' : 'issues'}/${issue.number}`,
        author_association: expect.any(String),
        reactions: {
          total_count: expect.any(Number),
          '+1': expect.any(Number),
          '-1': 0,
          eyes: expect.any(Number),
        },
      });
      for (const label of issue.labels)
        expect(label).toMatchObject({
          id: expect.any(Number),
          name: expect.any(String),
          color: expect.stringMatching(/^[0-9a-f]{6}$/),
        });
      expect(issue.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
      expect(issue.state === 'closed').toBe(issue.closed_at !== null);
    }
    // Newest first, as GET /repos/{owner}/{repo}/issues returns them.
    expect(issues.map((i) => i.created_at)).toEqual([...issues.map((i) => i.created_at)].sort().reverse());
    const byUrl = new Map(issues.map((i) => [i.url, i]));
    for (const comment of comments) {
      expect(comment).toMatchObject({
        id: expect.any(Number),
        html_url: expect.stringContaining('#issuecomment-'),
        body: expect.any(String),
        user: { login: expect.any(String) },
        author_association: expect.any(String),
        reactions: { total_count: expect.any(Number) },
      });
      const issue = byUrl.get(comment.issue_url);
      expect(issue, comment.issue_url).toBeDefined();
      expect(comment.created_at >= issue!.created_at).toBe(true);
    }
    const perIssue = Object.groupBy(comments, (c) => c.issue_url);
    for (const issue of issues) expect(perIssue[issue.url]?.length ?? 0).toBe(issue.comments);
  });

  it('writes a Slack export: channel folders of daily message arrays plus users.json and channels.json', () => {
    const users = json('feedback/slack/users.json') as Json[];
    const channels = json('feedback/slack/channels.json') as Json[];
    expect(channels.map((c) => c.name)).toEqual(['general', 'help']);
    const ids = new Set(users.map((u) => u.id));
    const byTs = new Map<string, Json>();
    for (const key of store.keys(BUCKET, 'feedback/slack/')) {
      if (key.endsWith('users.json') || key.endsWith('channels.json')) continue;
      const match = /^feedback\/slack\/(general|help)\/(\d{4}-\d{2}-\d{2})\.json$/.exec(key);
      expect(match, key).not.toBeNull();
      for (const m of json(key) as Json[]) {
        expect(m.type).toBe('message');
        expect(m.ts).toMatch(/^\d{10}\.\d{6}$/);
        expect(new Date(Number(m.ts) * 1000).toISOString().slice(0, 10)).toBe(match![2]);
        if (m.subtype !== 'bot_message') expect(ids.has(m.user), m.user).toBe(true);
        byTs.set(`${match![1]}:${m.ts}`, m);
      }
    }
    const replies = [...byTs.entries()].filter(([, m]) => m.thread_ts && m.thread_ts !== m.ts);
    expect(replies.length).toBeGreaterThan(20);
    for (const [id, reply] of replies) {
      const parent = byTs.get(`${id.split(':')[0]}:${reply.thread_ts}`)!;
      expect(parent.reply_count).toBeGreaterThan(0);
      expect(parent.reply_users).toContain(reply.user);
    }
  });

  it('writes monthly survey CSVs that csv-parse reads, one with a BOM, quoted multi-line comments', () => {
    const keys = store.keys(BUCKET, 'surveys/');
    expect(keys.every((k) => /^surveys\/nps-\d{4}-\d{2}\.csv$/.test(k))).toBe(true);
    expect(text(keys[0]!).charCodeAt(0)).toBe(0xfeff);
    const rows = keys.flatMap(
      (k) => parse(text(k), { bom: true, columns: true }) as Record<string, string>[],
    );
    expect(Object.keys(rows[0]!)).toEqual(['respondent', 'score', 'comment', 'version', 'timestamp']);
    for (const row of rows) {
      expect(Number(row.score)).toBeGreaterThanOrEqual(0);
      expect(Number(row.score)).toBeLessThanOrEqual(10);
      expect(row.timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
      expect(row.version).toMatch(/^v1\.0\.\d+$/);
    }
    expect(rows.some((r) => r.comment?.includes('\n'))).toBe(true);
    expect(rows.some((r) => r.comment?.includes(','))).toBe(true);
  });

  it('writes GitHub releases JSON with one release before the window and at least three inside it', () => {
    const releases = json('releases/releases.json') as Json[];
    for (const r of releases)
      expect(r).toMatchObject({
        id: expect.any(Number),
        tag_name: expect.stringMatching(/^v1\.0\.\d+(-rc\.\d+)?$/),
        name: expect.any(String),
        body: expect.stringContaining("## What's Changed"),
        draft: false,
        prerelease: expect.any(Boolean),
        published_at: expect.stringMatching(/Z$/),
        html_url: `https://github.com/odigos-io/odigos/releases/tag/${r.tag_name}`,
        author: { login: expect.any(String) },
      });
    const truth = summary.groundTruth;
    const stable = releases.filter((r) => !r.prerelease).map((r) => r.published_at.slice(0, 10));
    expect(stable.filter((d) => d < truth.window.start)).toHaveLength(1);
    expect(
      stable.filter((d) => d >= truth.window.start && d <= truth.window.end).length,
    ).toBeGreaterThanOrEqual(3);
  });

  it('rejects invalid options before writing anything', async () => {
    const empty = new MemoryObjectStore();
    await expect(writeDemoData(empty, BUCKET, { ...SMALL, endDate: '2026-02-30' })).rejects.toThrow(
      ConfigError,
    );
    await expect(writeDemoData(empty, BUCKET, { ...SMALL, days: 3 })).rejects.toThrow(/days must be/);
    await expect(writeDemoData(empty, BUCKET, { ...SMALL, users: 1.5 })).rejects.toThrow(/users must be/);
    expect(empty.objects.size).toBe(0);
  });
});
