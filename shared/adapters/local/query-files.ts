import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseQueryFile, QueryCatalog } from '../../analytics/query-catalog.ts';

/** The project's `queries/` folder (next to `shared/`), also copied into each Lambda bundle. */
export const DEFAULT_QUERIES_DIR = path.resolve(import.meta.dirname, '../../../queries');

/**
 * Loads the `.sql` files below `dir` for one engine into a catalog (sorted, so errors and order are
 * stable): the Athena catalog by default, or the DuckDB-only pipeline statements (`*.duckdb.sql`).
 */
export async function loadQueryCatalog(
  dir: string = DEFAULT_QUERIES_DIR,
  engine: 'athena' | 'duckdb' = 'athena',
): Promise<QueryCatalog> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((e) => e.isFile() && e.name.endsWith('.sql'))
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
  const queries = await Promise.all(
    files.map(async (file) => parseQueryFile(file, await readFile(path.join(dir, file), 'utf8'))),
  );
  return new QueryCatalog(queries.filter((q) => q.engine === engine));
}
