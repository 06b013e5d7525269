import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { DuckDBParquetEncoder } from '../../shared/adapters/duckdb/parquet-encoder.ts';
import { ingestObject, quarantineRecordsKey } from '../../shared/ingest/ingest.ts';
import { MemoryObjectStore } from '../support/memory-object-store.ts';

const encoder = new DuckDBParquetEncoder();
afterAll(() => encoder.close());
const buckets = { raw: 'raw', lake: 'lake', quarantine: 'quarantine', report: 'report' };
const now = () => Date.parse('2026-12-31T00:00:00Z');

const KEYS = [
  'otlp/year=2026/month=01/day=01/hour=00/minute=00/metrics_fuzz.json',
  'otlp/year=2026/month=01/day=01/hour=00/minute=00/traces_fuzz.json',
  'otlp/year=2026/month=01/day=01/hour=00/minute=00/logs_fuzz.json',
  'feedback/github/issues/page-1.json',
  'feedback/github/discussions/page-1.json',
  'feedback/github/reactions/odigos-io/odigos/issues/7.json',
  'feedback/slack/help/2026-01-01.json',
  'surveys/nps-2026-01.csv',
  'releases/releases.json',
  'benchmarks/k6/run-1.json',
  'benchmarks/resources/run-1.csv',
];

/** Hostile or malformed input of every shape: random JSON, random text, deep nesting, odd Unicode. */
const hostile = fc.oneof(
  fc.jsonValue({ maxDepth: 6 }).map((v) => JSON.stringify(v)),
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.integer({ min: 1, max: 2000 }).map((depth) => `${'['.repeat(depth)}${']'.repeat(depth)}`),
  fc
    .integer({ min: 1, max: 2000 })
    .map((depth) => `${'{"comments":{"nodes":['.repeat(depth)}${']}}'.repeat(depth)}`),
  fc
    .array(
      fc.record({
        id: fc.integer(),
        number: fc.integer(),
        title: fc.string(),
        created_at: fc.string(),
        issue_url: fc.option(fc.string()),
        ts: fc.string(),
      }),
      { maxLength: 5 },
    )
    .map((a) => JSON.stringify(a)),
  fc.constant(
    '{"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"name":"m","histogram":{"dataPoints":[{"timeUnixNano":"99999999999999999999","bucketCounts":["x"]}]}}]}]}]}',
  ),
  fc.constant(
    '{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"timeUnixNano":"99999999999999999999","body":{"kvlistValue":{}}}]}]}]}',
  ),
  fc.constant('respondent,score,comment,version,timestamp\n"unterminated,5,x,v,2026'),
);

describe('Property: record-by-record parsers', () => {
  it('never throw on malformed input: each object is ingested or quarantined, with reasons', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...KEYS), hostile, async (key, body) => {
        const store = new MemoryObjectStore();
        await store.put('raw', key, body);

        const report = await ingestObject({ store, encoder, buckets }, key);

        expect(['ingested', 'quarantined']).toContain(report.status);
        if (report.status === 'quarantined') expect(report.reason).toBeTruthy();
        if (report.quarantined > 0)
          expect(await store.head('quarantine', `records/${key}.ndjson`)).toBeDefined();
      }),
      { numRuns: 150 },
    );
  }, 120_000);
});

type Json = Record<string, unknown>;

/**
 * One generated record: `make(i)` builds it for slot `i` (ids derive from `i`, so valid records
 * never collide), and `ok` says whether it must land in the lake or in quarantine.
 */
interface Generated {
  readonly ok: boolean;
  readonly make: (i: number) => unknown;
}

/** Valid records, valid records with one field broken, and values that are not records at all. */
function validOrCorrupted(valid: fc.Arbitrary<(i: number) => Json>, corruptions: readonly Json[]) {
  return fc.oneof(
    { weight: 3, arbitrary: valid.map((make): Generated => ({ ok: true, make })) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(valid, fc.constantFrom(...corruptions))
        .map(([make, change]): Generated => ({ ok: false, make: (i) => ({ ...make(i), ...change }) })),
    },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(null, 42, 'text', [], true)
        .map((v): Generated => ({ ok: false, make: () => v })),
    },
  );
}

/** A generated source object, and where its records must end up. */
interface Fixture {
  readonly body: unknown;
  /** Number of records that must land in `table`. */
  readonly valid: number;
  /** Positions of the records that must be quarantined. */
  readonly badPositions: readonly string[];
}

/** Ingests the fixture and checks that every valid record landed once and every bad one is quarantined with a reason. */
async function expectAccountedFor(key: string, table: string, fixture: Fixture) {
  const store = new MemoryObjectStore();
  await store.put('raw', key, JSON.stringify(fixture.body));

  const report = await ingestObject({ store, encoder, buckets, now }, key);

  expect(report.status).toBe('ingested');
  expect(report.accepted[table] ?? 0).toBe(fixture.valid);
  expect(report.duplicates).toBe(0);
  expect(report.quarantined).toBe(fixture.badPositions.length);
  if (fixture.badPositions.length === 0) return;
  const quarantined = store
    .text('quarantine', quarantineRecordsKey(key))
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { position: string; field: string; reason: string });
  expect(quarantined.map((q) => q.position)).toEqual(fixture.badPositions);
  for (const q of quarantined) {
    expect(q.field).toBeTruthy();
    expect(q.reason).toBeTruthy();
  }
}

/** Lays generated records out as a flat array at `[i]`. */
const page = (records: readonly Generated[]): Fixture => ({
  body: records.map((r, i) => r.make(i)),
  valid: records.filter((r) => r.ok).length,
  badPositions: records.flatMap((r, i) => (r.ok ? [] : [`[${i}]`])),
});

const isoTime = fc
  .date({ min: new Date('2019-01-02T00:00:00Z'), max: new Date('2026-11-30T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString());
const nanos = fc.bigInt({ min: 1_546_387_200_000_000_000n, max: 1_795_000_000_000_000_000n }).map(String);
const hex = (digits: number) => fc.stringMatching(new RegExp(`^[0-9a-f]{${digits}}$`));
const user = fc.option(
  fc.record({ login: fc.string({ minLength: 1, maxLength: 12 }), type: fc.constantFrom('User', 'Bot') }),
  { nil: null },
);
const kv = (key: string, value: unknown) => ({ key, value });

const validLog = fc
  .record({
    time: fc.oneof(nanos, fc.constant('0')),
    observed: nanos,
    severity: fc.oneof(
      fc.integer({ min: 0, max: 24 }),
      fc.constantFrom('SEVERITY_NUMBER_INFO', 'SEVERITY_NUMBER_ERROR4'),
      fc.constant(undefined),
    ),
    text: fc.option(fc.constantFrom('INFO', 'warn', 'Error'), { nil: undefined }),
    body: fc.oneof(
      fc.string({ maxLength: 40 }).map((s) => ({ stringValue: s })),
      fc.integer().map((n) => ({ intValue: String(n) })),
      fc.constant(undefined),
    ),
    traceId: fc.option(hex(32), { nil: '' }),
    spanId: fc.option(hex(16), { nil: '' }),
  })
  .map(
    (r) =>
      (i: number): Json => ({
        timeUnixNano: r.time,
        observedTimeUnixNano: r.observed,
        severityNumber: r.severity,
        severityText: r.text,
        body: r.body,
        attributes: [kv('slot', { intValue: String(i) })],
        traceId: r.traceId,
        spanId: r.spanId,
      }),
  );
const logCorruptions: Json[] = [
  { timeUnixNano: 'soon' },
  { observedTimeUnixNano: '-1' },
  { timeUnixNano: '0', observedTimeUnixNano: '0' },
  { timeUnixNano: '946684800000000000' }, // 2000-01-01: the catalog validator's to reject
  { severityNumber: 25 },
  { severityNumber: 'SEVERITY_NUMBER_LOUD' },
  { severityText: 7 },
  { traceId: 'not-hex' },
  { spanId: 'abc' },
  { body: 'not an AnyValue' },
  { body: { foo: 1 } },
];

const restDiscussion = fc
  .record({
    title: fc.string({ maxLength: 30 }),
    body: fc.option(fc.string({ maxLength: 60 })),
    user,
    created: isoTime,
  })
  .map(
    (r) =>
      (i: number): Json => ({
        id: 5000 + i,
        number: i + 1,
        title: r.title,
        body: r.body,
        user: r.user,
        category: { name: 'Ideas' },
        created_at: r.created,
        html_url: `https://github.com/o/r/discussions/${i + 1}`,
        reactions: { total_count: 2, '+1': 1 },
      }),
  );
const restComment = fc.record({ body: fc.string({ maxLength: 60 }), user, created: isoTime }).map(
  (r) =>
    (i: number): Json => ({
      id: 9000 + i,
      discussion_id: 5000,
      html_url: `https://github.com/o/r/discussions/1#discussioncomment-${9000 + i}`,
      body: r.body,
      user: r.user,
      created_at: r.created,
    }),
);
const restCorruptions: Json[] = [
  { id: undefined },
  { id: 1.5 },
  { created_at: 'yesterday' },
  { created_at: null },
  { created_at: '2018-06-01T00:00:00Z' }, // before 2019: the catalog validator's to reject
  { title: undefined, discussion_id: undefined, html_url: 'https://github.com/o/r/discussions/1' },
];

/** GraphQL export node names for a REST-shaped discussion or comment. */
const graphqlNode = (rest: Json): Json => ({
  id: `D_${rest.id}`,
  databaseId: rest.id,
  number: rest.number,
  title: rest.title,
  body: rest.body,
  author: rest.user,
  createdAt: rest.created_at,
  url: rest.html_url,
  reactions: { totalCount: 1 },
});
const graphqlCorruptions: Json[] = [
  { createdAt: 'soon' },
  { createdAt: '2018-01-01T00:00:00Z' },
  { databaseId: undefined, id: undefined },
  { databaseId: 2.5, id: undefined },
];
const graphqlOf = (make: fc.Arbitrary<(i: number) => Json>) =>
  make.map((f) => (i: number) => graphqlNode(f(i)));

/** A GraphQL export: discussions at `…nodes[i]`, each with its comments nested at `…comments.nodes[j]`. */
const graphqlExport = fc
  .array(
    fc.tuple(
      validOrCorrupted(graphqlOf(restDiscussion), graphqlCorruptions),
      fc.array(validOrCorrupted(graphqlOf(restComment), graphqlCorruptions), { maxLength: 4 }),
    ),
    { maxLength: 6 },
  )
  .map((discussions): Fixture => {
    const badPositions: string[] = [];
    let valid = 0;
    const nodes = discussions.map(([discussion, comments], i) => {
      const path = `data.repository.discussions.nodes[${i}]`;
      const node = discussion.make(i);
      if (discussion.ok) valid++;
      else badPositions.push(path);
      if (typeof node !== 'object' || node === null || Array.isArray(node)) return node;
      const children = comments.map((comment, j) => {
        if (comment.ok) valid++;
        else badPositions.push(`${path}.comments.nodes[${j}]`);
        return comment.make(100 * (i + 1) + j);
      });
      return { ...node, comments: { totalCount: children.length, nodes: children } };
    });
    return { body: { data: { repository: { discussions: { nodes } } } }, valid, badPositions };
  });

const validReaction = fc
  .record({
    user,
    content: fc.constantFrom('+1', '-1', 'laugh', 'confused', 'heart', 'hooray', 'rocket', 'eyes'),
    created: isoTime,
  })
  .map(
    (r) =>
      (i: number): Json => ({
        id: 1 + i,
        node_id: `REA_${i}`,
        user: r.user,
        content: r.content,
        created_at: r.created,
      }),
  );
const reactionCorruptions: Json[] = [
  { content: 'thumbsup' },
  { content: undefined },
  { id: '1' },
  { id: undefined },
  { created_at: 'now' },
  { created_at: '2018-05-05T00:00:00Z' },
];

describe('Property: new formats account for every record', () => {
  it('OTLP logs: every valid log record lands once, every broken one is quarantined at its path with a reason', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(validOrCorrupted(validLog, logCorruptions), { maxLength: 12 }),
        async (records) => {
          const fixture = page(records);
          await expectAccountedFor(
            'otlp/year=2026/month=01/day=01/hour=00/minute=00/logs_prop.json',
            'log_records',
            {
              ...fixture,
              body: { resourceLogs: [{ resource: {}, scopeLogs: [{ logRecords: fixture.body }] }] },
              badPositions: fixture.badPositions.map((p) => `resourceLogs[0].scopeLogs[0].logRecords${p}`),
            },
          );
        },
      ),
      { numRuns: 40 },
    );
  }, 120_000);

  it('GitHub Discussions: REST pages and GraphQL exports with nested comments lose nothing valid and quarantine the rest', async () => {
    const restPage = fc
      .array(validOrCorrupted(fc.oneof(restDiscussion, restComment), restCorruptions), { maxLength: 12 })
      .map(page);
    await fc.assert(
      fc.asyncProperty(fc.oneof(restPage, graphqlExport), async (fixture) => {
        await expectAccountedFor('feedback/github/discussions/page-1.json', 'feedback_items', fixture);
      }),
      { numRuns: 40 },
    );
  }, 120_000);

  it('GitHub reactions: every valid reaction lands once, every broken one is quarantined with a reason', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(validOrCorrupted(validReaction, reactionCorruptions), { maxLength: 12 }),
        async (records) => {
          await expectAccountedFor(
            'feedback/github/reactions/odigos-io/odigos/issues/7.json',
            'feedback_reactions',
            page(records),
          );
        },
      ),
      { numRuns: 40 },
    );
  }, 120_000);
});
