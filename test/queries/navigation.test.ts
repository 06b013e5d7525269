import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runQuery } from '../../shared/analytics/run-query.ts';
import { uiEvents } from '../../shared/catalog/tables.ts';
import { type FixtureLake, fixtureLake } from '../support/lake.ts';
import { pageView, uiEvent } from '../support/ui-events.ts';

let lake: FixtureLake;
beforeEach(async () => {
  lake = await fixtureLake();
});
afterEach(() => lake.close());

const run = (name: string, params: Record<string, string | number>) =>
  runQuery(lake.engine, lake.catalog, name, params);
const RANGE = { start_date: '2026-03-01', end_date: '2026-03-31' };
const at = (day: string, time: string) => `2026-03-${day}T${time}.000Z`;

/**
 * Seven sessions with the default 30-minute gap (O = /overview, M = /service-map, S = /settings):
 *   a1: O (reload O) M O    a2: O S    b1: O M O    c1: (identify) O S    d1: O    d2: O    e1: O S
 */
const sessions = () => [
  pageView('a', at('02', '10:00:00'), '/overview'),
  uiEvent({ actor: 'a', at: at('02', '10:01:00'), name: 'Element Clicked', page: '/overview' }),
  pageView('a', at('02', '10:02:00'), '/overview'), // the same page again: not a step
  pageView('a', at('02', '10:05:00'), '/service-map'),
  pageView('a', at('02', '10:20:00'), '/overview'),
  pageView('a', at('02', '11:00:00'), '/overview'), // 40 minutes later: a new session
  pageView('a', at('02', '11:10:00'), '/settings'),
  pageView('b', at('02', '09:00:00'), '/overview'),
  pageView('b', at('02', '09:10:00'), '/service-map'),
  pageView('b', at('02', '09:20:00'), '/overview'),
  uiEvent({ actor: 'c', at: at('02', '09:00:00'), type: 'identify' }),
  pageView('c', at('02', '09:05:00'), '/overview'),
  pageView('c', at('02', '09:06:00'), '/settings'),
  pageView('d', at('02', '08:00:00'), '/overview'),
  pageView('d', at('02', '08:40:00'), '/overview'), // 40 minutes later: a second one-page session
  pageView('e', at('03', '15:00:00'), '/overview'),
  pageView('e', at('03', '15:30:00'), '/settings'), // exactly 30 minutes: still the same session
];

describe('Query: top_paths', () => {
  it('ranks whole session paths, with each path’s share of all sessions', async () => {
    // Prepare
    await lake.write(uiEvents, sessions());

    // Act
    const { rows } = await run('top_paths', RANGE);

    // Assess: O S ×3 (a, c, e); O ×2 (d twice); O M O ×2 (a, b); 7 sessions. Ties sort by path.
    expect(rows).toEqual([
      { rank: 1, path: '/overview > /settings', steps: 2, sessions: 3, users: 3, session_share: 3 / 7 },
      { rank: 2, path: '/overview', steps: 1, sessions: 2, users: 1, session_share: 2 / 7 },
      {
        rank: 3,
        path: '/overview > /service-map > /overview',
        steps: 3,
        sessions: 2,
        users: 2,
        session_share: 2 / 7,
      },
    ]);
  });

  it('cuts paths after max_steps, returns the top `limit`, and uses session_gap_minutes', async () => {
    // Prepare
    await lake.write(uiEvents, sessions());

    // Act
    const cut = await run('top_paths', { ...RANGE, max_steps: 2, limit: 2 });
    // With a 60-minute gap a1+a2 and d1+d2 become one session each: a = O M O S, d = O.
    const longer = await run('top_paths', { ...RANGE, session_gap_minutes: 60 });

    // Assess: cut to two pages, O M O becomes O M; the top two of O S (3), O (2), O M (2).
    expect(cut.rows.map((r) => [r.rank, r.path, r.sessions])).toEqual([
      [1, '/overview > /settings', 3],
      [2, '/overview', 2],
    ]);
    expect(longer.rows.map((r) => [r.path, r.sessions, r.session_share])).toEqual([
      ['/overview > /settings', 2, 0.4],
      ['/overview', 1, 0.2],
      ['/overview > /service-map > /overview', 1, 0.2],
      ['/overview > /service-map > /overview > /settings', 1, 0.2],
    ]);
  });
});

describe('Query: transitions', () => {
  it('counts moves between pages with their share of the from-page’s exits and its drop-off', async () => {
    // Prepare: overview is viewed 9 times (a1 twice, b1 twice, a2, c1, d1, d2, e1) and left for
    // settings 3×, service-map 2×, and by ending the session 4× (a1, b1, d1, d2).
    // service-map: 2 views, both to overview. settings: 3 views, all session ends.
    await lake.write(uiEvents, sessions());

    // Act
    const { rows } = await run('transitions', RANGE);
    const busy = await run('transitions', { ...RANGE, min_count: 3 });

    // Assess
    const overview = { from_page: '/overview', from_views: 9, drop_offs: 4, drop_off_share: 4 / 9 };
    const settingsEnd = {
      from_page: '/settings',
      to_page: null,
      transitions: 0,
      from_views: 3,
      share: 0,
      drop_offs: 3,
      drop_off_share: 1,
    };
    expect(rows).toEqual([
      { ...overview, to_page: '/settings', transitions: 3, share: 3 / 9 },
      { ...overview, to_page: '/service-map', transitions: 2, share: 2 / 9 },
      {
        from_page: '/service-map',
        to_page: '/overview',
        transitions: 2,
        from_views: 2,
        share: 1,
        drop_offs: 0,
        drop_off_share: 0,
      },
      settingsEnd,
    ]);
    expect(busy.rows).toEqual([
      { ...overview, to_page: '/settings', transitions: 3, share: 3 / 9 },
      settingsEnd,
    ]);
  });
});

describe('Query: onboarding_funnel', () => {
  const CS = '/choose-sources';
  const CD = '/choose-destination';
  const SUMMARY = '/setup-summary';
  const track = (actor: string, when: string, name: string, page: string, success?: boolean) =>
    uiEvent({ actor, at: when, name, page, ...(success === undefined ? {} : { properties: { success } }) });
  const TESTED = 'Destination Connection Tested';

  const journeys = () => [
    // f1 finishes in six minutes, after one failed connection test.
    pageView('f1', at('02', '10:00:00'), CS),
    track('f1', at('02', '10:01:00'), 'Sources Instrumented', CS),
    pageView('f1', at('02', '10:01:30'), CD),
    track('f1', at('02', '10:03:00'), TESTED, CD, false),
    track('f1', at('02', '10:04:00'), TESTED, CD, true),
    track('f1', at('02', '10:04:30'), 'Destination Created', CD),
    pageView('f1', at('02', '10:05:00'), SUMMARY),
    track('f1', at('02', '10:06:00'), 'Onboarding Completed', SUMMARY),
    // f2's test fails on day one; two days later it passes and f2 finishes.
    pageView('f2', at('02', '10:00:00'), CS),
    track('f2', at('02', '10:02:00'), 'Sources Instrumented', CS),
    pageView('f2', at('02', '10:02:30'), CD),
    track('f2', at('02', '10:04:00'), TESTED, CD, false),
    pageView('f2', at('04', '09:00:00'), CD),
    track('f2', at('04', '09:02:00'), TESTED, CD, true),
    track('f2', at('04', '09:02:30'), 'Destination Created', CD),
    pageView('f2', at('04', '09:03:00'), SUMMARY),
    track('f2', at('04', '09:04:00'), 'Onboarding Completed', SUMMARY),
    // f3 opens /choose-sources and leaves.
    pageView('f3', at('03', '10:00:00'), CS),
    // f4 starts, then uses the overview's create dialogs: not onboarding steps.
    pageView('f4', at('03', '11:00:00'), CS),
    track('f4', at('03', '11:05:00'), 'Sources Instrumented', '/overview'),
    track('f4', at('03', '11:06:00'), 'Destination Created', '/overview'),
    // f5 never views /choose-sources in the range: not in the funnel.
    pageView('f5', at('02', '12:00:00'), CD),
    track('f5', at('02', '12:01:00'), TESTED, CD, true),
    // f6 saw /choose-destination only before starting: out of order, stops at step 2.
    pageView('f6', at('02', '09:00:00'), CD),
    pageView('f6', at('02', '09:30:00'), CS),
    track('f6', at('02', '09:31:00'), 'Sources Instrumented', CS),
  ];

  const step = (
    n: number,
    name: string,
    users: number,
    fromPrevious: number | null,
    fromFirst: number,
    median: number | null,
  ) => ({
    step: n,
    step_name: name,
    users,
    conversion_from_previous: fromPrevious,
    conversion_from_first: fromFirst,
    median_seconds_from_previous: median,
  });

  it('counts users per step in order, with conversion and the median time from the previous step', async () => {
    // Prepare
    await lake.write(uiEvents, journeys());

    // Act
    const { rows } = await run('onboarding_funnel', RANGE);

    // Assess: 5 start (f1 f2 f3 f4 f6); f1 f2 f6 instrument (60 s, 120 s, 60 s → median 60);
    // f1 and f2 go on: to choose_destination 30 s each, first test 90 s each, first success 60 s (f1)
    // and 46 h 58 min = 169080 s (f2) — DuckDB's median of two interpolates: 84570 — then 30, 30, 60 s.
    expect(rows).toEqual([
      step(1, 'choose_sources', 5, null, 1, null),
      step(2, 'sources_instrumented', 3, 3 / 5, 3 / 5, 60),
      step(3, 'choose_destination', 2, 2 / 3, 2 / 5, 30),
      step(4, 'connection_tested', 2, 1, 2 / 5, 90),
      step(5, 'connection_succeeded', 2, 1, 2 / 5, 84570),
      step(6, 'destination_created', 2, 1, 2 / 5, 30),
      step(7, 'setup_summary', 2, 1, 2 / 5, 30),
      step(8, 'onboarding_completed', 2, 1, 2 / 5, 60),
    ]);
  });

  it('drops steps reached after conversion_window_days from the start', async () => {
    // Prepare
    await lake.write(uiEvents, journeys());

    // Act: f2's success comes ~47 hours after its start, outside a one-day window.
    const { rows } = await run('onboarding_funnel', { ...RANGE, conversion_window_days: 1 });

    // Assess
    expect(rows.map((r) => [r.step, r.users, r.conversion_from_previous])).toEqual([
      [1, 5, null],
      [2, 3, 3 / 5],
      [3, 2, 2 / 3],
      [4, 2, 1],
      [5, 1, 1 / 2],
      [6, 1, 1],
      [7, 1, 1],
      [8, 1, 1],
    ]);
  });
});
