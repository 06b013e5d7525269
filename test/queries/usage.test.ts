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
const active = (actor: string, day: string) => uiEvent({ actor, at: day });

describe('Query: active_users', () => {
  it('counts DAU, WAU and MAU over trailing 1-, 7- and 30-day windows, reaching back before the range', async () => {
    // Prepare: reported days 03-10..03-12 (2026, February has 28 days).
    // MAU windows: 03-10 → 02-09..03-10, 03-11 → 02-10..03-11, 03-12 → 02-11..03-12.
    // WAU windows: 03-10 → 03-04..03-10, 03-11 → 03-05..03-11, 03-12 → 03-06..03-12.
    await lake.write(uiEvents, [
      active('u1', '2026-03-10'),
      active('u1', '2026-03-10'), // twice on one day is one active day
      active('u1', '2026-03-12'),
      active('u2', '2026-03-05'), // in WAU of 03-10 and 03-11, not 03-12
      active('u3', '2026-02-09'), // only in the MAU window of 03-10 (exactly 29 days before)
      active('u4', '2026-02-01'), // before every window
      active('u5', '2026-03-13'), // after the range
    ]);

    // Act
    const { rows } = await run('active_users', { start_date: '2026-03-10', end_date: '2026-03-12' });

    // Assess: 03-10: DAU {u1}, WAU {u1,u2}, MAU {u1,u2,u3}; 03-11: DAU {}, WAU {u1,u2}, MAU {u1,u2};
    // 03-12: DAU {u1}, WAU {u1}, MAU {u1,u2}.
    expect(rows).toEqual([
      { day: '2026-03-10', dau: 1, wau: 2, mau: 3, stickiness: 1 / 3 },
      { day: '2026-03-11', dau: 0, wau: 2, mau: 2, stickiness: 0 },
      { day: '2026-03-12', dau: 1, wau: 1, mau: 2, stickiness: 0.5 },
    ]);
  });
});

describe('Query: lifecycle', () => {
  // Weeks (Mondays, 2026): W0 = 02-23, W1 = 03-02, W2 = 03-09, W3 = 03-16, W4 = 03-23.
  const fixture = () => [
    active('a', '2026-03-03'), // W1
    active('a', '2026-03-11'), // W2
    active('a', '2026-03-25'), // W4
    active('b', '2026-02-25'), // W0
    active('b', '2026-03-12'), // W2
    active('c', '2026-03-18'), // W3
    active('d', '2026-03-06'), // W1
  ];

  it('classifies each week’s users as new, returning, resurrecting or dormant (worked by hand)', async () => {
    // Prepare
    // a: W1 new, W2 returning, W3 dormant, W4 resurrecting.   b: W0 new, W1 dormant, W2 resurrecting, W3 dormant.
    // c: W3 new, W4 dormant.                                   d: W1 new, W2 dormant.
    await lake.write(uiEvents, fixture());

    // Act: W0 is read (to know b is not new in W2) but not reported.
    const { rows } = await run('lifecycle', { start_date: '2026-03-04', end_date: '2026-03-29' });

    // Assess: quick ratio = (new + resurrecting) / dormant.
    expect(rows).toEqual([
      lifecycleRow('2026-03-02', { new: 2, returning: 0, resurrecting: 0, dormant: 1 }, 2),
      lifecycleRow('2026-03-09', { new: 0, returning: 1, resurrecting: 1, dormant: 1 }, 1),
      lifecycleRow('2026-03-16', { new: 1, returning: 0, resurrecting: 0, dormant: 2 }, 0.5),
      lifecycleRow('2026-03-23', { new: 0, returning: 0, resurrecting: 1, dormant: 1 }, 1),
    ]);
  });

  it('calls people new whose earlier activity is before history_start', async () => {
    // Prepare
    await lake.write(uiEvents, fixture());

    // Act: W0 is no longer read, so b is first seen in W2 and is not dormant in W1.
    const { rows } = await run('lifecycle', {
      start_date: '2026-03-02',
      end_date: '2026-03-15',
      history_start: '2026-03-01',
    });

    // Assess
    expect(rows).toEqual([
      lifecycleRow('2026-03-02', { new: 2, returning: 0, resurrecting: 0, dormant: 0 }, null),
      lifecycleRow('2026-03-09', { new: 1, returning: 1, resurrecting: 0, dormant: 1 }, 1),
    ]);
  });
});

function lifecycleRow(
  week: string,
  n: { new: number; returning: number; resurrecting: number; dormant: number },
  quickRatio: number | null,
) {
  return {
    week,
    new_users: n.new,
    returning_users: n.returning,
    resurrecting_users: n.resurrecting,
    dormant_users: n.dormant,
    active_users: n.new + n.returning + n.resurrecting,
    quick_ratio: quickRatio,
  };
}
