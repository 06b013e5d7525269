import type { ColumnDef, ColumnType, Row, TableDef } from './types.ts';

/** Why one field of one record was rejected. */
export interface FieldProblem {
  readonly field: string;
  readonly reason: string;
}

export type Validation =
  | { readonly ok: true; readonly row: Row }
  | { readonly ok: false; readonly problem: FieldProblem };

const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Timestamps outside this window are almost always clock or parsing bugs, not real data. */
export const EARLIEST_VALID_TIME = Date.parse('2019-01-01T00:00:00Z');
export const FUTURE_TOLERANCE_MS = 2 * 24 * 3600 * 1000;

function checkValue(type: ColumnType, value: unknown, now: number): string | undefined {
  switch (type) {
    case 'string':
      return typeof value === 'string' ? undefined : `expected a string, got ${describe(value)}`;
    case 'json':
      return typeof value === 'string' ? undefined : `expected JSON text, got ${describe(value)}`;
    case 'bigint':
      return typeof value === 'number' && Number.isSafeInteger(value)
        ? undefined
        : `expected an integer, got ${describe(value)}`;
    case 'double':
      return typeof value === 'number' && Number.isFinite(value)
        ? undefined
        : `expected a finite number, got ${describe(value)}`;
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `expected true/false, got ${describe(value)}`;
    case 'timestamp': {
      if (typeof value !== 'string' || !ISO_TIMESTAMP.test(value)) {
        return `expected an ISO-8601 UTC timestamp, got ${describe(value)}`;
      }
      const t = Date.parse(value);
      if (Number.isNaN(t)) return `not a real instant: ${value}`;
      if (t < EARLIEST_VALID_TIME) return `timestamp ${value} is before 2019-01-01`;
      if (t > now + FUTURE_TOLERANCE_MS) return `timestamp ${value} is in the future`;
      return undefined;
    }
    case 'date':
      return typeof value === 'string' && ISO_DATE.test(value)
        ? undefined
        : `expected a YYYY-MM-DD date, got ${describe(value)}`;
    case 'array<string>':
      return Array.isArray(value) && value.every((v) => typeof v === 'string')
        ? undefined
        : `expected an array of strings, got ${describe(value)}`;
    case 'array<double>':
      return Array.isArray(value) && value.every((v) => typeof v === 'number' && Number.isFinite(v))
        ? undefined
        : `expected an array of numbers, got ${describe(value)}`;
    case 'array<bigint>':
      return Array.isArray(value) && value.every((v) => typeof v === 'number' && Number.isSafeInteger(v))
        ? undefined
        : `expected an array of integers, got ${describe(value)}`;
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

/**
 * Builds the validator for one table. The returned function checks required columns and types,
 * drops unknown keys and fills missing optional columns with null, so every accepted row has
 * exactly the table's columns.
 *
 * @example
 *   const validate = validatorFor(surveyResponses);
 *   validate({ response_id: 'r1', scale: 'nps', score: 11, ... }) // ok (range rules live in parsers)
 */
export function validatorFor(table: TableDef, now: () => number = Date.now): (row: Row) => Validation {
  const columns: readonly ColumnDef[] = table.columns;
  // Records of one object mostly share their timestamps (every point of an OTLP export has the
  // export's time), so each timestamp column keeps its last verdict rather than parsing again.
  const lastTimestamp: unknown[] = [];
  const lastVerdict: (string | undefined)[] = [];
  return (row) => {
    const clock = now();
    const out: Row = {};
    for (let i = 0; i < columns.length; i++) {
      const column = columns[i]!;
      const value = row[column.name];
      if (value === undefined || value === null) {
        if (column.required)
          return { ok: false, problem: { field: column.name, reason: 'required field is missing' } };
        out[column.name] = null;
        continue;
      }
      let reason: string | undefined;
      if (column.type === 'timestamp') {
        if (value !== lastTimestamp[i]) {
          lastVerdict[i] = checkValue('timestamp', value, clock);
          lastTimestamp[i] = value;
        }
        reason = lastVerdict[i];
      } else reason = checkValue(column.type, value, clock);
      if (reason) return { ok: false, problem: { field: column.name, reason } };
      out[column.name] = value;
    }
    return { ok: true, row: out };
  };
}
