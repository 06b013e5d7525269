import type { QueryEngine, QueryResult } from '../ports/query-engine.ts';
import { bindParams, type QueryCatalog } from './query-catalog.ts';

/** Runs a catalog query by name with named parameter values (checked against its header). */
export function runQuery(
  engine: QueryEngine,
  catalog: QueryCatalog,
  name: string,
  values: Readonly<Record<string, string | number | boolean | undefined>>,
): Promise<QueryResult> {
  const query = catalog.get(name);
  return engine.run({ name, sql: query.sql, params: bindParams(query, values) });
}
