import { QueryDefinitionError } from '../errors/index.ts';
import type { BoundParam, ParamType } from '../ports/query-engine.ts';

export interface QueryParamDef {
  readonly name: string;
  readonly type: ParamType;
  /** Default as written in the header; absent means the parameter is required. */
  readonly defaultValue?: string;
  readonly description: string;
}

export interface QueryColumnDef {
  readonly name: string;
  readonly type: string;
  readonly description: string;
}

/** A parsed `queries/**.sql` file: its header and its body. */
export interface QueryDef {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  /** Path relative to `queries/`, e.g. `usage/feature_adoption.sql`. */
  readonly path: string;
  readonly params: readonly QueryParamDef[];
  /** Parameter name for each `?` in the body, in order (a parameter may be used more than once). */
  readonly bind: readonly string[];
  readonly columns: readonly QueryColumnDef[];
  /** The whole file, header included (Athena named queries keep the header as documentation). */
  readonly sql: string;
  /**
   * `athena` (the default): Trino SQL that runs in Athena and, through the compatibility macros, in
   * DuckDB. `duckdb`: a step of the pipeline itself (e.g. ingest parsing) that only DuckDB runs.
   */
  readonly engine: 'athena' | 'duckdb';
}

const PARAM_TYPES = new Set<ParamType>(['string', 'date', 'timestamp', 'bigint', 'double', 'boolean']);
const HEADER_LINE = /^--\s*([a-z_]+)\s*:\s*(.*)$/;

/**
 * Parses a query file. Header lines (before the first SQL line):
 *
 *   -- name: feature_adoption
 *   -- title: Feature adoption
 *   -- description: One sentence or more (may repeat to continue).
 *   -- param: start_date date | First dt partition to include.
 *   -- param: underused_share double = 0.2 | Flag features below this share of active users.
 *   -- bind: start_date, end_date          (defaults to the params in order)
 *   -- column: feature string | Product feature.
 */
export function parseQueryFile(path: string, text: string): QueryDef {
  const fail = (message: string): never => {
    throw new QueryDefinitionError(`${path}: ${message}`);
  };
  const header: Record<string, string[]> = {};
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (trimmed === '') continue;
    if (!trimmed.startsWith('--')) break;
    const match = HEADER_LINE.exec(trimmed);
    if (match) header[match[1]!] = [...(header[match[1]!] ?? []), match[2]!.trim()];
  }
  const one = (key: string): string => {
    const values = header[key];
    if (!values || values.length === 0 || values[0] === '') return fail(`header "-- ${key}:" is missing`);
    return values.join(' ');
  };
  const name = one('name');
  if (!/^[a-z][a-z0-9_]*$/.test(name)) fail(`query name "${name}" must be snake_case`);

  const params = (header.param ?? []).map((spec): QueryParamDef => {
    const match = /^([a-z][a-z0-9_]*)\s+([a-z]+)\s*(?:=\s*([^|]*?))?\s*(?:\|\s*(.*))?$/.exec(spec);
    if (!match)
      return fail(`cannot read "-- param: ${spec}" (expected: name type [= default] | description)`);
    const type = match[2] as ParamType;
    if (!PARAM_TYPES.has(type)) fail(`param ${match[1]} has unknown type ${type}`);
    return {
      name: match[1]!,
      type,
      description: match[4]?.trim() ?? '',
      ...(match[3] !== undefined && match[3] !== '' ? { defaultValue: match[3] } : {}),
    };
  });
  const bind = header.bind
    ? header.bind
        .join(',')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : params.map((p) => p.name);
  for (const b of bind) if (!params.some((p) => p.name === b)) fail(`bind names unknown param "${b}"`);
  const placeholders = countPlaceholders(text);
  if (placeholders !== bind.length) fail(`${placeholders} "?" placeholders but ${bind.length} bound params`);

  const columns = (header.column ?? []).map((spec): QueryColumnDef => {
    const match = /^([A-Za-z_][A-Za-z0-9_]*)\s+([^|]+?)\s*(?:\|\s*(.*))?$/.exec(spec);
    if (!match) return fail(`cannot read "-- column: ${spec}"`);
    return { name: match[1]!, type: match[2]!, description: match[3] ?? '' };
  });
  const engine = header.engine?.[0] ?? 'athena';
  if (engine !== 'athena' && engine !== 'duckdb') fail(`engine must be athena or duckdb, not "${engine}"`);
  return {
    name,
    title: one('title'),
    description: one('description'),
    path,
    params,
    bind,
    columns,
    sql: text,
    engine: engine as QueryDef['engine'],
  };
}

/** Counts `?` placeholders outside string literals, quoted identifiers and comments. */
export function countPlaceholders(sql: string): number {
  let count = 0;
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i];
    if (ch === "'" || ch === '"') {
      i++;
      while (i < sql.length && !(sql[i] === ch && sql[i + 1] !== ch)) i += sql[i] === ch ? 2 : 1;
      i++;
    } else if (ch === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      i = end === -1 ? sql.length : end;
    } else if (ch === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end === -1 ? sql.length : end + 2;
    } else {
      if (ch === '?') count++;
      i++;
    }
  }
  return count;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d+)?Z?$/;

function coerce(
  query: QueryDef,
  param: QueryParamDef,
  raw: string | number | boolean,
): string | number | boolean {
  const bad = (why: string): never => {
    throw new QueryDefinitionError(`${query.name}: parameter ${param.name} = ${JSON.stringify(raw)} ${why}`);
  };
  const text = String(raw).trim();
  switch (param.type) {
    case 'string':
      return String(raw);
    case 'date':
      return DATE.test(text) && !Number.isNaN(Date.parse(text)) ? text : bad('is not a YYYY-MM-DD date');
    case 'timestamp':
      return TIMESTAMP.test(text) ? text : bad('is not an ISO-8601 timestamp');
    case 'bigint': {
      const n = Number(text);
      return /^-?\d+$/.test(text) && Number.isSafeInteger(n) ? n : bad('is not an integer');
    }
    case 'double': {
      const n = Number(text);
      return text !== '' && Number.isFinite(n) ? n : bad('is not a number');
    }
    case 'boolean':
      return text === 'true' ? true : text === 'false' ? false : bad('is not true or false');
  }
}

/**
 * Checks the given values against the header (types, required, unknown names) and returns the
 * positional parameters for the engine, in `bind` order.
 *
 * @example bindParams(def, { start_date: '2026-01-01', end_date: '2026-01-31' })
 */
export function bindParams(
  query: QueryDef,
  values: Readonly<Record<string, string | number | boolean | undefined>>,
): BoundParam[] {
  for (const name of Object.keys(values)) {
    if (values[name] !== undefined && !query.params.some((p) => p.name === name)) {
      throw new QueryDefinitionError(
        `${query.name}: unknown parameter "${name}" (known: ${query.params.map((p) => p.name).join(', ') || 'none'})`,
      );
    }
  }
  const resolved = new Map<string, string | number | boolean>();
  for (const param of query.params) {
    const raw = values[param.name] ?? param.defaultValue;
    if (raw === undefined)
      throw new QueryDefinitionError(`${query.name}: parameter ${param.name} (${param.type}) is required`);
    resolved.set(param.name, coerce(query, param, raw));
  }
  return query.bind.map((name) => {
    const param = query.params.find((p) => p.name === name)!;
    return { name, type: param.type, value: resolved.get(name)! };
  });
}

/** The queries by name; duplicate names are a definition error. */
export class QueryCatalog {
  private readonly byName = new Map<string, QueryDef>();

  constructor(queries: readonly QueryDef[]) {
    for (const query of queries) {
      const existing = this.byName.get(query.name);
      if (existing)
        throw new QueryDefinitionError(
          `query name ${query.name} is used by ${existing.path} and ${query.path}`,
        );
      this.byName.set(query.name, query);
    }
  }

  get(name: string): QueryDef {
    const query = this.byName.get(name);
    if (!query) throw new QueryDefinitionError(`no query named "${name}"; known: ${this.names().join(', ')}`);
    return query;
  }

  names(): string[] {
    return [...this.byName.keys()].sort();
  }

  all(): QueryDef[] {
    return this.names().map((n) => this.byName.get(n)!);
  }
}
