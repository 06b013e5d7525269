import type { Row } from '../../shared/catalog/types.ts';

/** What a fixture call may set; everything else gets a plain default. */
export interface UiEventFixture {
  readonly actor: string;
  /** ISO-8601 UTC instant, or a bare day (`2026-03-01`, taken as 10:00 UTC). */
  readonly at: string;
  readonly type?: 'track' | 'page' | 'identify';
  readonly name?: string | null;
  readonly page?: string | null;
  readonly installation?: string;
  readonly version?: string | null;
  readonly feature?: string | null;
  readonly x?: number;
  readonly y?: number;
  readonly element?: string;
  readonly properties?: Record<string, unknown>;
}

let counter = 0;

/**
 * One `ui_events` row for query fixtures, with a fresh message_id.
 *
 * @example uiEvent({ actor: 'u1', at: '2026-03-01T10:05:00.000Z', type: 'page', page: '/overview' })
 */
export function uiEvent(f: UiEventFixture): Row {
  const type = f.type ?? 'track';
  return {
    message_id: `fixture-${counter++}`,
    event_type: type,
    event_name: f.name ?? (type === 'identify' ? null : 'Action'),
    actor_id: f.actor,
    user_id: f.actor,
    installation_id: f.installation ?? 'i1',
    odigos_version: f.version ?? null,
    feature: f.feature ?? null,
    page_path: f.page ?? null,
    event_time: /^\d{4}-\d{2}-\d{2}$/.test(f.at) ? `${f.at}T10:00:00.000Z` : f.at,
    click_x: f.x ?? null,
    click_y: f.y ?? null,
    element: f.element ?? null,
    properties: JSON.stringify(f.properties ?? {}),
    source_key: 'fixture',
  };
}

/** A page view, as the Segment `page` call records it. */
export const pageView = (actor: string, at: string, page: string, extra: Partial<UiEventFixture> = {}) =>
  uiEvent({ actor, at, type: 'page', name: page, page, ...extra });

/** A click with its normalised position, as the Odigos UI tracks it. */
export const click = (
  actor: string,
  page: string,
  x: number,
  y: number,
  element = 'button#x',
  at = '2026-03-02',
) => uiEvent({ actor, at, name: 'Element Clicked', feature: 'clicks', page, x, y, element });
