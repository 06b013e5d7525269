import { feedbackReactions } from '../../catalog/tables.ts';
import {
  bad,
  clip,
  isObject,
  jsonDocumentParser,
  type ParsedRecord,
  type SourceParser,
  toIsoUtc,
} from '../records.ts';
import { githubUser, REACTIONS_PREFIX } from './github.ts';

/** The reaction contents the REST API knows. */
const CONTENTS = new Set(['+1', '-1', 'laugh', 'confused', 'heart', 'hooray', 'rocket', 'eyes']);

/**
 * `feedback/github/reactions/<owner>/<repo>/issues/<number>.json` (later pages as
 * `…/issues/<number>/page-<n>.json`): the key names the issue, since the reactions list does not.
 */
const REACTIONS_KEY = new RegExp(
  `^${REACTIONS_PREFIX}([A-Za-z0-9_.-]+)/([A-Za-z0-9_.-]+)/issues/([1-9]\\d{0,9})(?:/[^/]+)?\\.json$`,
);

/** The issue a reaction is given to, as the columns that tie it to `feedback_items`. */
interface ReactedIssue {
  readonly repository: string;
  readonly issue_number: number;
  readonly thread_id: string;
}

/** Maps one reaction from `GET /repos/{owner}/{repo}/issues/{number}/reactions` to a row. */
export function reactionToRecord(
  reaction: unknown,
  position: string,
  issue: ReactedIssue,
  sourceKey: string,
): ParsedRecord {
  if (!isObject(reaction)) return bad(position, '$', 'expected a reaction object', clip(reaction));
  if (typeof reaction.id !== 'number' || !Number.isSafeInteger(reaction.id))
    return bad(position, 'id', 'missing numeric id', clip(reaction));
  if (typeof reaction.content !== 'string' || !CONTENTS.has(reaction.content))
    return bad(
      position,
      'content',
      `not a reaction (${[...CONTENTS].join(', ')}): ${JSON.stringify(reaction.content)}`,
      clip(reaction),
    );
  const createdAt = toIsoUtc(reaction.created_at);
  if (!createdAt)
    return bad(
      position,
      'created_at',
      `not a timestamp: ${JSON.stringify(reaction.created_at)}`,
      clip(reaction),
    );
  const who = githubUser(reaction.user);
  return {
    kind: 'row',
    table: feedbackReactions.name,
    position,
    row: {
      reaction_id: `github:reaction:${reaction.id}`,
      source: 'github',
      ...issue,
      content: reaction.content,
      user_login: who.login,
      user_is_bot: who.isBot,
      created_at: createdAt,
      source_key: sourceKey,
    },
  };
}

/**
 * GitHub REST reactions to an issue or pull request, one page (array) per object under
 * `feedback/github/reactions/<owner>/<repo>/issues/<number>.json` → `feedback_reactions`, one row
 * per reaction, so demand can be counted per distinct person.
 */
export const githubReactionsParser: SourceParser = jsonDocumentParser({
  name: 'github-reactions',
  tables: [feedbackReactions.name],
  matches: (key) => REACTIONS_KEY.test(key),
  *records(document, key) {
    const [, owner, repo, number] = REACTIONS_KEY.exec(key) ?? [];
    const issue: ReactedIssue = {
      repository: `${owner}/${repo}`,
      issue_number: Number(number),
      // The issue's API URL: what `feedback_items.thread_id` holds for the issue and its comments.
      thread_id: `https://api.github.com/repos/${owner}/${repo}/issues/${number}`,
    };
    if (!Array.isArray(document)) {
      yield bad(
        '$',
        '$',
        'expected an array of reactions (GET /repos/{owner}/{repo}/issues/{number}/reactions)',
        clip(document),
      );
      return;
    }
    for (const [i, reaction] of document.entries()) yield reactionToRecord(reaction, `[${i}]`, issue, key);
  },
});
