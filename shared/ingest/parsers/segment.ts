import { uiEvents } from '../../catalog/tables.ts';
import {
  bad,
  clip,
  isObject,
  type ParsedRecord,
  type SourceObject,
  type SourceParser,
  str,
  toIsoUtc,
} from '../records.ts';

const CALL_TYPES = new Set(['track', 'page', 'screen', 'identify', 'group', 'alias']);

/** Page paths of the Odigos UI and the product feature each one exercises. */
const FEATURE_BY_PATH: readonly [RegExp, string][] = [
  [/^\/choose-sources/, 'onboarding'],
  [/^\/choose-destination/, 'onboarding'],
  [/^\/setup-summary/, 'onboarding'],
  [/^\/overview/, 'overview'],
  [/^\/service-map/, 'service_map'],
  [/^\/pipeline-collectors/, 'pipeline_collectors'],
  [/^\/sampling/, 'sampling_rules'],
  [/^\/settings/, 'settings'],
];

export function featureOfPath(path: string | null): string | null {
  if (!path) return null;
  return FEATURE_BY_PATH.find(([pattern]) => pattern.test(path))?.[1] ?? null;
}

const numberOrNull = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/**
 * Maps one Segment-spec call (as Segment and RudderStack S3 destinations write it) to a `ui_events` row.
 * Returns a bad record naming the field when the call cannot be trusted.
 */
export function segmentCallToRecord(call: unknown, position: string, sourceKey: string): ParsedRecord {
  if (!isObject(call)) return bad(position, '$', 'expected a JSON object per line', clip(call));
  const type = call.type;
  if (typeof type !== 'string' || !CALL_TYPES.has(type)) {
    return bad(position, 'type', `unknown Segment call type ${JSON.stringify(type)}`, clip(call));
  }
  const messageId = str(call.messageId);
  if (!messageId) return bad(position, 'messageId', 'messageId is missing', clip(call));
  const userId = str(call.userId);
  const anonymousId = str(call.anonymousId);
  if (!userId && !anonymousId)
    return bad(position, 'userId', 'neither userId nor anonymousId is set', clip(call));
  // Segment's `timestamp` is already corrected for client clock skew; fall back in its documented order.
  const rawTime = call.timestamp ?? call.originalTimestamp ?? call.sentAt ?? call.receivedAt;
  const eventTime = toIsoUtc(rawTime);
  if (!eventTime)
    return bad(position, 'timestamp', `not a timestamp: ${JSON.stringify(rawTime)}`, clip(call));

  const context = isObject(call.context) ? call.context : {};
  const odigos = isObject(context.odigos) ? context.odigos : {};
  const app = isObject(context.app) ? context.app : {};
  const page = isObject(context.page) ? context.page : {};
  const properties = isObject(call.properties) ? call.properties : {};
  const pagePath = str(page.path) ?? str(properties.path);

  const clickX = numberOrNull(properties.x);
  const clickY = numberOrNull(properties.y);
  for (const [field, value] of [
    ['properties.x', clickX],
    ['properties.y', clickY],
  ] as const) {
    if (value !== null && (value < 0 || value > 1)) {
      return bad(position, field, `click coordinate ${value} is outside the viewport (0..1)`, clip(call));
    }
  }

  return {
    kind: 'row',
    table: uiEvents.name,
    position,
    row: {
      message_id: messageId,
      event_type: type,
      event_name: str(call.event) ?? str(call.name),
      user_id: userId,
      anonymous_id: anonymousId,
      actor_id: userId ?? anonymousId,
      installation_id: str(odigos.installation_id) ?? str(context.groupId),
      cluster_name: str(odigos.cluster_name),
      odigos_version: str(odigos.version) ?? str(app.version),
      feature: str(properties.feature) ?? featureOfPath(pagePath),
      page_path: pagePath,
      event_time: eventTime,
      received_at: toIsoUtc(call.receivedAt) ?? null,
      click_x: clickX,
      click_y: clickY,
      viewport_width: Number.isSafeInteger(properties.viewportWidth) ? properties.viewportWidth : null,
      viewport_height: Number.isSafeInteger(properties.viewportHeight) ? properties.viewportHeight : null,
      element: str(properties.element),
      properties: JSON.stringify(properties),
      source_key: sourceKey,
    },
  };
}

/** Segment / RudderStack S3 destination objects: newline-delimited JSON, optionally gzipped. */
export const segmentParser: SourceParser = {
  name: 'segment',
  tables: [uiEvents.name],
  matches: (key) => key.startsWith('events/'),
  async *parse(source: SourceObject) {
    let lineNumber = 0;
    for await (const line of source.lines()) {
      lineNumber++;
      if (line.trim() === '') continue;
      const position = `line ${lineNumber}`;
      let call: unknown;
      try {
        call = JSON.parse(line);
      } catch (error) {
        yield bad(position, '$', `not valid JSON: ${(error as Error).message}`, clip(line));
        continue;
      }
      yield segmentCallToRecord(call, position, source.key);
    }
  },
};
