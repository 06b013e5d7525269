import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runQuery } from '../../shared/analytics/run-query.ts';
import { uiEvents } from '../../shared/catalog/tables.ts';
import { type FixtureLake, fixtureLake } from '../support/lake.ts';
import { uiEvent } from '../support/ui-events.ts';

let lake: FixtureLake;
beforeEach(async () => {
  lake = await fixtureLake();
});
afterEach(() => lake.close());

const run = (name: string, params: Record<string, string | number>) =>
  runQuery(lake.engine, lake.catalog, name, params);
const active = (actor: string, day: string, installation = 'i1', version: string | null = null) =>
  uiEvent({ actor, at: day, installation, version });
// Weeks (Mondays, 2026): W0 = 02-23, W1 = 03-02, W2 = 03-09, W3 = 03-16, W4 = 03-23.
const cell = (cohort: string, size: number, week: number, active: number) => ({
  cohort_week: cohort,
  cohort_users: size,
  week_number: week,
  active_users: active,
  retention: active / size,
});

describe('Query: weekly_cohorts', () => {
  const fixture = () => [
    ...['2026-03-03', '2026-03-10', '2026-03-24'].map((d) => active('a', d)), // W1 W2 W4
    ...['2026-03-04', '2026-03-18'].map((d) => active('b', d)), // W1 W3
    active('c', '2026-03-05'), // W1
    ...['2026-03-09', '2026-03-25'].map((d) => active('d', d)), // W2 W4
    ...['2026-03-11', '2026-03-26'].map((d) => active('e', d)), // W2 W4
    active('f', '2026-03-27'), // W4
    ...['2026-02-24', '2026-03-12'].map((d) => active('g', d)), // W0 W2: cohort W0, before the range
  ];

  it('builds the cohort matrix by first-seen week, with zero cells, up to the last week seen', async () => {
    // Prepare: cohort W1 = {a, b, c}: W2 a, W3 b, W4 a. Cohort W2 = {d, e} (g was first seen in W0):
    // nobody in W3, both in W4. Cohort W4 = {f}. Nobody was first seen in W3.
    await lake.write(uiEvents, fixture());

    // Act
    const { rows } = await run('weekly_cohorts', { start_date: '2026-03-02', end_date: '2026-03-29' });

    // Assess
    expect(rows).toEqual([
      cell('2026-03-02', 3, 0, 3),
      cell('2026-03-02', 3, 1, 1),
      cell('2026-03-02', 3, 2, 1),
      cell('2026-03-02', 3, 3, 1),
      cell('2026-03-09', 2, 0, 2),
      cell('2026-03-09', 2, 1, 0),
      cell('2026-03-09', 2, 2, 2),
      cell('2026-03-23', 1, 0, 1),
    ]);
  });

  it('stops at `weeks` and learns first-seen weeks only from history_start on', async () => {
    // Prepare
    await lake.write(uiEvents, fixture());

    // Act: from 03-01 on, g's W0 visit is not read, so g joins cohort W2.
    const { rows } = await run('weekly_cohorts', {
      start_date: '2026-03-09',
      end_date: '2026-03-29',
      weeks: 1,
      history_start: '2026-03-01',
    });

    // Assess
    expect(rows).toEqual([
      cell('2026-03-09', 3, 0, 3),
      cell('2026-03-09', 3, 1, 0),
      cell('2026-03-23', 1, 0, 1),
    ]);
  });
});

describe('Query: upgrade_cohorts', () => {
  it('follows the installations and users that moved to a version, from the week they were first seen on it', async () => {
    // Prepare: installation i1 runs v1 in W1 and v2 from W2; i2 stays on v1.
    // u1 and u2 used i1 on v1 in W1 and on v2 in W2: they moved to v2 in W2. u3 first appears on v2: new,
    // not moved. u1 comes back in W3, u3 in W4 (so i1 is active in W2, W3, W4).
    await lake.write(uiEvents, [
      active('u1', '2026-03-03', 'i1', 'v1'),
      active('u1', '2026-03-10', 'i1', 'v2'),
      active('u1', '2026-03-17', 'i1', 'v2'),
      active('u2', '2026-03-04', 'i1', 'v1'),
      active('u2', '2026-03-11', 'i1', 'v2'),
      active('u3', '2026-03-12', 'i1', 'v2'),
      active('u3', '2026-03-24', 'i1', 'v2'),
      active('u4', '2026-03-03', 'i2', 'v1'),
      active('u4', '2026-03-10', 'i2', null), // a call without a version moves nobody
      active('u4', '2026-03-18', 'i2', 'v1'),
    ]);

    // Act
    const { rows } = await run('upgrade_cohorts', { start_date: '2026-03-02', end_date: '2026-03-29' });
    const twoWeeks = await run('upgrade_cohorts', {
      start_date: '2026-03-02',
      end_date: '2026-03-29',
      weeks: 1,
    });

    // Assess: cohort (v2, installation, W2) = {i1}: active W2, W3, W4. (v2, user, W2) = {u1, u2}: W3 u1 only.
    const upgrade = (entity: string, size: number, week: number, retained: number) => ({
      odigos_version: 'v2',
      entity,
      cohort_week: '2026-03-09',
      cohort_size: size,
      week_number: week,
      retained,
      retention: retained / size,
    });
    expect(rows).toEqual([
      upgrade('installation', 1, 0, 1),
      upgrade('installation', 1, 1, 1),
      upgrade('installation', 1, 2, 1),
      upgrade('user', 2, 0, 2),
      upgrade('user', 2, 1, 1),
      upgrade('user', 2, 2, 0),
    ]);
    expect(twoWeeks.rows.map((r) => [r.entity, r.week_number, r.retained])).toEqual([
      ['installation', 0, 1],
      ['installation', 1, 1],
      ['user', 0, 2],
      ['user', 1, 1],
    ]);
  });
});

describe('Query: recurring_retention', () => {
  const row = (type: string, cohort: string, size: number, period: number, retained: number) => ({
    retention_type: type,
    cohort_period: cohort,
    cohort_users: size,
    period_number: period,
    retained_users: retained,
    retention: retained / size,
  });

  it('gives first-time cohorts (first active week) and recurring cohorts (every active week)', async () => {
    // Prepare: a active in W1 W2 W3, b in W1 W3, c in W2 W3.
    // first_time: W1 = {a, b}: W2 a, W3 a b.  W2 = {c}: W3 c.
    // recurring:  W1 = {a, b}: W2 a, W3 a b.  W2 = {a, c}: W3 a c.  W3 = {a, b, c}.
    await lake.write(uiEvents, [
      ...['2026-03-02', '2026-03-09', '2026-03-16'].map((d) => active('a', d)),
      ...['2026-03-03', '2026-03-17'].map((d) => active('b', d)),
      ...['2026-03-10', '2026-03-18'].map((d) => active('c', d)),
    ]);

    // Act
    const { rows } = await run('recurring_retention', { start_date: '2026-03-02', end_date: '2026-03-22' });

    // Assess
    expect(rows).toEqual([
      row('first_time', '2026-03-02', 2, 0, 2),
      row('first_time', '2026-03-02', 2, 1, 1),
      row('first_time', '2026-03-02', 2, 2, 2),
      row('first_time', '2026-03-09', 1, 0, 1),
      row('first_time', '2026-03-09', 1, 1, 1),
      row('recurring', '2026-03-02', 2, 0, 2),
      row('recurring', '2026-03-02', 2, 1, 1),
      row('recurring', '2026-03-02', 2, 2, 2),
      row('recurring', '2026-03-09', 2, 0, 2),
      row('recurring', '2026-03-09', 2, 1, 2),
      row('recurring', '2026-03-16', 3, 0, 3),
    ]);
  });

  it('counts in months when asked, and refuses a period it does not know', async () => {
    // Prepare: a in January, February and March; b in January and March.
    await lake.write(uiEvents, [
      ...['2026-01-15', '2026-02-10', '2026-03-05'].map((d) => active('a', d)),
      ...['2026-01-20', '2026-03-10'].map((d) => active('b', d)),
    ]);
    const range = { start_date: '2026-01-01', end_date: '2026-03-31' };

    // Act
    const { rows } = await run('recurring_retention', { ...range, period: 'month', periods: 2 });
    const year = run('recurring_retention', { ...range, period: 'year' });

    // Assess: first_time January = {a, b}: February a, March a b.
    expect(rows.filter((r) => r.retention_type === 'first_time')).toEqual([
      row('first_time', '2026-01-01', 2, 0, 2),
      row('first_time', '2026-01-01', 2, 1, 1),
      row('first_time', '2026-01-01', 2, 2, 2),
    ]);
    await expect(year).rejects.toThrow(/period must be day, week or month/);
  });
});
