import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runQuery } from '../../shared/analytics/run-query.ts';
import { uiEvents } from '../../shared/catalog/tables.ts';
import { type FixtureLake, fixtureLake } from '../support/lake.ts';
import { click, pageView, uiEvent } from '../support/ui-events.ts';

let lake: FixtureLake;
beforeEach(async () => {
  lake = await fixtureLake();
});
afterEach(() => lake.close());

const run = (name: string, params: Record<string, string | number>) =>
  runQuery(lake.engine, lake.catalog, name, params);
const RANGE = { start_date: '2026-03-01', end_date: '2026-03-31' };

describe('Query: click_heatmap', () => {
  const clicks = () => [
    click('u1', '/overview', 0.05, 0.05), // 10×10: (0, 0)   2×2: (0, 0)
    click('u2', '/overview', 0.09, 0.01), // 10×10: (0, 0)   2×2: (0, 0)
    click('u1', '/overview', 1, 1), //       the far corner falls in the last cell: (9, 9), (1, 1)
    click('u1', '/overview', 0.55, 0.12), // 10×10: (5, 1)   2×2: (1, 0)
    click('u2', '/overview', 0.999, 0.5), // 10×10: (9, 5)   2×2: (1, 1)
    click('u3', '/service-map', 0.5, 0.5), // 10×10: (5, 5)  2×2: (1, 1)
    // Not clicks, or outside the range:
    uiEvent({ actor: 'u1', at: '2026-03-02', name: 'Action', page: '/overview', x: 0.5, y: 0.5 }),
    pageView('u1', '2026-03-02', '/overview'),
    click('u1', '/overview', 0.5, 0.5, 'button#x', '2026-04-01'),
  ];

  it('counts clicks per cell of a 10×10 grid by default, with the share of the page and the intensity', async () => {
    // Prepare
    await lake.write(uiEvents, clicks());

    // Act
    const { rows } = await run('click_heatmap', RANGE);

    // Assess: /overview has 5 clicks, its busiest cell (0, 0) has 2.
    const overview = { page_path: '/overview', page_clicks: 5 };
    expect(rows).toEqual([
      { ...overview, cell_x: 0, cell_y: 0, clicks: 2, users: 2, click_share: 0.4, intensity: 1 },
      { ...overview, cell_x: 5, cell_y: 1, clicks: 1, users: 1, click_share: 0.2, intensity: 0.5 },
      { ...overview, cell_x: 9, cell_y: 5, clicks: 1, users: 1, click_share: 0.2, intensity: 0.5 },
      { ...overview, cell_x: 9, cell_y: 9, clicks: 1, users: 1, click_share: 0.2, intensity: 0.5 },
      {
        page_path: '/service-map',
        page_clicks: 1,
        cell_x: 5,
        cell_y: 5,
        clicks: 1,
        users: 1,
        click_share: 1,
        intensity: 1,
      },
    ]);
  });

  it('uses grid_size cells per side', async () => {
    // Prepare
    await lake.write(uiEvents, clicks());

    // Act
    const { rows } = await run('click_heatmap', { ...RANGE, grid_size: 2 });

    // Assess: /overview (0, 0) 2 clicks, (1, 0) 1, (1, 1) 2 (u1 and u2); /service-map (1, 1) 1.
    expect(rows.map((r) => [r.page_path, r.cell_x, r.cell_y, r.clicks, r.users, r.intensity])).toEqual([
      ['/overview', 0, 0, 2, 2, 1],
      ['/overview', 1, 0, 1, 1, 0.5],
      ['/overview', 1, 1, 2, 2, 1],
      ['/service-map', 1, 1, 1, 1, 1],
    ]);
  });
});

describe('Query: element_clicks', () => {
  it('counts clicks per page and element with the share of the page’s clicks and clickers', async () => {
    // Prepare: /overview has 5 clicks by u1, u2, u3; /service-map 2 clicks by u2.
    await lake.write(uiEvents, [
      click('u1', '/overview', 0.9, 0.1, 'button#add-new'),
      click('u1', '/overview', 0.9, 0.1, 'button#add-new'),
      click('u2', '/overview', 0.9, 0.1, 'button#add-new'),
      click('u3', '/overview', 0.4, 0.5, 'node.source'),
      uiEvent({ actor: 'u1', at: '2026-03-02', name: 'Element Clicked', page: '/overview' }), // no element
      click('u2', '/service-map', 0.5, 0.5, 'node.service'),
      click('u2', '/service-map', 0.5, 0.5, 'node.service'),
      uiEvent({ actor: 'u4', at: '2026-03-02', name: 'Action', page: '/overview', element: 'modal#create' }),
    ]);

    // Act
    const { rows } = await run('element_clicks', RANGE);

    // Assess
    const overview = { page_path: '/overview', page_clicks: 5, page_users: 3 };
    expect(rows).toEqual([
      { ...overview, element: 'button#add-new', clicks: 3, users: 2, click_share: 0.6, user_share: 2 / 3 },
      { ...overview, element: 'node.source', clicks: 1, users: 1, click_share: 0.2, user_share: 1 / 3 },
      { ...overview, element: null, clicks: 1, users: 1, click_share: 0.2, user_share: 1 / 3 },
      {
        page_path: '/service-map',
        page_clicks: 2,
        page_users: 1,
        element: 'node.service',
        clicks: 2,
        users: 1,
        click_share: 1,
        user_share: 1,
      },
    ]);
  });
});
