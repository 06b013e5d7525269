import { feedbackItems } from '../../catalog/tables.ts';
import { redactSecrets } from '../../feedback/redact.ts';
import { bad, clip, isObject, jsonDocumentParser, type SourceParser, str, toIsoUtc } from '../records.ts';

/** Message subtypes that carry no feedback (membership and housekeeping events). */
const IGNORED_SUBTYPES = new Set([
  'channel_join',
  'channel_leave',
  'channel_topic',
  'channel_purpose',
  'channel_name',
  'pinned_item',
]);
/** Slack export metadata files that sit beside the channel folders. */
const METADATA_FILES = /(^|\/)(users|channels|groups|dms|mpims|integration_logs|canvases)\.json$/;

/** Slack export JSON under `feedback/slack/<channel>/<YYYY-MM-DD>.json`: a day's message array. */
export const slackParser: SourceParser = jsonDocumentParser({
  name: 'slack',
  tables: [feedbackItems.name],
  matches: (key) => key.startsWith('feedback/slack/') && key.endsWith('.json'),
  *records(document, key) {
    if (METADATA_FILES.test(key)) {
      yield { kind: 'skipped', position: '$', reason: 'Slack export metadata file' };
      return;
    }
    const channel = key.split('/').at(-2) ?? 'unknown';
    if (!Array.isArray(document)) {
      yield bad('$', '$', 'expected an array of Slack messages', clip(document));
      return;
    }
    for (const [i, message] of document.entries()) {
      const position = `[${i}]`;
      if (!isObject(message)) {
        yield bad(position, '$', 'expected a message object', clip(message));
        continue;
      }
      if (typeof message.subtype === 'string' && IGNORED_SUBTYPES.has(message.subtype)) {
        yield { kind: 'skipped', position, reason: `subtype ${message.subtype}` };
        continue;
      }
      const ts = str(message.ts);
      const createdAt = ts ? toIsoUtc(ts) : undefined;
      if (!ts || !createdAt) {
        yield bad(position, 'ts', `not a Slack timestamp: ${JSON.stringify(message.ts)}`, clip(message));
        continue;
      }
      const reactions = Array.isArray(message.reactions)
        ? message.reactions.reduce(
            (sum: number, r) => sum + (isObject(r) && typeof r.count === 'number' ? r.count : 0),
            0,
          )
        : 0;
      yield {
        kind: 'row',
        table: feedbackItems.name,
        position,
        row: {
          item_id: `slack:message:${channel}:${ts}`,
          source: 'slack',
          kind: 'message',
          thread_id: `slack:${channel}:${str(message.thread_ts) ?? ts}`,
          author: str(message.user) ?? str(message.username) ?? str(message.bot_id),
          author_is_bot: message.subtype === 'bot_message' || typeof message.bot_id === 'string',
          title: null,
          body: typeof message.text === 'string' ? redactSecrets(message.text) : null,
          url: null,
          labels: [],
          reactions,
          reactions_plus_one: null,
          state: null,
          created_at: createdAt,
          updated_at: null,
          source_key: key,
        },
      };
    }
  },
});
