import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_DEMO_OPTIONS, type DemoSummary, writeDemoData } from '../../../shared/demo/generate.ts';
import type { GroundTruth } from '../../../shared/demo/ground-truth.ts';
import { MemoryObjectStore } from '../../support/memory-object-store.ts';
import {
  gaugeSeries,
  type HourlyPoint,
  histogramPercentile,
  isValidTimestamp,
  type Json,
  median,
  otlpRequests,
  resourceAttr,
  type SegmentLine,
  sameHourRatios,
  segmentLines,
} from './demo-files.ts';

const BUCKET = 'raw';
const DAY = 86_400_000;
const HOUR = 3_600_000;

/** The data set `npm start` generates, checked the way its users would look at it. */
describe('Function: writeDemoData (default options)', () => {
  let store: MemoryObjectStore;
  let summary: DemoSummary;
  let truth: GroundTruth;
  let calls: Json[];
  let series: Map<string, HourlyPoint[]>;
  let requests: Map<string, Json>;
  const json = (key: string) => JSON.parse(store.text(BUCKET, key));

  beforeAll(async () => {
    store = new MemoryObjectStore();
    // How long generation takes is a benchmark figure (`npm run bench -- demo`), not asserted here.
    summary = await writeDemoData(store, BUCKET, DEFAULT_DEMO_OPTIONS);
    truth = summary.groundTruth;
    // Valid, first copies only: what a correct ingest keeps.
    const seen = new Set<string>();
    calls = segmentLines(store, BUCKET, truth.corruptObjectKey)
      .map((l: SegmentLine) => l.call)
      .filter((c) => {
        if (typeof c.messageId !== 'string' || !isValidTimestamp(c.timestamp) || seen.has(c.messageId))
          return false;
        seen.add(c.messageId);
        return true;
      });
    requests = otlpRequests(store, BUCKET);
    series = gaugeSeries(requests);
  });

  it('generates 100k-200k UI events and everything else', () => {
    expect(calls.length).toBe(truth.clickstream.events);
    expect(truth.clickstream.events).toBeGreaterThan(100_000);
    expect(truth.clickstream.events).toBeLessThan(200_000);
    expect(summary.keysByPrefix).toMatchObject({
      events: expect.any(Number),
      otlp: 360,
      feedback: expect.any(Number),
      surveys: 3,
      releases: 1,
    });
  });

  it('describes at least 5 clusters, 3 dated releases in a 60-day window and 200 users', () => {
    expect(truth.window).toEqual({ start: '2026-09-17', end: '2026-11-15' });
    expect(truth.clusters.length).toBeGreaterThanOrEqual(5);
    expect(new Set(truth.clusters.map((c) => c.installationId)).size).toBe(truth.clusters.length);
    expect(new Set(truth.clusters.map((c) => c.nodes)).size).toBe(truth.clusters.length);
    const stable = truth.releases.filter((r) => !r.prerelease);
    expect(stable.filter((r) => r.inWindow).length).toBeGreaterThanOrEqual(3);
    expect(stable.filter((r) => r.publishedAt < truth.window.start)).toHaveLength(1);
    // Clusters upgrade at different times after each release; the control cluster skips the newest.
    for (const release of stable.filter((r) => r.inWindow)) {
      const times = truth.clusters.map((c) => c.upgrades[release.tag]).filter((t) => t !== undefined);
      expect(new Set(times).size).toBe(times.length);
      for (const t of times) expect(t! > release.publishedAt).toBe(true);
    }
    const control = truth.clusters.find((c) => c.name === truth.controlCluster.cluster)!;
    expect(control.upgrades[truth.controlCluster.neverUpgradedTo]).toBeUndefined();
    expect(control.versions.at(-1)!.version).not.toBe(truth.controlCluster.neverUpgradedTo);
    expect(new Set(calls.map((c) => c.userId)).size).toBeGreaterThanOrEqual(200);
    expect(truth.clickstream.cohorts.filter((c) => c.users > 0).length).toBeGreaterThanOrEqual(8);
  });

  it('makes the recorded under-used feature the one with the fewest users, as the adoption query counts it', () => {
    // Prepare: feature use in the last 30 days from the events themselves.
    const from = truth.featureAdoption.start;
    const recent = calls.filter((c) => c.timestamp.slice(0, 10) >= from);
    const active = new Set(recent.map((c) => c.userId));
    const users = new Map<string, Set<string>>();
    for (const c of recent) {
      if (c.type !== 'track' || c.event === 'Element Clicked') continue;
      if (!users.has(c.properties.feature)) users.set(c.properties.feature, new Set());
      users.get(c.properties.feature)!.add(c.userId);
    }
    const share = (f: string) => (users.get(f)?.size ?? 0) / active.size;

    // Assess
    expect(active.size).toBe(truth.featureAdoption.activeUsers);
    for (const f of truth.featureAdoption.features)
      expect(users.get(f.feature)?.size, f.feature).toBe(f.users);
    expect(truth.underusedFeatures).toEqual(['sampling_rules']);
    const fewest = [...users].sort((a, b) => a[1].size - b[1].size)[0]![0];
    expect(fewest).toBe('sampling_rules');
    expect(share('sampling_rules')).toBeLessThan(0.1);
    expect(share('source_instrumentation')).toBeGreaterThan(0.8);
    expect(share('destinations')).toBeGreaterThan(0.6);
    for (const f of ['actions', 'instrumentation_rules']) {
      expect(share(f)).toBeGreaterThan(0.3);
      expect(share(f)).toBeLessThan(0.6);
    }
    // Many see the sampling page; few create a rule.
    expect(truth.clickstream.viewersByPage['/sampling-rules']).toBeGreaterThan(
      5 * truth.clickstream.adoptersByFeature.sampling_rules!,
    );
  });

  it('records an onboarding funnel that the page and track events reproduce, with drop-off between steps', () => {
    const f = truth.clickstream.onboardingFunnel;
    const users = (pred: (c: Json) => boolean) => new Set(calls.filter(pred).map((c) => c.userId)).size;
    expect(users((c) => c.type === 'page' && c.context.page.path === '/choose-sources')).toBe(f.started);
    const started = new Set(
      calls
        .filter((c) => c.context.page.path === '/choose-sources' && c.type === 'page')
        .map((c) => c.userId),
    );
    expect(users((c) => c.event === 'Onboarding Completed' && started.has(c.userId))).toBe(f.completed);
    const steps = [
      f.started,
      f.sourcesInstrumented,
      f.viewedChooseDestination,
      f.connectionSucceeded,
      f.destinationCreated,
      f.viewedSetupSummary,
      f.completed,
    ];
    for (let i = 1; i < steps.length; i++) expect(steps[i]).toBeLessThanOrEqual(steps[i - 1]!);
    expect(f.completed).toBeLessThan(f.started * 0.9);
    expect(f.conversion).toBeGreaterThan(0.6);
  });

  it('lists the dropped-off users: silent in the final week while every other user is active in it', () => {
    const lastWeek = new Date(Date.parse(`${truth.window.end}T00:00:00Z`) - 6 * DAY).toISOString();
    const lastSeen = new Map<string, string>();
    for (const c of calls)
      if ((lastSeen.get(c.userId) ?? '') < c.timestamp) lastSeen.set(c.userId, c.timestamp);
    const dropped = new Set(truth.clickstream.droppedOff.map((d) => d.userId));
    expect(dropped.size).toBeGreaterThan(20);
    for (const [user, at] of lastSeen) expect(at < lastWeek, user).toBe(dropped.has(user));
    for (const d of truth.clickstream.droppedOff)
      expect(lastSeen.get(d.userId)!.slice(0, 10)).toBe(d.lastActiveDate);
    // Failed onboarding: connection tests that never succeed.
    const failed = truth.clickstream.droppedOff
      .filter((d) => d.reason === 'onboarding_failed')
      .map((d) => d.userId);
    expect(failed.length).toBeGreaterThan(5);
    for (const user of failed) {
      const tests = calls.filter((c) => c.userId === user && c.event === 'Destination Connection Tested');
      expect(tests.length).toBeGreaterThan(0);
      expect(tests.every((t) => t.properties.success === false)).toBe(true);
    }
    // The early cohort drops off more than everyone else.
    const { start, end } = truth.clickstream.earlyCohort;
    const firstSeen = new Map<string, string>();
    for (const c of calls)
      if (!firstSeen.has(c.userId) || firstSeen.get(c.userId)! > c.timestamp)
        firstSeen.set(c.userId, c.timestamp);
    const churnRate = (inCohort: boolean) => {
      const members = [...firstSeen].filter(
        ([, t]) =>
          (t.slice(0, 10) >= start && t.slice(0, 10) <= end) === inCohort &&
          t.slice(0, 10) > truth.window.start,
      );
      return members.filter(([u]) => dropped.has(u)).length / members.length;
    };
    expect(churnRate(true)).toBeGreaterThan(churnRate(false) * 1.5);
  });

  it('puts the injected anomaly in the data: gateway memory at ~3x for 8 hours, and no other swing that large', () => {
    // Prepare
    const a = truth.injectedAnomaly;
    const start = Date.parse(a.start);
    const end = Date.parse(a.end);
    const inAnomaly = (id: string, hour: number) =>
      id === `${a.cluster}|${a.component}|${a.metric}` && hour >= start && hour <= end;
    const lastDay = Date.parse(`${truth.window.end}T00:00:00Z`);

    // Act
    const flagged: string[] = [];
    let anomalyRatios: number[] = [];
    for (const [id, points] of series) {
      for (const { hour, ratio } of sameHourRatios(points)) {
        if (inAnomaly(id, hour)) anomalyRatios.push(ratio);
        else if (ratio > 1.6 || ratio < 0.45)
          flagged.push(`${id} ${new Date(hour).toISOString()} ${ratio.toFixed(2)}`);
      }
    }
    anomalyRatios = anomalyRatios.sort();

    // Assess
    expect(a.hours).toBe(8);
    expect((end - start) / HOUR).toBe(7);
    expect(start).toBeGreaterThanOrEqual(lastDay - 13 * DAY);
    expect(anomalyRatios).toHaveLength(8);
    expect(anomalyRatios[0]).toBeGreaterThan(2.5);
    expect(anomalyRatios.at(-1)).toBeLessThan(3.6);
    expect(flagged).toEqual([]);
  });

  it('carries the release effects and the outlier cluster in the metrics', () => {
    const effect = (id: string, upgradeIso: string) => {
      const upgrade = Date.parse(upgradeIso);
      const points = series.get(id)!;
      // Same weekdays and hours on both sides: the same 7 days of the week before and after.
      const before = points
        .filter((p) => p.hour >= upgrade - 7 * DAY && p.hour < upgrade)
        .map((p) => p.value);
      const after = points
        .filter((p) => p.hour >= upgrade + DAY && p.hour < upgrade + 8 * DAY)
        .map((p) => p.value);
      return median(after) / median(before) - 1;
    };
    const cpuRelease = truth.releaseEffects.find((e) => e.component === 'odiglet')!;
    for (const c of truth.clusters) {
      const at = c.upgrades[cpuRelease.version];
      if (!at || Date.parse(at) + 8 * DAY > Date.parse(`${truth.window.end}T23:00:00Z`)) continue;
      expect(effect(`${c.name}|odiglet|process.cpu.utilization`, at), c.name).toBeCloseTo(
        cpuRelease.changePct / 100,
        1,
      );
    }
    // Gateway p95 latency up on every cluster that took the release; not on the control cluster.
    const latency = truth.releaseEffects.find((e) => e.metric === 'odigos.pipeline.latency')!;
    const p95 = (cluster: string, version: string) => {
      const bounds: number[] = [];
      const counts: number[] = [];
      for (const request of requests.values())
        for (const rm of request.resourceMetrics) {
          if (
            resourceAttr(rm, 'k8s.cluster.name') !== cluster ||
            resourceAttr(rm, 'odigos.component') !== 'gateway' ||
            resourceAttr(rm, 'odigos.version') !== version
          )
            continue;
          for (const scope of rm.scopeMetrics)
            for (const m of scope.metrics)
              for (const p of m.histogram?.dataPoints ?? []) {
                bounds.splice(0, bounds.length, ...p.explicitBounds);
                p.bucketCounts.forEach((c: string, i: number) => {
                  counts[i] = (counts[i] ?? 0) + Number(c);
                });
              }
        }
      return histogramPercentile(bounds, counts, 0.95);
    };
    for (const c of truth.clusters.filter((x) => x.upgrades[latency.version])) {
      const change = p95(c.name, latency.version) / p95(c.name, 'v1.0.190') - 1;
      expect(change, c.name).toBeGreaterThan(0.18);
      expect(change, c.name).toBeLessThan(0.45);
    }
    // odiglet CPU per node: the outlier at ~1.8x the others (same version, same week).
    const week = (c: GroundTruth['clusters'][number]) => {
      const pts = series
        .get(`${c.name}|odiglet|process.cpu.utilization`)!
        .filter((p) => p.version === 'v1.0.170');
      return median(pts.map((p) => p.value)) / c.nodes;
    };
    const outlier = truth.clusters.find((c) => c.name === truth.outlierCluster.cluster)!;
    const peers = truth.clusters.filter((c) => c !== outlier && c.environment === 'prod').map(week);
    expect(week(outlier) / median(peers)).toBeGreaterThan(1.5);
    expect(week(outlier) / median(peers)).toBeLessThan(2.2);
  });

  it('writes realistic GitHub and Slack feedback with a ground-truth entry for every item', () => {
    const issues = store.keys(BUCKET, 'feedback/github/issues/').flatMap((k) => json(k) as Json[]);
    const comments = store.keys(BUCKET, 'feedback/github/issue-comments/').flatMap((k) => json(k) as Json[]);
    expect(issues.length).toBeGreaterThanOrEqual(120);
    expect(issues.length).toBeLessThanOrEqual(200);
    expect(comments.length).toBeGreaterThanOrEqual(400);
    expect(comments.length).toBeLessThanOrEqual(600);
    const texts = [...issues, ...comments].map((x) => x.body as string);
    const all = [...texts, ...issues.map((i) => i.title as string)];
    for (const marker of [
      '### Describe the bug',
      '### To Reproduce',
      '```',
      'Traceback (most recent call last)',
      '\tat ',
      'https://',
      'kubectl ',
      'helm ',
      'It would be great if',
      'Please add support for',
      'Feature request',
    ])
      expect(
        all.some((t) => t.includes(marker)),
        marker,
      ).toBe(true);
    expect(
      texts.some((t) => /^> \S/m.test(t)),
      'quoted reply',
    ).toBe(true);
    const bots = [...issues, ...comments].filter((x) => x.user.type === 'Bot').map((x) => x.user.login);
    expect(new Set(bots)).toEqual(new Set(['dependabot[bot]', 'github-actions[bot]', 'CLAassistant']));

    const slackIds = store
      .keys(BUCKET, 'feedback/slack/')
      .filter((k) => /\/(general|help)\//.test(k))
      .flatMap((k) =>
        (json(k) as Json[])
          .filter((m) => m.subtype !== 'channel_join')
          .map((m) => `slack:message:${k.split('/')[2]}:${m.ts}`),
      );
    expect(slackIds.length).toBeGreaterThan(250);
    const dataIds = [
      ...issues.map((i) => `github:issue:${i.id}`),
      ...comments.map((c) => `github:issue_comment:${c.id}`),
      ...slackIds,
    ].sort();
    expect(truth.feedbackItems.map((f) => f.itemId).sort()).toEqual(dataIds);
    for (const theme of truth.themes) {
      expect(theme.positive, theme.theme).toBeGreaterThan(0);
      expect(theme.neutral, theme.theme).toBeGreaterThan(0);
      expect(theme.negative, theme.theme).toBeGreaterThan(0);
    }
    // Wording carries the intended sentiment.
    const bodies = new Map<string, string>([
      ...issues.map((i) => [`github:issue:${i.id}`, `${i.title}\n${i.body}`] as const),
      ...comments.map((c) => [`github:issue_comment:${c.id}`, c.body] as const),
    ]);
    for (const item of truth.feedbackItems.filter((f) => f.source === 'github' && !f.bot)) {
      const body = bodies.get(item.itemId)!.toLowerCase();
      if (item.sentiment === 'positive')
        expect(body, item.itemId).toMatch(
          /thank|great|love|awesome|amazing|impressive|perfect|brilliant|works|nice|happy|excellent|solved|appreciate/,
        );
      if (item.sentiment === 'negative') expect(body, item.itemId).not.toMatch(/thank you|love it|awesome/);
    }
  });

  it('ranks feature requests by distinct requesters as the items show, PHP support first', () => {
    const issues = store.keys(BUCKET, 'feedback/github/issues/').flatMap((k) => json(k) as Json[]);
    const comments = store.keys(BUCKET, 'feedback/github/issue-comments/').flatMap((k) => json(k) as Json[]);
    const authors = new Map<string, string>([
      ...issues.map((i) => [`github:issue:${i.id}`, `gh:${i.user.login}`] as const),
      ...comments.map((c) => [`github:issue_comment:${c.id}`, `gh:${c.user.login}`] as const),
    ]);
    const slackAuthor = new Map<string, string>();
    for (const k of store.keys(BUCKET, 'feedback/slack/').filter((k) => /\/(general|help)\//.test(k)))
      for (const m of json(k) as Json[])
        slackAuthor.set(`slack:message:${k.split('/')[2]}:${m.ts}`, `slack:${m.user}`);
    const ranking = truth.featureRequestRanking;
    expect(ranking[0]!.id).toBe('php-support');
    for (const request of ranking) {
      const people = new Set(
        truth.feedbackItems
          .filter((f) => f.featureRequest === request.id)
          .map((f) => authors.get(f.itemId) ?? slackAuthor.get(f.itemId)),
      );
      expect(people.size, request.id).toBe(request.distinctRequesters);
      const plusOnes = issues
        .filter((i) => request.github.issueIds.includes(i.id))
        .reduce((n, i) => n + i.reactions['+1'], 0);
      expect(plusOnes).toBe(request.github.plusOneReactions);
    }
    for (let i = 1; i < ranking.length; i++) {
      expect(ranking[i]!.distinctRequesters).toBeLessThan(ranking[i - 1]!.distinctRequesters);
      expect(ranking[i]!.github.plusOneReactions).toBeLessThan(ranking[i - 1]!.github.plusOneReactions);
    }
  });

  it('records satisfaction before and after the CPU release as the survey CSVs give it: higher after', () => {
    const rows = store
      .keys(BUCKET, 'surveys/')
      .flatMap((k) => parse(store.text(BUCKET, k), { bom: true, columns: true }) as Record<string, string>[]);
    const changedAt = truth.satisfaction.changedAt;
    const mean = (xs: number[]) => Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 1000) / 1000;
    const before = rows
      .filter((r) => new Date(r.timestamp!).toISOString() < changedAt)
      .map((r) => Number(r.score));
    const after = rows
      .filter((r) => new Date(r.timestamp!).toISOString() >= changedAt)
      .map((r) => Number(r.score));
    expect(mean(before)).toBe(truth.satisfaction.meanNpsScoreBefore);
    expect(mean(after)).toBe(truth.satisfaction.meanNpsScoreAfter);
    expect(truth.satisfaction.meanNpsScoreAfter - truth.satisfaction.meanNpsScoreBefore).toBeGreaterThan(0.5);
    expect(truth.satisfaction.after.nps).toBeGreaterThan(truth.satisfaction.before.nps);
  });
});
