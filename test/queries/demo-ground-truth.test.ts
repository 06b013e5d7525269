import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runQuery } from '../../shared/analytics/run-query.ts';
import { loadConfig } from '../../shared/config/config.ts';
import { type GroundTruth, writeDemoData } from '../../shared/demo/generate.ts';
import { UNDERUSED_SHARE } from '../../shared/demo/ground-truth.ts';
import { UNDERUSED_FEATURE } from '../../shared/demo/odigos-ui.ts';
import { ingestObjects } from '../../shared/ingest/ingest.ts';
import { type LocalContext, localContext } from '../../shared/local/wiring.ts';
import { noProgress, silentLog } from '../../shared/ports/index.ts';

/**
 * 2026-11-15 is a Sunday and 42 days are six whole weeks, so the window starts on a Monday and the
 * generator's week cohorts (days 0-6, 7-13, …) are the queries' ISO weeks. Six weeks leave room to
 * see the early cohort (first seen the week after the regression release) fall away. ~25 s here:
 * generating takes ~5 s, ingesting the ~230 Segment objects (one at a time in DuckDB) the rest.
 */
const OPTIONS = { seed: 7, endDate: '2026-11-15', days: 42, users: 200 };

const mondayOf = (day: string): string => {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
};
const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('Demo ground truth: the UI queries recover what the generator planted', () => {
  let home: string;
  let ctx: LocalContext;
  let truth: GroundTruth;
  const run = (name: string, params: Record<string, string | number>) =>
    runQuery(ctx.engine, ctx.catalog, name, params);

  beforeAll(async () => {
    // Not tempDir(): that one is removed after each test, and these tests share one lake.
    home = await mkdtemp(path.join(tmpdir(), 'datahub-truth-'));
    ctx = await localContext(loadConfig({ DATAHUB_HOME: home }), silentLog, noProgress);
    truth = (await writeDemoData(ctx.store, ctx.buckets.raw, OPTIONS)).groundTruth;
    // Only the clickstream: every query here reads ui_events. No compaction either — re-sent copies
    // of a call only repeat a user already counted, and every number checked here counts users.
    const keys: string[] = [];
    for await (const object of ctx.store.list(ctx.buckets.raw, 'events/')) keys.push(object.key);
    await ingestObjects(ctx, keys);
  }, 180_000);
  afterAll(async () => {
    await ctx?.close();
    if (home) await rm(home, { recursive: true, force: true });
  });

  it('flags the under-used feature and counts every feature’s users as the generator did', async () => {
    // Act: the generator's adoption truth covers the window's last 30 days.
    const { start, end, features, activeUsers } = truth.featureAdoption;
    const { rows } = await run('feature_adoption', {
      start_date: start,
      end_date: end,
      underused_share: UNDERUSED_SHARE,
    });

    // Assess: exact, both sides count distinct users with a track event of the feature (clicks excluded).
    expect(truth.underusedFeatures).toEqual([UNDERUSED_FEATURE]);
    expect(rows.filter((r) => r.underused).map((r) => r.feature)).toEqual(truth.underusedFeatures);
    expect(Object.fromEntries(rows.map((r) => [r.feature, r.users]))).toEqual(
      Object.fromEntries(features.map((f) => [f.feature, f.users])),
    );
    expect(rows[0]!.active_users).toBe(activeUsers);
  });

  it('agrees with the generator on who was active and when people were first seen', async () => {
    // Act
    const range = { start_date: truth.window.start, end_date: truth.window.end };
    const active = await run('active_users', range);
    const lifecycle = await run('lifecycle', range);
    const recurring = await run('recurring_retention', range);

    // Assess: MAU of the last day is everyone active in the last 30 days; the users first seen each
    // week are the generator's week cohorts (new in lifecycle, period 0 of first-time retention).
    expect(active.rows.at(-1)).toMatchObject({
      day: truth.window.end,
      mau: truth.featureAdoption.activeUsers,
    });
    const cohortSizes = truth.clickstream.cohorts.map((c) => [c.start, c.users]);
    expect(lifecycle.rows.map((r) => [r.week, r.new_users])).toEqual(cohortSizes);
    expect(
      recurring.rows
        .filter((r) => r.retention_type === 'first_time' && r.period_number === 0)
        .map((r) => [r.cohort_period, r.cohort_users]),
    ).toEqual(cohortSizes);
  });

  it('shows the early cohort dropping off in weekly_cohorts, with cohort sizes and final-week retention exact', async () => {
    // Act
    const { rows } = await run('weekly_cohorts', {
      start_date: truth.window.start,
      end_date: truth.window.end,
    });

    // Assess (exact): each cohort's size, and its users active in the window's last week — the
    // generator's "retained" (seen in the last 7 days, which is the last ISO week here).
    const lastWeek = truth.clickstream.cohorts.length - 1;
    for (const cohort of truth.clickstream.cohorts) {
      const cells = rows.filter((r) => r.cohort_week === cohort.start);
      expect(cells[0], cohort.start).toMatchObject({ week_number: 0, cohort_users: cohort.users });
      expect(cells.find((r) => r.week_number === lastWeek - cohort.week)?.active_users, cohort.start).toBe(
        cohort.retained,
      );
    }
    // Assess (the planted effect): 45% of the early cohort churns 3-14 days after arriving, against 6%
    // background churn; two weeks on, its retention is the lowest of all cohorts and well below theirs.
    const { start, end } = truth.clickstream.earlyCohort;
    expect(mondayOf(end)).toBe(mondayOf(start)); // the early cohort is exactly one ISO week
    const weekTwo = rows.filter((r) => r.week_number === 2);
    const early = weekTwo.find((r) => r.cohort_week === mondayOf(start))!;
    const others = weekTwo.filter((r) => r !== early).map((r) => r.retention as number);
    expect(others.length).toBeGreaterThanOrEqual(3);
    expect(early.retention).toBeLessThan(Math.min(...others));
    expect(early.retention).toBeLessThan(0.6 * mean(others));
  });

  it('counts the onboarding funnel the generator recorded, short only by calls lost to quarantine', async () => {
    // Act: onboarding takes one session, or up to 3 days of retries, so the 7-day window cuts nobody.
    const { rows } = await run('onboarding_funnel', {
      start_date: truth.window.start,
      end_date: truth.window.end,
    });

    // Assess: the truth counts each step on its own among the users who started; the query needs every
    // earlier step, in order. The generator damages 0.1% of calls (quarantined at ingest), so a starter
    // whose instrument/test/create call was damaged leaves the funnel at that step but still counts
    // in the truth's later steps: ~150 starters × ~8 step calls × 0.1% ≈ 1 such user; allow 3.
    const f = truth.clickstream.onboardingFunnel;
    const expected = [
      f.started,
      f.sourcesInstrumented,
      f.viewedChooseDestination,
      f.connectionTested,
      f.connectionSucceeded,
      f.destinationCreated,
      f.viewedSetupSummary,
      f.completed,
    ];
    const users = rows.map((r) => r.users as number);
    expect(users[0]).toBe(f.started);
    users.forEach((n, i) => {
      expect(n, rows[i]!.step_name as string).toBeLessThanOrEqual(expected[i]!);
      expect(expected[i]! - n, rows[i]!.step_name as string).toBeLessThanOrEqual(3);
    });
    expect(rows.at(-1)!.conversion_from_first).toBeCloseTo(f.conversion, 1);
  });
});
