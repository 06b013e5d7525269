import type { ObjectStore } from '../ports/index.ts';

/**
 * The newest `dt=` partition among the given tables, found by listing keys: the day a run should
 * analyse when none is given. Returns undefined for an empty lake.
 */
export async function latestPartition(
  store: ObjectStore,
  bucket: string,
  tables: readonly string[],
): Promise<string | undefined> {
  let latest: string | undefined;
  for (const table of tables) {
    for await (const object of store.list(bucket, `${table}/dt=`)) {
      const dt = /\/dt=(\d{4}-\d{2}-\d{2})\//.exec(object.key)?.[1];
      if (dt && (!latest || dt > latest)) latest = dt;
    }
  }
  return latest;
}
