import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DuckDBParquetEncoder } from '../../../shared/adapters/duckdb/parquet-encoder.ts';
import { DuckDBQueryEngine } from '../../../shared/adapters/duckdb/query-engine.ts';
import { FsObjectStore } from '../../../shared/adapters/local/fs-object-store.ts';
import { feedbackReactions } from '../../../shared/catalog/tables.ts';
import { validatorFor } from '../../../shared/catalog/validate.ts';
import { ingestObject } from '../../../shared/ingest/ingest.ts';
import { githubObjectToRecord } from '../../../shared/ingest/parsers/github.ts';
import { parserFor } from '../../../shared/ingest/parsers/index.ts';
import { parseKey } from '../../support/parse.ts';
import { tempDir } from '../../support/tmp.ts';

const KEY = 'feedback/github/reactions/odigos-io/odigos/issues/1234.json';
const buckets = { raw: 'raw', lake: 'lake', quarantine: 'quarantine', report: 'report' };
const encoder = new DuckDBParquetEncoder();
const engines: DuckDBQueryEngine[] = [];
afterAll(() => Promise.all([encoder.close(), ...engines.map((e) => e.close())]));

/** One item of `GET /repos/{owner}/{repo}/issues/{number}/reactions`. */
const reaction = (id: number, login: string | null, content: string, type = 'User') => ({
  id,
  node_id: `REA_lADOGqA1a8${id}`,
  user: login === null ? null : { login, id: id * 10, type },
  content,
  created_at: '2026-02-03T04:05:06Z',
});

describe('Parser: GitHub reactions', () => {
  it('maps each reaction to a row naming the issue from the key, the content and who reacted', async () => {
    const records = await parseKey(
      KEY,
      JSON.stringify([
        reaction(1, 'ann', '+1'),
        reaction(2, 'dependabot[bot]', 'rocket', 'Bot'),
        reaction(3, null, 'heart'),
      ]),
    );

    const issue = {
      repository: 'odigos-io/odigos',
      issue_number: 1234,
      thread_id: 'https://api.github.com/repos/odigos-io/odigos/issues/1234',
    };
    expect(records).toMatchObject([
      {
        kind: 'row',
        table: 'feedback_reactions',
        position: '[0]',
        row: {
          reaction_id: 'github:reaction:1',
          source: 'github',
          ...issue,
          content: '+1',
          user_login: 'ann',
          user_is_bot: false,
          created_at: '2026-02-03T04:05:06.000Z',
          source_key: KEY,
        },
      },
      { row: { ...issue, content: 'rocket', user_login: 'dependabot[bot]', user_is_bot: true } },
      { row: { content: 'heart', user_login: null, user_is_bot: false } },
    ]);
    const validate = validatorFor(feedbackReactions, () => Date.parse('2026-12-31T00:00:00Z'));
    expect(records.map((r) => r.kind === 'row' && validate(r.row).ok)).toEqual([true, true, true]);
  });

  it("uses the issue's thread_id, so reactions join the issue and its comments in feedback_items", () => {
    const issue = githubObjectToRecord(
      {
        id: 99,
        number: 1234,
        title: 'Support PHP',
        url: 'https://api.github.com/repos/odigos-io/odigos/issues/1234',
        created_at: '2026-02-01T00:00:00Z',
      },
      '[0]',
      'feedback/github/issues/page-1.json',
    );

    expect(issue).toMatchObject({
      row: { thread_id: 'https://api.github.com/repos/odigos-io/odigos/issues/1234' },
    });
  });

  it.each([
    ['not an object', 'ann', '$'],
    ['without a numeric id', { ...reaction(4, 'bob', '+1'), id: '4' }, 'id'],
    ['with a content GitHub does not have', reaction(5, 'bob', 'thumbsup'), 'content'],
    ['without content', { ...reaction(6, 'bob', '+1'), content: undefined }, 'content'],
    ['without a creation time', { ...reaction(7, 'bob', '+1'), created_at: null }, 'created_at'],
  ])('quarantines a reaction %s, naming the field, and keeps the others', async (_, bad, field) => {
    const records = await parseKey(
      KEY,
      JSON.stringify([reaction(1, 'ann', '+1'), bad, reaction(2, 'cy', 'eyes')]),
    );

    expect(records.map((r) => r.kind)).toEqual(['row', 'bad', 'row']);
    expect(records[1]).toMatchObject({ position: '[1]', field, reason: expect.any(String) });
  });

  it('quarantines a document that is not a reactions list, or not JSON', async () => {
    expect(await parseKey(KEY, JSON.stringify({ message: 'Not Found' }))).toMatchObject([
      { kind: 'bad', position: '$', reason: expect.stringContaining('expected an array of reactions') },
    ]);
    expect(await parseKey(KEY, '[{"id": 1')).toMatchObject([
      { kind: 'bad', reason: expect.stringContaining('not valid JSON') },
    ]);
  });

  it('claims only keys that name the issue; other keys under reactions/ are quarantined whole with the layout', async () => {
    expect(parserFor(KEY)?.name).toBe('github-reactions');
    expect(parserFor('feedback/github/reactions/odigos-io/odigos/issues/1234/page-2.json')?.name).toBe(
      'github-reactions',
    );
    for (const key of [
      'feedback/github/reactions/odigos-io/issues/1234.json',
      'feedback/github/reactions/odigos-io/odigos/issues/comments/55.json',
      'feedback/github/reactions/odigos-io/odigos/issues/0123.json',
      'feedback/github/reactions/page-1.json',
    ])
      expect(parserFor(key)).toBeUndefined();

    const store = new FsObjectStore(await tempDir());
    await store.put(
      'raw',
      'feedback/github/reactions/page-1.json',
      JSON.stringify([reaction(1, 'ann', '+1')]),
    );
    const report = await ingestObject({ store, encoder, buckets }, 'feedback/github/reactions/page-1.json');
    expect(report).toMatchObject({
      status: 'quarantined',
      reason: expect.stringContaining('feedback/github/reactions/<owner>/<repo>/issues/<number>.json'),
    });
  });
});

describe('Use case: ingestObject with GitHub reactions', () => {
  it('lands reactions in feedback_reactions/dt=…, where demand per distinct person joins the issue', async () => {
    const store = new FsObjectStore(await tempDir());
    const issues = 'feedback/github/issues/page-1.json';
    await store.put(
      'raw',
      issues,
      JSON.stringify([
        {
          id: 99,
          number: 1234,
          title: 'Support PHP',
          url: 'https://api.github.com/repos/odigos-io/odigos/issues/1234',
          created_at: '2026-02-01T00:00:00Z',
        },
      ]),
    );
    await store.put(
      'raw',
      KEY,
      JSON.stringify([
        reaction(1, 'ann', '+1'),
        reaction(2, 'bob', '+1'),
        reaction(3, 'bob', 'heart'),
        reaction(4, 'renovate[bot]', '+1', 'Bot'),
        reaction(5, 'cy', 'thumbsup'),
      ]),
    );

    await ingestObject({ store, encoder, buckets }, issues);
    const report = await ingestObject({ store, encoder, buckets }, KEY);

    expect(report).toMatchObject({
      status: 'ingested',
      parser: 'github-reactions',
      accepted: { feedback_reactions: 4 },
      quarantined: 1,
      reason: expect.stringMatching(/^\[4\]: content: /),
    });
    expect(report.outputs).toEqual([
      expect.stringMatching(/^feedback_reactions\/dt=2026-02-03\/src-[0-9a-f]{24}\.parquet$/),
    ]);
    const engine = new DuckDBQueryEngine({ lakeDir: path.join(store.root, 'lake'), threads: 1 });
    engines.push(engine);
    const result = await engine.run({
      name: 'adhoc',
      sql: `SELECT f.title, count(DISTINCT r.user_login) AS people
            FROM feedback_items f JOIN feedback_reactions r ON r.thread_id = f.thread_id
            WHERE r.content = '+1' AND NOT r.user_is_bot
            GROUP BY f.title`,
      params: [],
    });
    expect(result.rows).toEqual([{ title: 'Support PHP', people: 2 }]);
  });
});
