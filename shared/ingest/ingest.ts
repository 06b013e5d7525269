import { createHash } from 'node:crypto';
import { tableByName } from '../catalog/tables.ts';
import type { Row, TableDef } from '../catalog/types.ts';
import { PARTITION_COLUMN } from '../catalog/types.ts';
import { type Validation, validatorFor } from '../catalog/validate.ts';
import type { Buckets } from '../config/config.ts';
import { DataHubError, UnreadableInputError } from '../errors/index.ts';
import type { BulkIngestor, BulkOutcome } from '../ports/bulk-ingestor.ts';
import type { Log, ObjectStore, ParquetEncoder, Progress } from '../ports/index.ts';
import { noProgress, silentLog } from '../ports/index.ts';
import { COMPACTED_FILE, partitionsOf, withdrawnPrefix } from './compact.ts';
import { sourceObject } from './decode.ts';
import { ACCEPTED_PREFIXES, parserFor } from './parsers/index.ts';
import type { BadRecord } from './records.ts';

export interface IngestDeps {
  readonly store: ObjectStore;
  readonly encoder: ParquetEncoder;
  /** Native parse-validate-encode for the high-volume sources (Segment events). */
  readonly bulk?: BulkIngestor;
  readonly buckets: Buckets;
  readonly log?: Log;
  readonly now?: () => number;
}

/** What happened to one source object; also the body of its manifest. */
export interface IngestReport {
  readonly sourceKey: string;
  /** `ingested` (possibly with some quarantined records), `quarantined` (whole object), `skipped`. */
  readonly status: 'ingested' | 'quarantined' | 'skipped';
  readonly parser: string | null;
  readonly accepted: Readonly<Record<string, number>>;
  readonly quarantined: number;
  readonly duplicates: number;
  readonly skipped: number;
  /** Lake keys written for this object. */
  readonly outputs: readonly string[];
  /**
   * SHA-256 of each output's bytes. A re-delivered object whose outputs hash the same is not
   * written again — its rows may already live in a compacted file.
   */
  readonly hashes?: Readonly<Record<string, string>>;
  /** Why the object was quarantined whole, or the first record problem. */
  readonly reason?: string;
}

const MANIFEST_PREFIX = '_ingest/manifests/';

/** Deterministic, key-safe stem for everything derived from one source object. */
export const sourceStem = (sourceKey: string): string =>
  `src-${createHash('sha256').update(sourceKey).digest('hex').slice(0, 24)}`;

export const quarantineRecordsKey = (sourceKey: string) => `records/${sourceKey}.ndjson`;
export const quarantineFileKey = (sourceKey: string) => `files/${sourceKey}`;

/** A problem reading the object itself (decompression, I/O): the whole object is quarantined. */
class UnreadableObject extends Error {}

/**
 * Ingests one raw object: parse → validate against the catalog → de-duplicate → Parquet per
 * `(table, dt)` in the lake, bad records to quarantine with file, position, field and reason.
 * Output keys depend only on the source key, so re-delivery overwrites with identical bytes.
 */
export async function ingestObject(deps: IngestDeps, sourceKey: string): Promise<IngestReport> {
  const { store, buckets } = deps;
  const log = deps.log ?? silentLog;
  const stem = sourceStem(sourceKey);
  const manifestKey = `${MANIFEST_PREFIX}${stem}.json`;
  const previous = await readManifest(store, buckets.lake, manifestKey);

  if (deps.bulk?.canIngest(sourceKey)) return ingestBulk(deps, deps.bulk, sourceKey, previous, manifestKey);

  const parser = parserFor(sourceKey);
  if (!parser) {
    return finishWhole(
      deps,
      sourceKey,
      previous,
      manifestKey,
      `unknown input prefix; accepted: ${ACCEPTED_PREFIXES}`,
      null,
    );
  }

  const validators = new Map<string, (row: Row) => Validation>();
  const groups = new Map<string, { table: TableDef; dt: string; rows: Row[]; seen: Set<string> }>();
  const badRecords: (BadRecord & { sourceKey: string })[] = [];
  let duplicates = 0;
  let skipped = 0;

  const source = sourceObject(sourceKey, async () => {
    try {
      return await store.getStream(buckets.raw, sourceKey);
    } catch (error) {
      if (error instanceof DataHubError) throw error;
      throw new UnreadableObject(`cannot open: ${(error as Error).message}`);
    }
  });
  try {
    for await (const record of parser.parse(source)) {
      if (record.kind === 'skipped') {
        skipped++;
        continue;
      }
      if (record.kind === 'bad') {
        badRecords.push({ ...record, sourceKey });
        continue;
      }
      const table = tableByName(record.table);
      let validate = validators.get(table.name);
      if (!validate) {
        validate = validatorFor(table, deps.now);
        validators.set(table.name, validate);
      }
      const result = validate(record.row);
      if (!result.ok) {
        badRecords.push({
          kind: 'bad',
          position: record.position,
          ...result.problem,
          raw: record.row,
          sourceKey,
        });
        continue;
      }
      const dt = String(result.row[table.partitionSource]).slice(0, 10);
      const groupKey = `${table.name}/${dt}`;
      let group = groups.get(groupKey);
      if (!group) {
        group = { table, dt, rows: [], seen: new Set() };
        groups.set(groupKey, group);
      }
      const identity = table.uniqueKey.map((c) => String(result.row[c])).join('\u0000');
      if (group.seen.has(identity)) {
        duplicates++;
        continue;
      }
      group.seen.add(identity);
      group.rows.push(result.row);
    }
  } catch (error) {
    // A retryable service failure must reach the caller so the message is retried, not quarantined.
    if (error instanceof DataHubError && error.retryable) throw error;
    const reason = `cannot be read: ${(error as Error).message}`;
    log.warn('Quarantining unreadable object', { sourceKey, reason });
    return finishWhole(deps, sourceKey, previous, manifestKey, reason, parser.name);
  }

  const outputs: string[] = [];
  const hashes: Record<string, string> = {};
  const accepted: Record<string, number> = {};
  for (const group of [...groups.values()].sort((a, b) =>
    (a.table.name + a.dt).localeCompare(b.table.name + b.dt),
  )) {
    const key = `${group.table.name}/${PARTITION_COLUMN}=${group.dt}/${stem}.parquet`;
    hashes[key] = await writeOutput(deps, previous, key, await deps.encoder.encode(group.table, group.rows));
    outputs.push(key);
    accepted[group.table.name] = (accepted[group.table.name] ?? 0) + group.rows.length;
  }

  const first = badRecords[0];
  return finishIngested(deps, sourceKey, previous, manifestKey, {
    parser: parser.name,
    accepted,
    outputs,
    hashes,
    quarantined: badRecords.length,
    quarantineBody:
      badRecords.length > 0
        ? `${badRecords.map(({ kind: _kind, ...r }) => JSON.stringify(r)).join('\n')}\n`
        : undefined,
    duplicates,
    skipped,
    ...(first ? { reason: `${first.position}: ${first.field}: ${first.reason}` } : {}),
  });
}

/** The bulk path: the native engine parses, checks and encodes; this uploads what it staged. */
async function ingestBulk(
  deps: IngestDeps,
  bulk: BulkIngestor,
  sourceKey: string,
  previous: IngestReport | undefined,
  manifestKey: string,
): Promise<IngestReport> {
  let outcome: BulkOutcome;
  try {
    outcome = await bulk.ingest(sourceKey, () => deps.store.getStream(deps.buckets.raw, sourceKey));
  } catch (error) {
    if (error instanceof UnreadableInputError) {
      (deps.log ?? silentLog).warn('Quarantining unreadable object', { sourceKey, reason: error.message });
      return finishWhole(
        deps,
        sourceKey,
        previous,
        manifestKey,
        error.message.slice(sourceKey.length + 2),
        'segment',
      );
    }
    throw error;
  }
  try {
    const stem = sourceStem(sourceKey);
    const outputs: string[] = [];
    const hashes: Record<string, string> = {};
    for (const part of outcome.parts) {
      const key = `${outcome.table}/${PARTITION_COLUMN}=${part.dt}/${stem}${part.part > 0 ? `-${part.part}` : ''}.parquet`;
      hashes[key] = await writeOutput(deps, previous, key, await part.read());
      outputs.push(key);
    }
    return await finishIngested(deps, sourceKey, previous, manifestKey, {
      parser: 'segment',
      accepted: outcome.accepted > 0 ? { [outcome.table]: outcome.accepted } : {},
      outputs,
      hashes,
      quarantined: outcome.quarantined,
      quarantineBody: await outcome.quarantineNdjson(),
      duplicates: outcome.duplicates,
      skipped: 0,
      ...(outcome.firstProblem ? { reason: outcome.firstProblem } : {}),
    });
  } finally {
    await outcome.dispose();
  }
}

/** Writes (or clears) the object's quarantine records, withdraws stale outputs and records the manifest. */
async function finishIngested(
  deps: IngestDeps,
  sourceKey: string,
  previous: IngestReport | undefined,
  manifestKey: string,
  result: Omit<IngestReport, 'sourceKey' | 'status'> & { quarantineBody: Uint8Array | string | undefined },
): Promise<IngestReport> {
  const { store, buckets } = deps;
  const quarantineKey = quarantineRecordsKey(sourceKey);
  if (result.quarantineBody !== undefined) {
    await store.put(buckets.quarantine, quarantineKey, result.quarantineBody, {
      contentType: 'application/x-ndjson',
    });
  } else if (previous && previous.quarantined > 0) {
    await store.delete(buckets.quarantine, [quarantineKey]);
  }
  await removeStaleOutputs(deps, previous, result.outputs);
  const { quarantineBody: _body, ...fields } = result;
  const report: IngestReport = { sourceKey, status: 'ingested', ...fields };
  await store.put(buckets.lake, manifestKey, JSON.stringify(report, null, 2), {
    contentType: 'application/json',
  });
  if (report.quarantined > 0)
    (deps.log ?? silentLog).info('Quarantined records', {
      sourceKey,
      count: report.quarantined,
      first: report.reason,
    });
  return report;
}

/** Quarantines the whole object (copy + reason) and withdraws anything an earlier ingest of it wrote. */
async function finishWhole(
  deps: IngestDeps,
  sourceKey: string,
  previous: IngestReport | undefined,
  manifestKey: string,
  reason: string,
  parser: string | null,
): Promise<IngestReport> {
  const { store, buckets } = deps;
  const fileKey = quarantineFileKey(sourceKey);
  try {
    await store.put(buckets.quarantine, fileKey, await store.get(buckets.raw, sourceKey));
  } catch (error) {
    if (error instanceof DataHubError && error.retryable) throw error;
    // The object may be gone or unreadable; the reason file below still records what happened.
  }
  await store.put(
    buckets.quarantine,
    `${fileKey}.reason.json`,
    JSON.stringify({ sourceKey, reason }, null, 2),
    { contentType: 'application/json' },
  );
  await removeStaleOutputs(deps, previous, []);
  const report: IngestReport = {
    sourceKey,
    status: 'quarantined',
    parser,
    accepted: {},
    quarantined: 0,
    duplicates: 0,
    skipped: 0,
    outputs: [],
    reason,
  };
  await store.put(buckets.lake, manifestKey, JSON.stringify(report, null, 2), {
    contentType: 'application/json',
  });
  return report;
}

async function readManifest(
  store: ObjectStore,
  bucket: string,
  key: string,
): Promise<IngestReport | undefined> {
  if (!(await store.head(bucket, key))) return undefined;
  return JSON.parse(new TextDecoder().decode(await store.get(bucket, key))) as IngestReport;
}

/** Writes one Parquet output unless the same bytes were written for this key before; returns their hash. */
async function writeOutput(
  deps: IngestDeps,
  previous: IngestReport | undefined,
  key: string,
  parquet: Uint8Array,
): Promise<string> {
  const hash = createHash('sha256').update(parquet).digest('hex');
  const unchanged =
    previous?.hashes?.[key] === hash &&
    ((await deps.store.head(deps.buckets.lake, key)) !== undefined ||
      (await deps.store.head(deps.buckets.lake, key.replace(/[^/]+$/, COMPACTED_FILE))) !== undefined);
  if (!unchanged)
    await deps.store.put(deps.buckets.lake, key, parquet, { contentType: 'application/vnd.apache.parquet' });
  return hash;
}

/**
 * A changed source object may no longer cover some dates: its old Parquet must not linger, and
 * compaction must drop its rows from the compacted file (the withdrawn marker says so).
 */
async function removeStaleOutputs(
  deps: IngestDeps,
  previous: IngestReport | undefined,
  outputs: readonly string[],
) {
  if (!previous) return;
  const stale = previous.outputs.filter((k) => !outputs.includes(k));
  if (stale.length === 0) return;
  await deps.store.delete(deps.buckets.lake, stale);
  for (const { table, dt } of partitionsOf(stale)) {
    await deps.store.put(
      deps.buckets.lake,
      `${withdrawnPrefix(table, dt)}${sourceStem(previous.sourceKey)}`,
      '',
    );
  }
}

export interface IngestSummary {
  readonly objects: number;
  readonly ingested: number;
  readonly quarantinedObjects: number;
  readonly skippedObjects: number;
  readonly accepted: Readonly<Record<string, number>>;
  readonly quarantinedRecords: number;
  readonly duplicates: number;
  readonly reports: readonly IngestReport[];
}

/**
 * Ingests many objects with bounded concurrency and progress. Bad objects and records are
 * quarantined and counted; only a retryable service failure propagates, so the caller can retry.
 */
export async function ingestObjects(
  deps: IngestDeps,
  keys: readonly string[],
  options: { concurrency?: number; progress?: Progress } = {},
): Promise<IngestSummary> {
  const progress = options.progress ?? noProgress;
  const reports: IngestReport[] = new Array(keys.length);
  progress.start('Ingesting', keys.length);
  let next = 0;
  const worker = async () => {
    while (next < keys.length) {
      const index = next++;
      reports[index] = await ingestObject(deps, keys[index]!);
      progress.tick();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 4) }, worker));
  const summary = summarize(reports);
  progress.done(
    `${summary.ingested} objects ingested, ${summary.quarantinedObjects} quarantined whole, ` +
      `${summary.quarantinedRecords} bad records quarantined, ${summary.duplicates} duplicates dropped`,
  );
  return summary;
}

export function summarize(reports: readonly IngestReport[]): IngestSummary {
  const accepted: Record<string, number> = {};
  for (const r of reports)
    for (const [t, n] of Object.entries(r.accepted)) accepted[t] = (accepted[t] ?? 0) + n;
  return {
    objects: reports.length,
    ingested: reports.filter((r) => r.status === 'ingested').length,
    quarantinedObjects: reports.filter((r) => r.status === 'quarantined').length,
    skippedObjects: reports.filter((r) => r.status === 'skipped').length,
    accepted,
    quarantinedRecords: reports.reduce((n, r) => n + r.quarantined, 0),
    duplicates: reports.reduce((n, r) => n + r.duplicates, 0),
    reports,
  };
}
