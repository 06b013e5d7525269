import { describe, expect, it } from 'vitest';
import { duckdbColumnsStruct, glueColumns, gluePartitionKeys } from '../../../shared/catalog/engines.ts';
import { metricPoints, TABLES } from '../../../shared/catalog/tables.ts';

describe('Schema catalog: engine mappings', () => {
  it('gives every table Glue columns with types and comments, partitioned by dt', () => {
    for (const table of TABLES) {
      const columns = glueColumns(table);
      expect(columns.map((c) => c.name)).toEqual(table.columns.map((c) => c.name));
      for (const c of columns) expect(c.comment.length).toBeGreaterThan(10);
    }
    expect(gluePartitionKeys()).toEqual([{ name: 'dt', type: 'string', comment: expect.any(String) }]);
  });

  it('maps histogram buckets to array types in both engines', () => {
    const glue = Object.fromEntries(glueColumns(metricPoints).map((c) => [c.name, c.type]));

    expect(glue.bucket_bounds).toBe('array<double>');
    expect(glue.bucket_counts).toBe('array<bigint>');
    expect(duckdbColumnsStruct(metricPoints)).toContain("'bucket_counts': 'BIGINT[]'");
  });
});
