import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runQuery } from '../../shared/analytics/run-query.ts';
import { feedbackScores, releases, surveyResponses } from '../../shared/catalog/tables.ts';
import { type FixtureLake, fixtureLake } from '../support/lake.ts';

let lake: FixtureLake;
beforeEach(async () => {
  lake = await fixtureLake();
});
afterEach(() => lake.close());

const MARCH = { start_date: '2026-03-01', end_date: '2026-03-31' };
const run = (name: string, params: Record<string, string | number>) =>
  runQuery(lake.engine, lake.catalog, name, params);
const round = (x: unknown) => (typeof x === 'number' ? Number(x.toFixed(4)) : x);
let n = 0;
const answer = (scale: 'nps' | 'csat', score: number, at: string) => ({
  response_id: `r${n++}`,
  scale,
  score,
  submitted_at: at.length === 10 ? `${at}T09:00:00.000Z` : at,
  source_key: 'fixture',
});
const release = (tag: string, publishedAt: string, prerelease = false) => ({
  tag,
  published_at: publishedAt,
  prerelease,
  source_key: 'fixture',
});

describe('Query: nps_by_release', () => {
  it('assigns each answer to the newest release published before it and scores NPS and CSAT (worked by hand)', async () => {
    // Prepare: v0 predates the window but owns its first days; the rc is not a release window; v3 is
    // published after end_date, so v2 is the newest. An answer at v2's publication instant is still v1's.
    await lake.write(releases, [
      release('v0', '2026-01-15T12:00:00.000Z'),
      release('v1', '2026-03-03T12:00:00.000Z'),
      release('v2-rc.1', '2026-03-12T12:00:00.000Z', true),
      release('v2', '2026-03-15T12:00:00.000Z'),
      release('v3', '2026-04-05T12:00:00.000Z'),
    ]);
    await lake.write(surveyResponses, [
      answer('nps', 0, '2026-02-15'), // before the window
      // v0: NPS 5 and 9 → 1 promoter, 1 detractor of 2 → 0; mean 7. CSAT 3 → 0 of 1 → 0%.
      answer('nps', 5, '2026-03-01'),
      answer('nps', 9, '2026-03-02'),
      answer('csat', 3, '2026-03-02'),
      // v1: 10, 9, 8, 6, 3, 9 → 3 promoters, 1 passive, 2 detractors of 6 → 100·1/6 = 16.667; mean 45/6 = 7.5.
      // CSAT 5, 4, 2 → 2 of 3 → 66.667%.
      answer('nps', 10, '2026-03-04'),
      answer('nps', 9, '2026-03-06'),
      answer('nps', 8, '2026-03-08'),
      answer('nps', 6, '2026-03-13'),
      answer('nps', 3, '2026-03-14'),
      answer('nps', 9, '2026-03-15T12:00:00.000Z'),
      answer('csat', 5, '2026-03-05'),
      answer('csat', 4, '2026-03-07'),
      answer('csat', 2, '2026-03-09'),
      // v2: 10, 10, 7, 0 → 2 promoters, 1 passive, 1 detractor of 4 → 25; mean 6.75. CSAT 4, 5 → 100%.
      answer('nps', 10, '2026-03-16'),
      answer('nps', 10, '2026-03-20'),
      answer('nps', 7, '2026-03-25'),
      answer('nps', 0, '2026-03-30'),
      answer('csat', 4, '2026-03-18'),
      answer('csat', 5, '2026-03-19'),
      answer('nps', 0, '2026-04-02'), // after the window
    ]);

    // Act
    const { rows } = await run('nps_by_release', MARCH);

    // Assess
    expect(rows.map((r) => ({ ...r, nps: round(r.nps), csat_pct: round(r.csat_pct) }))).toEqual([
      {
        release_tag: 'v0',
        published_at: '2026-01-15T12:00:00.000Z',
        next_published_at: '2026-03-03T12:00:00.000Z',
        nps_responses: 2,
        promoters: 1,
        passives: 0,
        detractors: 1,
        nps: 0,
        mean_nps_score: 7,
        csat_responses: 1,
        csat_satisfied: 0,
        csat_pct: 0,
      },
      {
        release_tag: 'v1',
        published_at: '2026-03-03T12:00:00.000Z',
        next_published_at: '2026-03-15T12:00:00.000Z',
        nps_responses: 6,
        promoters: 3,
        passives: 1,
        detractors: 2,
        nps: 16.6667,
        mean_nps_score: 7.5,
        csat_responses: 3,
        csat_satisfied: 2,
        csat_pct: 66.6667,
      },
      {
        release_tag: 'v2',
        published_at: '2026-03-15T12:00:00.000Z',
        next_published_at: null,
        nps_responses: 4,
        promoters: 2,
        passives: 1,
        detractors: 1,
        nps: 25,
        mean_nps_score: 6.75,
        csat_responses: 2,
        csat_satisfied: 2,
        csat_pct: 100,
      },
    ]);
  });

  it('keeps answers older than every release in a row without a tag; no CSAT answers give a null CSAT', async () => {
    await lake.write(surveyResponses, [answer('nps', 10, '2026-03-01'), answer('nps', 4, '2026-03-02')]);

    const { rows } = await run('nps_by_release', MARCH);

    expect(rows).toEqual([
      expect.objectContaining({
        release_tag: null,
        published_at: null,
        nps_responses: 2,
        nps: 0,
        csat_responses: 0,
        csat_pct: null,
      }),
    ]);
  });
});

describe('Query: sentiment_weekly (sources and mixed)', () => {
  it('keeps sources apart, counts mixed as neutral, and has no positive share without opinions', async () => {
    // Week of 2026-03-02: slack positive, negative, mixed → share 1/2; survey neutral only → null.
    const score = (id: string, source: string, sentiment: string) => ({
      item_id: id,
      source,
      text_hash: id,
      sentiment,
      analyzer: 'fixture',
      created_at: '2026-03-03T08:00:00.000Z',
    });
    await lake.write(feedbackScores, [
      score('a', 'slack', 'positive'),
      score('b', 'slack', 'negative'),
      score('c', 'slack', 'mixed'),
      score('d', 'survey', 'neutral'),
    ]);

    const { rows } = await run('sentiment_weekly', MARCH);

    expect(rows).toEqual([
      {
        week: '2026-03-02',
        source: 'slack',
        items: 3,
        positive: 1,
        negative: 1,
        neutral: 1,
        positive_share: 0.5,
      },
      {
        week: '2026-03-02',
        source: 'survey',
        items: 1,
        positive: 0,
        negative: 0,
        neutral: 1,
        positive_share: null,
      },
    ]);
  });
});
