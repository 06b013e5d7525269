import { describe, expect, it } from 'vitest';
import { githubObjectToRecord } from '../../../shared/ingest/parsers/github.ts';
import { parserFor } from '../../../shared/ingest/parsers/index.ts';
import {
  anyValue,
  metricsRequestToRecords,
  tracesRequestToRecords,
} from '../../../shared/ingest/parsers/otlp.ts';
import { parseKey } from '../../support/parse.ts';

describe('Parser: OTLP metrics', () => {
  const resource = {
    attributes: [
      { key: 'k8s.cluster.name', value: { stringValue: 'prod-eu' } },
      { key: 'odigos.version', value: { stringValue: 'v1.0.190' } },
      { key: 'service.name', value: { stringValue: 'odigos-gateway' } },
    ],
  };
  const request = (metrics: unknown[]) => ({ resourceMetrics: [{ resource, scopeMetrics: [{ metrics }] }] });

  it('flattens every AnyValue kind, 64-bit integers arriving as strings', () => {
    expect(anyValue({ intValue: '9007199254740991' })).toBe(9007199254740991);
    expect(anyValue({ arrayValue: { values: [{ boolValue: true }, { doubleValue: 1.5 }] } })).toEqual([
      true,
      1.5,
    ]);
    expect(anyValue({ kvlistValue: { values: [{ key: 'a', value: { stringValue: 'b' } }] } })).toEqual({
      a: 'b',
    });
  });

  it('maps gauge, cumulative sum, histogram, exponential histogram and summary points', () => {
    const t = '1767225600000000000';
    const records = [
      ...metricsRequestToRecords(
        request([
          {
            name: 'process.cpu.utilization',
            unit: '1',
            gauge: { dataPoints: [{ timeUnixNano: t, asDouble: 0.25 }] },
          },
          {
            name: 'spans',
            sum: {
              aggregationTemporality: 2,
              isMonotonic: true,
              dataPoints: [{ timeUnixNano: t, asInt: '42' }],
            },
          },
          {
            name: 'lat',
            unit: 'ms',
            histogram: {
              aggregationTemporality: 1,
              dataPoints: [
                {
                  timeUnixNano: t,
                  count: '6',
                  sum: 60,
                  bucketCounts: ['1', '2', '3'],
                  explicitBounds: [5, 10],
                },
              ],
            },
          },
          {
            name: 'exp',
            exponentialHistogram: {
              dataPoints: [
                {
                  timeUnixNano: t,
                  count: '3',
                  scale: 0,
                  zeroCount: '1',
                  positive: { offset: 0, bucketCounts: ['2'] },
                },
              ],
            },
          },
          {
            name: 'sum',
            summary: {
              dataPoints: [
                { timeUnixNano: t, count: '2', sum: 3, quantileValues: [{ quantile: 0.5, value: 1 }] },
              ],
            },
          },
        ]),
        'otlp/k/metrics_1.json',
      ),
    ];

    expect(records.every((r) => r.kind === 'row')).toBe(true);
    const rows = records.map((r) => (r.kind === 'row' ? r.row : {}));
    expect(rows[0]).toMatchObject({
      cluster_name: 'prod-eu',
      component: 'gateway',
      metric_type: 'gauge',
      value: 0.25,
      time: '2026-01-01T00:00:00.000Z',
    });
    expect(rows[1]).toMatchObject({
      metric_type: 'sum',
      value: 42,
      temporality: 'cumulative',
      is_monotonic: true,
    });
    expect(rows[2]).toMatchObject({
      metric_type: 'histogram',
      count: 6,
      bucket_counts: [1, 2, 3],
      bucket_bounds: [5, 10],
      temporality: 'delta',
    });
    expect(rows[3]).toMatchObject({
      metric_type: 'exponential_histogram',
      bucket_bounds: [0, 2],
      bucket_counts: [1, 2, 0],
    });
    expect(rows[4]).toMatchObject({ metric_type: 'summary', quantiles: [0.5], quantile_values: [1] });
  });

  it('quarantines a histogram whose bucket counts do not match its bounds, with the point path', () => {
    const [record] = [
      ...metricsRequestToRecords(
        request([
          {
            name: 'lat',
            histogram: {
              dataPoints: [
                { timeUnixNano: '1767225600000000000', bucketCounts: ['1'], explicitBounds: [5, 10] },
              ],
            },
          },
        ]),
        'k',
      ),
    ];

    expect(record).toMatchObject({
      kind: 'bad',
      field: 'bucketCounts',
      position: 'resourceMetrics[0].scopeMetrics[0].metrics[0].histogram.dataPoints[0]',
    });
  });

  it('claims awss3exporter metric objects, leaving logs and other signals to their parsers', () => {
    expect(parserFor('otlp/year=2026/month=01/day=01/hour=00/minute=00/metrics_abc.json.gz')?.name).toBe(
      'otlp',
    );
    expect(parserFor('otlp/year=2026/month=01/day=01/hour=00/minute=00/logs_abc.json')?.name).toBe(
      'otlp-logs',
    );
    expect(parserFor('otlp/year=2026/month=01/day=01/hour=00/minute=00/profiles_abc.json')).toBeUndefined();
  });
});

describe('Parser: OTLP traces', () => {
  it('maps spans with exact nanosecond durations, kind and status, and quarantines a span that ends before it starts', () => {
    const request = {
      resourceSpans: [
        {
          resource: {
            attributes: [
              { key: 'service.name', value: { stringValue: 'orders' } },
              { key: 'k8s.cluster.name', value: { stringValue: 'prod' } },
            ],
          },
          scopeSpans: [
            {
              spans: [
                {
                  traceId: 't1',
                  spanId: 's1',
                  name: 'GET /orders',
                  kind: 2,
                  startTimeUnixNano: '1767225600000000000',
                  endTimeUnixNano: '1767225600012345678',
                  status: { code: 2 },
                },
                {
                  traceId: 't1',
                  spanId: 's2',
                  parentSpanId: 's1',
                  name: 'SELECT',
                  kind: 'SPAN_KIND_CLIENT',
                  startTimeUnixNano: '1767225600000000000',
                  endTimeUnixNano: '1767225599000000000',
                },
              ],
            },
          ],
        },
      ],
    };

    const records = [...tracesRequestToRecords(request, 'otlp/x/traces_1.json')];

    expect(records[0]).toMatchObject({
      kind: 'row',
      table: 'spans',
      row: {
        service_name: 'orders',
        cluster_name: 'prod',
        kind: 'server',
        status_code: 'error',
        duration_ms: 12.345678,
        start_time: '2026-01-01T00:00:00.000Z',
      },
    });
    expect(records[1]).toMatchObject({
      kind: 'bad',
      field: 'endTimeUnixNano',
      position: 'resourceSpans[0].scopeSpans[0].spans[1]',
    });
    expect(parserFor('otlp/year=2026/month=01/day=01/hour=00/minute=00/traces_abc.json.gz')?.name).toBe(
      'otlp-traces',
    );
  });
});

describe('Parser: GitHub, Slack, surveys, releases', () => {
  it('tells issues, pull requests, comments and bots apart and redacts secrets', () => {
    const issue = githubObjectToRecord(
      {
        id: 1,
        number: 7,
        title: 'Add PHP',
        body: 'mail me at a@b.io',
        user: { login: 'ann', type: 'User' },
        labels: [{ name: 'enhancement' }],
        reactions: { total_count: 3, '+1': 2 },
        created_at: '2026-01-01T00:00:00Z',
        url: 'https://api.github.com/repos/o/r/issues/7',
      },
      '[0]',
      'k',
    );
    const comment = githubObjectToRecord(
      {
        id: 2,
        issue_url: 'https://api.github.com/repos/o/r/issues/7',
        body: 'LGTM',
        user: { login: 'dependabot[bot]', type: 'Bot' },
        created_at: '2026-01-02T00:00:00Z',
      },
      '[1]',
      'k',
    );

    expect(issue).toMatchObject({
      row: {
        item_id: 'github:issue:1',
        kind: 'issue',
        labels: ['enhancement'],
        reactions_plus_one: 2,
        body: 'mail me at [email]',
        author_is_bot: false,
      },
    });
    expect(comment).toMatchObject({
      row: {
        item_id: 'github:issue_comment:2',
        thread_id: 'https://api.github.com/repos/o/r/issues/7',
        author_is_bot: true,
      },
    });
  });

  it('reads a Slack export day, skipping joins and counting reactions', async () => {
    const records = await parseKey(
      'feedback/slack/help/2026-01-05.json',
      JSON.stringify([
        { type: 'message', subtype: 'channel_join', user: 'U1', ts: '1767571200.000100' },
        {
          type: 'message',
          user: 'U2',
          text: 'Odigos is great',
          ts: '1767571300.000200',
          reactions: [{ name: 'tada', count: 3 }],
        },
      ]),
    );

    expect(records[0]?.kind).toBe('skipped');
    expect(records[1]).toMatchObject({
      row: {
        item_id: 'slack:message:help:1767571300.000200',
        reactions: 3,
        thread_id: 'slack:help:1767571300.000200',
      },
    });
  });

  it('reads survey CSV with a BOM and multi-line quoted comments, rejecting out-of-range scores', async () => {
    const csv =
      '\uFEFFrespondent,score,comment,version,timestamp\nr1,9,"Great,\nreally",v1.0.1,2026-02-01T10:00:00Z\nr2,11,bad,v1.0.1,2026-02-01T10:00:00Z\n';
    const records = await parseKey('surveys/nps-2026-02.csv', csv);

    expect(records[0]).toMatchObject({
      kind: 'row',
      row: { respondent: 'r1', score: 9, scale: 'nps', comment: 'Great,\nreally' },
    });
    expect(records[1]).toMatchObject({ kind: 'bad', field: 'score', position: 'line 4' });
  });

  it('uses the CSAT range when the file is a CSAT survey', async () => {
    const records = await parseKey(
      'surveys/csat-q1.csv',
      'respondent,score,comment,version,timestamp\nr1,5,,v1,2026-02-01T10:00:00Z\nr2,7,,v1,2026-02-01T10:00:00Z\n',
    );

    expect(records.map((r) => r.kind)).toEqual(['row', 'bad']);
  });

  it('reads GitHub releases and skips drafts', async () => {
    const records = await parseKey(
      'releases/releases.json',
      JSON.stringify([
        { tag_name: 'v1.0.200', published_at: '2026-10-01T00:00:00Z' },
        { tag_name: 'v9', draft: true },
      ]),
    );

    expect(records.map((r) => r.kind)).toEqual(['row', 'skipped']);
  });
});
