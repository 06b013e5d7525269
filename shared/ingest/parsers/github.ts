import { feedbackItems } from '../../catalog/tables.ts';
import { redactSecrets } from '../../feedback/redact.ts';
import {
  bad,
  clip,
  isObject,
  jsonDocumentParser,
  type ParsedRecord,
  type SourceParser,
  str,
  toIsoUtc,
} from '../records.ts';

type Json = Record<string, unknown>;

/**
 * Key layout under `feedback/github/`: discussions and reactions have their own folders (and
 * parsers); every other `.json` there is a page of issues, pull requests or issue comments.
 */
export const GITHUB_PREFIX = 'feedback/github/';
export const DISCUSSION_PREFIXES = [`${GITHUB_PREFIX}discussions/`, `${GITHUB_PREFIX}discussion-comments/`];
export const REACTIONS_PREFIX = `${GITHUB_PREFIX}reactions/`;

const BOT_LOGINS = /(\[bot\]$|^dependabot|^github-actions|^renovate|^CLAassistant$|^cla-bot|^codecov)/i;

/** The login of a REST `user` or GraphQL `author`, and whether it is a bot. */
export function githubUser(user: unknown): { login: string | null; isBot: boolean } {
  if (!isObject(user)) return { login: null, isBot: false };
  const login = str(user.login);
  return {
    login,
    isBot: user.type === 'Bot' || user.__typename === 'Bot' || (login !== null && BOT_LOGINS.test(login)),
  };
}

function reactions(item: Json): { total: number | null; plusOne: number | null } {
  const r = isObject(item.reactions) ? item.reactions : undefined;
  const total = typeof r?.total_count === 'number' ? r.total_count : null;
  const plusOne = typeof r?.['+1'] === 'number' ? (r['+1'] as number) : null;
  return { total, plusOne };
}

/** Label names from a REST label array (objects or strings). */
export function labelNames(labels: unknown): string[] {
  return Array.isArray(labels)
    ? labels.map((l) => (isObject(l) ? str(l.name) : str(l))).filter((l): l is string => l !== null)
    : [];
}

/** The columns that tell one kind of GitHub item from another. */
interface ItemColumns {
  readonly item_id: string;
  readonly kind: string;
  readonly thread_id: string | null;
  readonly title: string | null;
  readonly labels: readonly string[];
  readonly state: string | null;
}

/**
 * A `feedback_items` row from a GitHub object with REST field names (`user`, `body`, `html_url`,
 * `reactions`, `created_at`, `updated_at`) and the columns of its kind; bad without a creation time
 * (quarantined as `raw`, the object as it arrived).
 */
export function githubFeedbackRecord(
  item: Json,
  position: string,
  sourceKey: string,
  columns: ItemColumns,
  raw: unknown = item,
): ParsedRecord {
  const createdAt = toIsoUtc(item.created_at);
  if (!createdAt)
    return bad(position, 'created_at', `not a timestamp: ${JSON.stringify(item.created_at)}`, clip(raw));
  const who = githubUser(item.user);
  const { total, plusOne } = reactions(item);
  return {
    kind: 'row',
    table: feedbackItems.name,
    position,
    row: {
      source: 'github',
      author: who.login,
      author_is_bot: who.isBot,
      body: typeof item.body === 'string' ? redactSecrets(item.body) : null,
      url: str(item.html_url),
      reactions: total,
      reactions_plus_one: plusOne,
      created_at: createdAt,
      updated_at: toIsoUtc(item.updated_at) ?? null,
      source_key: sourceKey,
      ...columns,
    },
  };
}

/** Maps one object from the GitHub REST API (issue, pull request or issue comment) to a feedback row. */
export function githubObjectToRecord(item: unknown, position: string, sourceKey: string): ParsedRecord {
  if (!isObject(item)) return bad(position, '$', 'expected a GitHub API object', clip(item));
  if (typeof item.id !== 'number') return bad(position, 'id', 'missing numeric id', clip(item));
  if (typeof item.issue_url === 'string') {
    return githubFeedbackRecord(item, position, sourceKey, {
      item_id: `github:issue_comment:${item.id}`,
      kind: 'issue_comment',
      thread_id: item.issue_url,
      title: null,
      labels: [],
      state: null,
    });
  }
  if (typeof item.number === 'number' && typeof item.title === 'string') {
    return githubFeedbackRecord(item, position, sourceKey, {
      item_id: `github:issue:${item.id}`,
      kind: isObject(item.pull_request) ? 'pull_request' : 'issue',
      thread_id: str(item.url) ?? str(item.html_url),
      title: redactSecrets(item.title),
      labels: labelNames(item.labels),
      state: str(item.state),
    });
  }
  return bad(position, '$', 'neither an issue (number, title) nor an issue comment (issue_url)', clip(item));
}

/**
 * GitHub REST API JSON under `feedback/github/` (outside the discussion and reaction folders): a page
 * (array) of issues or issue comments.
 */
export const githubParser: SourceParser = jsonDocumentParser({
  name: 'github',
  tables: [feedbackItems.name],
  matches: (key) =>
    key.startsWith(GITHUB_PREFIX) &&
    key.endsWith('.json') &&
    ![...DISCUSSION_PREFIXES, REACTIONS_PREFIX].some((prefix) => key.startsWith(prefix)),
  *records(document, key) {
    const items = Array.isArray(document) ? document : [document];
    for (const [i, item] of items.entries()) yield githubObjectToRecord(item, `[${i}]`, key);
  },
});
