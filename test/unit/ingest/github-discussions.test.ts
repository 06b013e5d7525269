import { describe, expect, it } from 'vitest';
import { feedbackItems } from '../../../shared/catalog/tables.ts';
import { validatorFor } from '../../../shared/catalog/validate.ts';
import { parserFor } from '../../../shared/ingest/parsers/index.ts';
import type { ParsedRecord } from '../../../shared/ingest/records.ts';
import { parseKey } from '../../support/parse.ts';

const KEY = 'feedback/github/discussions/page-1.json';
const PAGE = 'https://github.com/odigos-io/odigos/discussions/42';

// REST / webhook shape of a discussion and a discussion comment.
const restDiscussion = {
  id: 5001,
  node_id: 'D_kwDOGqA1a84AWh1q',
  number: 42,
  title: 'Support PHP auto-instrumentation',
  body: 'We run PHP 8. token=ghp_abcdefghijklmnopqrstuvwxyz0123456789',
  category: { id: 3, name: 'Ideas', slug: 'ideas', is_answerable: false },
  labels: [{ name: 'enhancement' }],
  user: { login: 'ann', type: 'User' },
  state: 'open',
  comments: 1,
  created_at: '2026-02-01T10:00:00Z',
  updated_at: '2026-02-02T10:00:00Z',
  html_url: PAGE,
  reactions: {
    total_count: 5,
    '+1': 4,
    '-1': 0,
    laugh: 0,
    hooray: 0,
    confused: 0,
    heart: 1,
    rocket: 0,
    eyes: 0,
  },
};
const restComment = {
  id: 9001,
  node_id: 'DC_kwDOGqA1a84AaX2b',
  discussion_id: 5001,
  parent_id: null,
  child_comment_count: 0,
  html_url: `${PAGE}#discussioncomment-9001`,
  user: { login: 'github-actions[bot]', type: 'Bot' },
  body: 'Thanks, we track this.',
  created_at: '2026-02-01T11:00:00Z',
  reactions: { total_count: 1, '+1': 1 },
};

// `gh api graphql` export: discussions with their comments and replies nested as connections.
const graphqlExport = {
  data: {
    repository: {
      discussions: {
        totalCount: 1,
        pageInfo: { hasNextPage: false, endCursor: 'Y3Vyc29y' },
        nodes: [
          {
            id: 'D_kwDOGqA1a84AWh1r',
            databaseId: 6001,
            number: 43,
            title: 'Does Odigos work with Java 8?',
            body: 'Asking for a legacy service.',
            url: 'https://github.com/odigos-io/odigos/discussions/43',
            createdAt: '2026-03-01T08:00:00Z',
            updatedAt: '2026-03-02T08:00:00Z',
            closed: true,
            author: { login: 'bob' },
            category: { name: 'Q&A' },
            labels: { nodes: [{ name: 'question' }] },
            reactions: { totalCount: 3 },
            reactionGroups: [
              { content: 'THUMBS_UP', reactors: { totalCount: 2 } },
              { content: 'HEART', reactors: { totalCount: 1 } },
            ],
            comments: {
              totalCount: 1,
              nodes: [
                {
                  id: 'DC_kwDOGqA1a84AaX3c',
                  databaseId: 7001,
                  body: 'Yes, from 8u262.',
                  author: { login: 'maintainer', __typename: 'User' },
                  createdAt: '2026-03-01T09:00:00Z',
                  url: 'https://github.com/odigos-io/odigos/discussions/43#discussioncomment-7001',
                  reactions: { totalCount: 0 },
                  replies: {
                    nodes: [
                      {
                        id: 'DC_kwDOGqA1a84AaX3d',
                        body: 'Works, thanks!',
                        author: { login: 'bob' },
                        createdAt: '2026-03-01T10:00:00Z',
                      },
                    ],
                  },
                },
              ],
            },
          },
        ],
      },
    },
  },
};

const rows = (records: ParsedRecord[]) => records.flatMap((r) => (r.kind === 'row' ? [r.row] : []));
const validate = validatorFor(feedbackItems, () => Date.parse('2026-12-31T00:00:00Z'));

describe('Parser: GitHub Discussions', () => {
  it('maps REST discussions and comments to feedback rows: thread = discussion page, category as a label, secrets redacted', async () => {
    const records = await parseKey(KEY, JSON.stringify([restDiscussion, restComment]));

    expect(records).toMatchObject([
      {
        kind: 'row',
        table: 'feedback_items',
        position: '[0]',
        row: {
          item_id: 'github:discussion:5001',
          source: 'github',
          kind: 'discussion',
          thread_id: PAGE,
          title: 'Support PHP auto-instrumentation',
          body: 'We run PHP 8. token=[redacted]',
          labels: ['enhancement', 'category:Ideas'],
          reactions: 5,
          reactions_plus_one: 4,
          state: 'open',
          author: 'ann',
          author_is_bot: false,
          url: PAGE,
          created_at: '2026-02-01T10:00:00.000Z',
          updated_at: '2026-02-02T10:00:00.000Z',
          source_key: KEY,
        },
      },
      {
        kind: 'row',
        position: '[1]',
        row: {
          item_id: 'github:discussion_comment:9001',
          kind: 'discussion_comment',
          thread_id: PAGE,
          title: null,
          author_is_bot: true,
          reactions_plus_one: 1,
        },
      },
    ]);
    expect(rows(records).map((row) => validate(row).ok)).toEqual([true, true]);
  });

  it('walks a GraphQL export: discussion, comments and replies in one thread, with REST-equivalent columns', async () => {
    const records = await parseKey(
      'feedback/github/discussions/graphql-2026-03.json',
      JSON.stringify(graphqlExport),
    );

    const thread = 'https://github.com/odigos-io/odigos/discussions/43';
    const base = 'data.repository.discussions.nodes[0]';
    expect(records).toMatchObject([
      {
        position: base,
        row: {
          item_id: 'github:discussion:6001',
          kind: 'discussion',
          thread_id: thread,
          state: 'closed',
          labels: ['question', 'category:Q&A'],
          reactions: 3,
          reactions_plus_one: 2,
          author: 'bob',
        },
      },
      {
        position: `${base}.comments.nodes[0]`,
        row: { item_id: 'github:discussion_comment:7001', thread_id: thread, author: 'maintainer' },
      },
      {
        position: `${base}.comments.nodes[0].replies.nodes[0]`,
        // No databaseId in this export: the GraphQL node id identifies the reply.
        row: { item_id: 'github:discussion_comment:DC_kwDOGqA1a84AaX3d', thread_id: thread, url: null },
      },
    ]);
    expect(rows(records).map((row) => validate(row).ok)).toEqual([true, true, true]);
  });

  it('reads GraphQL edges, a bare connection and a single discussion the same way', async () => {
    const node = graphqlExport.data.repository.discussions.nodes[0]!;
    const edges = await parseKey(
      KEY,
      JSON.stringify({ data: { repository: { discussions: { edges: [{ cursor: 'c', node }] } } } }),
    );
    const bare = await parseKey(KEY, JSON.stringify({ nodes: [node] }));
    const single = await parseKey(KEY, JSON.stringify({ data: { repository: { discussion: node } } }));

    expect(edges[0]?.position).toBe('data.repository.discussions.edges[0].node');
    expect(bare[0]?.position).toBe('$.nodes[0]');
    expect(single[0]?.position).toBe('data.repository.discussion');
    for (const records of [edges, bare, single]) expect(rows(records)).toEqual(rows(edges));
  });

  it.each([
    ['not an object', 'just text', '$'],
    ['no id', { ...restDiscussion, id: undefined }, 'id'],
    ['an id that is neither a number nor a node id', { ...restDiscussion, id: { n: 1 } }, 'id'],
    ['a creation time that is not a timestamp', { ...restDiscussion, created_at: 'last week' }, 'created_at'],
    ['neither a discussion nor a comment', { id: 7, body: 'hello', created_at: '2026-02-01T10:00:00Z' }, '$'],
  ])('quarantines an item that is %s, naming the field, and keeps the valid ones', async (_, item, field) => {
    const records = await parseKey(KEY, JSON.stringify([restDiscussion, item, restComment]));

    expect(records.map((r) => r.kind)).toEqual(['row', 'bad', 'row']);
    expect(records[1]).toMatchObject({ position: '[1]', field, reason: expect.any(String) });
  });

  it('quarantines a bad nested comment with its path, keeping its discussion and siblings', async () => {
    const node = graphqlExport.data.repository.discussions.nodes[0]!;
    const broken = {
      ...node,
      comments: {
        nodes: [{ ...node.comments.nodes[0], createdAt: null, replies: undefined }, node.comments.nodes[0]],
      },
    };

    const records = await parseKey(KEY, JSON.stringify({ nodes: [broken] }));

    expect(records.map((r) => r.kind)).toEqual(['row', 'bad', 'row', 'row']);
    expect(records[1]).toMatchObject({ position: '$.nodes[0].comments.nodes[0]', field: 'created_at' });
    expect(records[1]?.kind === 'bad' && records[1].raw).toMatchObject({ databaseId: 7001, createdAt: null });
  });

  it('quarantines a document without discussions: GraphQL errors, a broken connection, invalid JSON', async () => {
    const errors = await parseKey(
      KEY,
      JSON.stringify({ data: null, errors: [{ type: 'RATE_LIMITED', message: 'API rate limit exceeded' }] }),
    );
    const broken = await parseKey(KEY, JSON.stringify({ data: { repository: { discussions: null } } }));
    const invalid = await parseKey(KEY, '[{"number": 1,');

    expect(errors).toMatchObject([
      { kind: 'bad', position: '$', reason: expect.stringContaining('rate limit') },
    ]);
    expect(broken).toMatchObject([
      { kind: 'bad', reason: expect.stringContaining('not a GraphQL connection') },
    ]);
    expect(invalid).toMatchObject([{ kind: 'bad', reason: expect.stringContaining('not valid JSON') }]);
  });

  it('owns feedback/github/discussions/ and discussion-comments/, leaving issues to the issues parser', () => {
    expect(parserFor('feedback/github/discussions/page-1.json')?.name).toBe('github-discussions');
    expect(parserFor('feedback/github/discussion-comments/page-3.json')?.name).toBe('github-discussions');
    expect(parserFor('feedback/github/issues/page-1.json')?.name).toBe('github');
    expect(parserFor('feedback/github/issue-comments/page-1.json')?.name).toBe('github');
  });
});
