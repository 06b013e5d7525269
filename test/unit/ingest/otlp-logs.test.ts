import path from 'node:path';
import { zstdCompressSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { DuckDBParquetEncoder } from '../../../shared/adapters/duckdb/parquet-encoder.ts';
import { DuckDBQueryEngine } from '../../../shared/adapters/duckdb/query-engine.ts';
import { FsObjectStore } from '../../../shared/adapters/local/fs-object-store.ts';
import { ingestObject, quarantineRecordsKey, sourceStem } from '../../../shared/ingest/ingest.ts';
import { parserFor } from '../../../shared/ingest/parsers/index.ts';
import { logsRequestToRecords } from '../../../shared/ingest/parsers/otlp-logs.ts';
import type { ParsedRecord } from '../../../shared/ingest/records.ts';
import { parseKey } from '../../support/parse.ts';
import { tempDir } from '../../support/tmp.ts';

const T = '1767225600000000000'; // 2026-01-01T00:00:00Z
const KEY = 'otlp/year=2026/month=01/day=01/hour=00/minute=00/logs_c0ffee.json';
const kv = (key: string, value: unknown) => ({ key, value });

/** An ExportLogsServiceRequest as the awss3exporter writes it, one resource and one scope. */
const logsRequest = (logRecords: unknown[]) => ({
  resourceLogs: [
    {
      resource: {
        attributes: [
          kv('k8s.cluster.name', { stringValue: 'prod-eu' }),
          kv('odigos.version', { stringValue: 'v1.0.190' }),
          kv('service.name', { stringValue: 'odigos-odiglet' }),
        ],
      },
      scopeLogs: [{ scope: { name: 'odiglet' }, logRecords }],
    },
  ],
});

const goodRecord = {
  timeUnixNano: T,
  observedTimeUnixNano: '1767225600500000000',
  severityNumber: 17,
  severityText: 'ERROR',
  body: { stringValue: 'failed to attach eBPF probe' },
  attributes: [kv('pid', { intValue: '4242' })],
  traceId: '5B8EFFF798038103D269B633813FC60C',
  spanId: 'EEE19B7EC3C1B174',
};

const rows = (records: ParsedRecord[]) => records.flatMap((r) => (r.kind === 'row' ? [r.row] : []));

describe('Parser: OTLP logs', () => {
  it('maps a log record with the resource columns the metrics use, severity, body, attributes and trace context', () => {
    const [record] = [...logsRequestToRecords(logsRequest([goodRecord]), KEY)];

    expect(record).toMatchObject({
      kind: 'row',
      table: 'log_records',
      position: 'resourceLogs[0].scopeLogs[0].logRecords[0]',
      row: {
        time: '2026-01-01T00:00:00.000Z',
        observed_time: '2026-01-01T00:00:00.500Z',
        cluster_name: 'prod-eu',
        odigos_version: 'v1.0.190',
        service_name: 'odigos-odiglet',
        component: 'odiglet',
        severity_number: 17,
        severity_text: 'ERROR',
        body: 'failed to attach eBPF probe',
        attributes: '{"pid":4242}',
        trace_id: '5b8efff798038103d269b633813fc60c',
        span_id: 'eee19b7ec3c1b174',
        source_key: KEY,
      },
    });
    expect(record?.kind === 'row' && record.row.record_id).toMatch(/^[0-9a-f]{32}$/);
  });

  it('takes the observed time when the event time is unset, writes a structured body as JSON, and reads severity names', () => {
    const records = [
      ...logsRequestToRecords(
        logsRequest([
          {
            timeUnixNano: '0',
            observedTimeUnixNano: T,
            severityNumber: 'SEVERITY_NUMBER_WARN',
            body: {
              kvlistValue: { values: [kv('msg', { stringValue: 'slow' }), kv('ms', { intValue: 900 })] },
            },
            traceId: '',
            spanId: '',
          },
          { observedTimeUnixNano: T, severityNumber: 0 },
        ]),
        KEY,
      ),
    ];

    expect(rows(records)).toMatchObject([
      {
        time: '2026-01-01T00:00:00.000Z',
        severity_number: 13,
        body: '{"msg":"slow","ms":900}',
        trace_id: null,
        span_id: null,
      },
      { severity_number: null, body: null, severity_text: null, attributes: '{}' },
    ]);
  });

  it('gives a record exported twice the same id, and two identical lines a nanosecond apart different ids', () => {
    const twice = rows([...logsRequestToRecords(logsRequest([goodRecord, { ...goodRecord }]), KEY)]);
    const apart = rows([
      ...logsRequestToRecords(
        logsRequest([goodRecord, { ...goodRecord, timeUnixNano: `${T.slice(0, -1)}1` }]),
        KEY,
      ),
    ]);

    expect(twice[0]?.record_id).toBe(twice[1]?.record_id);
    expect(apart[0]?.time).toBe(apart[1]?.time);
    expect(apart[0]?.record_id).not.toBe(apart[1]?.record_id);
  });

  it.each([
    ['an event time that is not nanoseconds', { timeUnixNano: '2026-01-01T00:00:00Z' }, 'timeUnixNano'],
    ['an observed time that is not nanoseconds', { observedTimeUnixNano: -5 }, 'observedTimeUnixNano'],
    ['no time at all', { timeUnixNano: '0', observedTimeUnixNano: undefined }, 'timeUnixNano'],
    ['a severity number out of range', { severityNumber: 25 }, 'severityNumber'],
    ['a severity name OTLP does not have', { severityNumber: 'SEVERITY_NUMBER_LOUD' }, 'severityNumber'],
    ['a severity text that is not text', { severityText: 3 }, 'severityText'],
    ['a trace id that is not 32 hex digits', { traceId: 'W4jv/5gDgQPSabYzgT/GDA==' }, 'traceId'],
    ['a span id that is not 16 hex digits', { spanId: 'eee19b7e' }, 'spanId'],
    ['a body that is not an AnyValue', { body: 'plain text' }, 'body'],
  ])('quarantines a record with %s, naming the field and keeping its neighbours', (_, change, field) => {
    const records = [...logsRequestToRecords(logsRequest([goodRecord, { ...goodRecord, ...change }]), KEY)];

    expect(records[0]?.kind).toBe('row');
    expect(records[1]).toMatchObject({
      kind: 'bad',
      position: 'resourceLogs[0].scopeLogs[0].logRecords[1]',
      field,
      reason: expect.any(String),
      raw: expect.objectContaining({ timeUnixNano: expect.anything() }),
    });
  });

  it('quarantines a record that is not an object, a resource that is not an object, and a request that is not OTLP logs', async () => {
    const records = [
      ...logsRequestToRecords({ resourceLogs: [7, logsRequest([null]).resourceLogs[0]] }, KEY),
      ...logsRequestToRecords({ resourceSpans: [] }, KEY),
      ...(await parseKey(KEY, '{"resourceLogs": [')),
    ];

    expect(records).toMatchObject([
      { kind: 'bad', position: 'resourceLogs[0]', reason: 'expected an object' },
      { kind: 'bad', position: 'resourceLogs[1].scopeLogs[0].logRecords[0]', reason: 'expected an object' },
      {
        kind: 'bad',
        position: '$',
        field: 'resourceLogs',
        reason: expect.stringContaining('ExportLogsServiceRequest'),
      },
      { kind: 'bad', position: '$', field: '$', reason: expect.stringContaining('not valid JSON') },
    ]);
  });

  it('claims awss3exporter log objects, compressed or not', () => {
    for (const suffix of ['.json', '.json.gz', '.json.zst'])
      expect(parserFor(KEY.replace('.json', suffix))?.name).toBe('otlp-logs');
    expect(parserFor('feedback/logs_1.json')?.name).not.toBe('otlp-logs');
  });
});

describe('Use case: ingestObject with OTLP logs', () => {
  const encoder = new DuckDBParquetEncoder();
  const engines: DuckDBQueryEngine[] = [];
  afterAll(() => Promise.all([encoder.close(), ...engines.map((e) => e.close())]));
  const buckets = { raw: 'raw', lake: 'lake', quarantine: 'quarantine', report: 'report' };

  it('lands valid records in log_records/dt=… (queryable through the local view) and quarantines the bad ones', async () => {
    const store = new FsObjectStore(await tempDir());
    const key = KEY.replace('.json', '.json.zst');
    const request = logsRequest([
      goodRecord,
      { ...goodRecord, timeUnixNano: '1767312000000000000', body: { stringValue: 'next day' } },
      { ...goodRecord, severityNumber: 99 },
      { ...goodRecord, timeUnixNano: '946684800000000000' }, // 2000-01-01: caught by the catalog validator
    ]);
    await store.put('raw', key, zstdCompressSync(JSON.stringify(request)));

    const report = await ingestObject({ store, encoder, buckets }, key);

    expect(report).toMatchObject({
      status: 'ingested',
      parser: 'otlp-logs',
      accepted: { log_records: 2 },
      quarantined: 2,
    });
    expect(report.outputs).toEqual([
      `log_records/dt=2026-01-01/${sourceStem(key)}.parquet`,
      `log_records/dt=2026-01-02/${sourceStem(key)}.parquet`,
    ]);
    const quarantined = new TextDecoder()
      .decode(await store.get('quarantine', quarantineRecordsKey(key)))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(quarantined).toEqual([
      expect.objectContaining({
        sourceKey: key,
        position: 'resourceLogs[0].scopeLogs[0].logRecords[2]',
        field: 'severityNumber',
      }),
      expect.objectContaining({
        sourceKey: key,
        position: 'resourceLogs[0].scopeLogs[0].logRecords[3]',
        field: 'time',
        reason: expect.stringContaining('before 2019'),
      }),
    ]);
    const engine = new DuckDBQueryEngine({ lakeDir: path.join(store.root, 'lake'), threads: 1 });
    engines.push(engine);
    const result = await engine.run({
      name: 'adhoc',
      sql: 'SELECT dt, component, severity_number, body FROM log_records ORDER BY time',
      params: [],
    });
    expect(result.rows).toEqual([
      { dt: '2026-01-01', component: 'odiglet', severity_number: 17, body: 'failed to attach eBPF probe' },
      { dt: '2026-01-02', component: 'odiglet', severity_number: 17, body: 'next day' },
    ]);
  });
});
