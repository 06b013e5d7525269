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
} from '../records.ts';
import { DISCUSSION_PREFIXES, githubFeedbackRecord, labelNames } from './github.ts';

type Json = Record<string, unknown>;
type Located = readonly [path: string, node: unknown];

/** The nodes of a GraphQL connection (`nodes` or `edges[].node`) with their paths; undefined if none. */
function connection(value: unknown, path: string): Located[] | undefined {
  if (!isObject(value)) return undefined;
  if (Array.isArray(value.nodes)) return value.nodes.map((node, i) => [`${path}.nodes[${i}]`, node]);
  if (Array.isArray(value.edges))
    return value.edges.map((edge, i) => [`${path}.edges[${i}].node`, isObject(edge) ? edge.node : edge]);
  return undefined;
}

/** Thumbs-up count from GraphQL `reactionGroups` (`reactors` or the older `users` connection). */
function thumbsUp(groups: unknown): number | undefined {
  const group = Array.isArray(groups)
    ? groups.find((g) => isObject(g) && g.content === 'THUMBS_UP')
    : undefined;
  const people = isObject(group) ? (group.reactors ?? group.users) : undefined;
  return isObject(people) && typeof people.totalCount === 'number' ? people.totalCount : undefined;
}

/**
 * A discussion or comment under REST field names: the REST/webhook shape passes unchanged, a
 * GraphQL export node (`databaseId`, `author`, `createdAt`, `url`, connections) is renamed.
 */
function restNames(node: Json): Json {
  const reactions =
    isObject(node.reactions) && typeof node.reactions.totalCount === 'number'
      ? { total_count: node.reactions.totalCount, '+1': thumbsUp(node.reactionGroups) }
      : node.reactions;
  return {
    ...node,
    id: node.databaseId ?? node.id,
    user: node.user ?? node.author,
    created_at: node.created_at ?? node.createdAt,
    updated_at: node.updated_at ?? node.updatedAt,
    html_url: node.html_url ?? node.url,
    labels: connection(node.labels, '')?.map(([, label]) => label) ?? node.labels,
    reactions,
    state: node.state ?? (typeof node.closed === 'boolean' ? (node.closed ? 'closed' : 'open') : undefined),
  };
}

/** A comment's page URL without the `#discussioncomment-…` anchor is its discussion's URL. */
const DISCUSSION_URL = /^(https?:\/\/[^#]+\/discussions\/\d+)(#discussioncomment-\d+)?$/;

/** Maps one discussion or discussion comment to a feedback row; nested nodes are comments. */
function discussionToRecord(
  node: Json,
  position: string,
  sourceKey: string,
  thread: string | null,
  nested: boolean,
): ParsedRecord {
  const item = restNames(node);
  const id = item.id;
  if (!(typeof id === 'string' && id !== '') && !(typeof id === 'number' && Number.isSafeInteger(id)))
    return bad(position, 'id', 'missing id (REST id, GraphQL databaseId or id)', clip(node));
  if (!nested && typeof item.number === 'number' && typeof item.title === 'string') {
    const category = isObject(item.category) ? str(item.category.name) : null;
    return githubFeedbackRecord(
      item,
      position,
      sourceKey,
      {
        item_id: `github:discussion:${id}`,
        kind: 'discussion',
        thread_id: thread,
        title: redactSecrets(item.title),
        labels: [...labelNames(item.labels), ...(category ? [`category:${category}`] : [])],
        state: str(item.state),
      },
      node,
    );
  }
  if (nested || 'discussion_id' in item || /#discussioncomment-\d+$/.test(str(item.html_url) ?? ''))
    return githubFeedbackRecord(
      item,
      position,
      sourceKey,
      {
        item_id: `github:discussion_comment:${id}`,
        kind: 'discussion_comment',
        thread_id: thread,
        title: null,
        labels: [],
        state: null,
      },
      node,
    );
  return bad(
    position,
    '$',
    'neither a discussion (number, title) nor a discussion comment (discussion_id, or a #discussioncomment- url)',
    clip(node),
  );
}

/**
 * One discussion or comment, then the comments and replies a GraphQL export nests in it — as deep
 * as GitHub nests them (discussion → comments → replies). A bad parent keeps its valid comments.
 */
function* discussionRecords(
  node: unknown,
  position: string,
  sourceKey: string,
  parent?: { readonly thread: string | null; readonly level: number },
): Generator<ParsedRecord> {
  if (!isObject(node)) {
    yield bad(position, '$', 'expected a discussion or discussion comment object', clip(node));
    return;
  }
  const url = str(node.html_url) ?? str(node.url);
  const thread = parent?.thread ?? DISCUSSION_URL.exec(url ?? '')?.[1] ?? null;
  yield discussionToRecord(node, position, sourceKey, thread, parent !== undefined);
  const level = parent?.level ?? 0;
  for (const field of level === 0 ? ['comments', 'replies'] : level === 1 ? ['replies'] : [])
    for (const [path, child] of connection(node[field], `${position}.${field}`) ?? [])
      yield* discussionRecords(child, path, sourceKey, { thread, level: level + 1 });
}

/**
 * Where the discussions are in a document: a REST page (array), a GraphQL response or connection,
 * or one object; a string says why there are none.
 */
function topLevel(document: unknown): Located[] | string {
  if (Array.isArray(document)) return document.map((node, i) => [`[${i}]`, node]);
  if (!isObject(document)) return [['$', document]];
  if ('data' in document || 'errors' in document) {
    const repository =
      isObject(document.data) && isObject(document.data.repository) ? document.data.repository : undefined;
    if (repository && 'discussions' in repository)
      return (
        connection(repository.discussions, 'data.repository.discussions') ??
        'data.repository.discussions is not a GraphQL connection (nodes or edges)'
      );
    if (repository && 'discussion' in repository)
      return [['data.repository.discussion', repository.discussion]];
    const errors = Array.isArray(document.errors) ? document.errors : [];
    const message = errors.map((e) => (isObject(e) ? str(e.message) : null)).find((m) => m !== null);
    return `a GraphQL response without data.repository.discussions or .discussion${message ? `: ${message}` : ''}`;
  }
  return connection(document, '$') ?? [['$', document]];
}

/**
 * GitHub Discussions under `feedback/github/discussions/` or `feedback/github/discussion-comments/`:
 * REST/webhook-shaped discussions and discussion comments (pages or single objects), or a GraphQL
 * export (`data.repository.discussions`, with comments and replies nested) → `feedback_items`
 * rows of kind `discussion` and `discussion_comment`. The thread is the discussion's page URL, the
 * category becomes a `category:<name>` label.
 */
export const githubDiscussionsParser: SourceParser = jsonDocumentParser({
  name: 'github-discussions',
  tables: [feedbackItems.name],
  matches: (key) => key.endsWith('.json') && DISCUSSION_PREFIXES.some((prefix) => key.startsWith(prefix)),
  *records(document, key) {
    const nodes = topLevel(document);
    if (typeof nodes === 'string') {
      yield bad('$', '$', nodes, clip(document));
      return;
    }
    for (const [path, node] of nodes) yield* discussionRecords(node, path, key);
  },
});
