import { Stack } from 'aws-cdk-lib';
import { CfnDatabase, CfnTable } from 'aws-cdk-lib/aws-glue';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { glueColumns, gluePartitionKeys, tablePrefix } from '../../shared/catalog/engines.ts';
import { PARTITION_COLUMN, type TableDef } from '../../shared/catalog/types.ts';

export interface LakeTablesProps {
  /** Glue database name (lowercase, digits and underscores). */
  readonly databaseName: string;
  /** Bucket holding `<table>/dt=YYYY-MM-DD/*.parquet`. */
  readonly lakeBucket: IBucket;
  /** Catalog tables to register; names must be unique. */
  readonly tables: readonly TableDef[];
  /** First day partition projection offers. @default '2019-01-01' */
  readonly firstDay?: string;
}

const PARQUET = {
  inputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
  outputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
  serdeInfo: { serializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe' },
} as const;

/** Athena partition projection on `dt`: every day from `firstDay` to today exists without registration. */
export function dtProjection(location: string, firstDay: string): Record<string, string> {
  const dt = PARTITION_COLUMN;
  return {
    'projection.enabled': 'true',
    [`projection.${dt}.type`]: 'date',
    [`projection.${dt}.format`]: 'yyyy-MM-dd',
    [`projection.${dt}.range`]: `${firstDay},NOW`,
    [`projection.${dt}.interval`]: '1',
    [`projection.${dt}.interval.unit`]: 'DAYS',
    'storage.location.template': `${location}${dt}=\${${dt}}/`,
  };
}

/**
 * The Glue database and one table per catalog table, with partition projection on `dt` so new
 * partitions are queryable the moment their files land (no crawler, no MSCK REPAIR).
 */
export class LakeTables extends Construct {
  readonly database: CfnDatabase;
  readonly databaseName: string;
  /** Glue table per catalog table name. */
  readonly tables: ReadonlyMap<string, CfnTable>;

  constructor(scope: Construct, id: string, props: LakeTablesProps) {
    super(scope, id);
    if (!/^[a-z0-9_]{1,255}$/.test(props.databaseName))
      throw new Error(`Glue database name "${props.databaseName}" must be lowercase letters, digits, _`);
    const firstDay = props.firstDay ?? '2019-01-01';
    if (!/^\d{4}-\d{2}-\d{2}$/.test(firstDay)) throw new Error(`firstDay "${firstDay}" must be YYYY-MM-DD`);
    const names = props.tables.map((t) => t.name);
    const duplicate = names.find((n, i) => names.indexOf(n) !== i);
    if (duplicate) throw new Error(`Lake table "${duplicate}" is declared twice`);

    const catalogId = Stack.of(this).account;
    this.databaseName = props.databaseName;
    this.database = new CfnDatabase(this, 'Database', {
      catalogId,
      databaseInput: {
        name: props.databaseName,
        description:
          'Odigos Data Hub lake: product telemetry and community feedback (Parquet, partitioned by dt).',
      },
    });

    const tables = new Map<string, CfnTable>();
    for (const table of props.tables) {
      const location = `s3://${props.lakeBucket.bucketName}/${tablePrefix(table)}`;
      const cfn = new CfnTable(this, `Table-${table.name}`, {
        catalogId,
        databaseName: props.databaseName,
        tableInput: {
          name: table.name,
          description: table.description,
          tableType: 'EXTERNAL_TABLE',
          partitionKeys: gluePartitionKeys(),
          parameters: {
            classification: 'parquet',
            EXTERNAL: 'TRUE',
            'parquet.compression': 'ZSTD',
            ...dtProjection(location, firstDay),
          },
          storageDescriptor: { location, columns: glueColumns(table), ...PARQUET },
        },
      });
      cfn.addResourceDependency(this.database);
      tables.set(table.name, cfn);
    }
    this.tables = tables;
  }
}
