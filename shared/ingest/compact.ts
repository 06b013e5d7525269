import { TABLES, tableByName } from '../catalog/tables.ts';
import type { TableDef } from '../catalog/types.ts';
import { PARTITION_COLUMN } from '../catalog/types.ts';
import type { Buckets } from '../config/config.ts';
import type { ParquetCompactor } from '../ports/compactor.ts';
import type { Log, ObjectStore, Progress } from '../ports/index.ts';
import { noProgress, silentLog } from '../ports/index.ts';

export interface CompactDeps {
  readonly store: ObjectStore;
  readonly compactor: ParquetCompactor;
  readonly buckets: Buckets;
  readonly log?: Log;
}

export interface CompactionReport {
  readonly table: string;
  readonly dt: string;
  readonly filesBefore: number;
  readonly rows: number;
  readonly duplicates: number;
}

const SOURCE_FILE = /\/(src-[0-9a-f]{24})(?:-\d+)?\.parquet$/;
export const COMPACTED_FILE = 'compacted.parquet';
export const withdrawnPrefix = (table: string, dt: string) =>
  `_compaction/withdrawn/${table}/${PARTITION_COLUMN}=${dt}/`;

/** Tables written per source object (they carry `source_key`); others are written whole by their step. */
export const COMPACTABLE_TABLES: readonly TableDef[] = TABLES.filter((t) =>
  t.columns.some((c) => c.name === 'source_key'),
);

/**
 * Merges one day of one table into `compacted.parquet`: Athena then reads one file instead of
 * hundreds of per-object files, and records re-sent in different objects are counted once. Safe to
 * re-run: with no new per-object files and nothing withdrawn, it does nothing.
 */
export async function compactPartition(
  deps: CompactDeps,
  table: TableDef,
  dt: string,
): Promise<CompactionReport | undefined> {
  const { store, buckets } = deps;
  const prefix = `${table.name}/${PARTITION_COLUMN}=${dt}/`;
  const sourceKeys: string[] = [];
  let compacted = false;
  for await (const object of store.list(buckets.lake, prefix)) {
    if (object.key === `${prefix}${COMPACTED_FILE}`) compacted = true;
    else if (SOURCE_FILE.test(object.key)) sourceKeys.push(object.key);
  }
  const withdrawnKeys: string[] = [];
  for await (const object of store.list(buckets.lake, withdrawnPrefix(table.name, dt)))
    withdrawnKeys.push(object.key);
  const worthIt = sourceKeys.length + (compacted ? 1 : 0) >= 2 || (compacted && withdrawnKeys.length > 0);
  if (!worthIt) return undefined;

  const replacedStems = [
    ...new Set([
      ...sourceKeys.map((k) => SOURCE_FILE.exec(k)![1]!),
      ...withdrawnKeys.map((k) => k.split('/').at(-1)!),
    ]),
  ].sort();
  const inputs = [
    ...sourceKeys.map((key) => ({ kind: 'source' as const, read: () => store.get(buckets.lake, key) })),
    ...(compacted
      ? [{ kind: 'compacted' as const, read: () => store.get(buckets.lake, `${prefix}${COMPACTED_FILE}`) }]
      : []),
  ];
  const merged = await deps.compactor.merge(table, inputs, replacedStems);
  // Write the merged file before removing its inputs: a crash in between leaves duplicates that the
  // next run removes, never a gap.
  if (merged.rows > 0)
    await store.put(buckets.lake, `${prefix}${COMPACTED_FILE}`, merged.parquet, {
      contentType: 'application/vnd.apache.parquet',
    });
  else if (compacted) await store.delete(buckets.lake, [`${prefix}${COMPACTED_FILE}`]);
  await store.delete(buckets.lake, [...sourceKeys, ...withdrawnKeys]);
  (deps.log ?? silentLog).info('Partition compacted', {
    table: table.name,
    dt,
    files: inputs.length,
    rows: merged.rows,
    duplicates: merged.duplicates,
  });
  return {
    table: table.name,
    dt,
    filesBefore: inputs.length,
    rows: merged.rows,
    duplicates: merged.duplicates,
  };
}

/** Compacts the given `table/dt` partitions (e.g. those an ingest run touched), with progress. */
export async function compactPartitions(
  deps: CompactDeps,
  partitions: readonly { table: string; dt: string }[],
  progress: Progress = noProgress,
): Promise<CompactionReport[]> {
  const unique = [...new Map(partitions.map((p) => [`${p.table}/${p.dt}`, p])).values()]
    .filter((p) => COMPACTABLE_TABLES.some((t) => t.name === p.table))
    .sort((a, b) => `${a.table}/${a.dt}`.localeCompare(`${b.table}/${b.dt}`));
  progress.start('Compacting', unique.length);
  const reports: CompactionReport[] = [];
  for (const partition of unique) {
    const report = await compactPartition(deps, tableByName(partition.table), partition.dt);
    if (report) reports.push(report);
    progress.tick();
  }
  progress.done(
    `${reports.length} partitions compacted, ${reports.reduce((n, r) => n + r.duplicates, 0)} cross-object duplicates removed`,
  );
  return reports;
}

/** The `table/dt` partitions named by lake keys (ingest outputs, withdrawn outputs). */
export function partitionsOf(keys: readonly string[]): { table: string; dt: string }[] {
  return keys.flatMap((key) => {
    const match = new RegExp(`^([a-z_]+)/${PARTITION_COLUMN}=(\\d{4}-\\d{2}-\\d{2})/`).exec(key);
    return match ? [{ table: match[1]!, dt: match[2]! }] : [];
  });
}
