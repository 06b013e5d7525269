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

const BOT_LOGINS = /(\[bot\]$|^dependabot|^github-actions|^renovate|^CLAassistant$|^cla-bot|^codecov)/i;

function author(user: unknown): { login: string | null; isBot: boolean } {
  if (!isObject(user)) return { login: null, isBot: false };
  const login = str(user.login);
  return { login, isBot: user.type === 'Bot' || (login !== null && BOT_LOGINS.test(login)) };
}

function reactions(item: Record<string, unknown>): { total: number | null; plusOne: number | null } {
  const r = isObject(item.reactions) ? item.reactions : undefined;
  const total = typeof r?.total_count === 'number' ? r.total_count : null;
  const plusOne = typeof r?.['+1'] === 'number' ? (r['+1'] as number) : null;
  return { total, plusOne };
}

/** Maps one object from the GitHub REST API (issue, pull request or issue comment) to a feedback row. */
export function githubObjectToRecord(item: unknown, position: string, sourceKey: string): ParsedRecord {
  if (!isObject(item)) return bad(position, '$', 'expected a GitHub API object', clip(item));
  if (typeof item.id !== 'number') return bad(position, 'id', 'missing numeric id', clip(item));
  const createdAt = toIsoUtc(item.created_at);
  if (!createdAt)
    return bad(position, 'created_at', `not a timestamp: ${JSON.stringify(item.created_at)}`, clip(item));
  const who = author(item.user);
  const { total, plusOne } = reactions(item);
  const common = {
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
  };
  if (typeof item.issue_url === 'string') {
    return {
      kind: 'row',
      table: feedbackItems.name,
      position,
      row: {
        ...common,
        item_id: `github:issue_comment:${item.id}`,
        kind: 'issue_comment',
        thread_id: item.issue_url,
        title: null,
        labels: [],
        state: null,
      },
    };
  }
  if (typeof item.number === 'number' && typeof item.title === 'string') {
    const labels = Array.isArray(item.labels)
      ? item.labels.map((l) => (isObject(l) ? str(l.name) : str(l))).filter((l): l is string => l !== null)
      : [];
    return {
      kind: 'row',
      table: feedbackItems.name,
      position,
      row: {
        ...common,
        item_id: `github:issue:${item.id}`,
        kind: isObject(item.pull_request) ? 'pull_request' : 'issue',
        thread_id: str(item.url) ?? str(item.html_url),
        title: redactSecrets(item.title),
        labels,
        state: str(item.state),
      },
    };
  }
  return bad(position, '$', 'neither an issue (number, title) nor an issue comment (issue_url)', clip(item));
}

/** GitHub REST API JSON under `feedback/github/`: a page (array) of issues or issue comments. */
export const githubParser: SourceParser = jsonDocumentParser({
  name: 'github',
  tables: [feedbackItems.name],
  matches: (key) => key.startsWith('feedback/github/') && key.endsWith('.json'),
  *records(document, key) {
    const items = Array.isArray(document) ? document : [document];
    for (const [i, item] of items.entries()) yield githubObjectToRecord(item, `[${i}]`, key);
  },
});
