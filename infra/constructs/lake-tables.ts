import { CfnDatabase, CfnTable } from 'aws-cdk-lib/aws-glue';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { glueColumns, gluePartitionKeys } from '../../shared/catalog/engines.ts';
import type { TableDef } from '../../shared/catalog/types.ts';

export interface LakeTablesProps {
  readonly databaseName: string;
  readonly lakeBucket: IBucket;
  readonly tables: readonly TableDef[];
}

/**
 * The Glue database and one table per catalog table, with partition projection on `dt` so new
 * partitions are queryable the moment their files land (no crawler, no MSCK REPAIR).
 */
export class LakeTables extends Construct {
  readonly database: CfnDatabase;
  readonly tables: Record<string, CfnTable> = {};

  constructor(scope: Construct, id: string, props: LakeTablesProps) {
    super(scope, id);
    this.database = new CfnDatabase(this, 'Database', {
      catalogId: props.lakeBucket.stack.account,
      databaseInput: {
        name: props.databaseName,
        description:
          'Odigos Data Hub lake: product telemetry and community feedback (Parquet, partitioned by dt).',
      },
    });
    for (const table of props.tables) {
      const location = `s3://${props.lakeBucket.bucketName}/${table.name}/`;
      const cfn = new CfnTable(this, `Table-${table.name}`, {
        catalogId: props.lakeBucket.stack.account,
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
            'projection.enabled': 'true',
            'projection.dt.type': 'date',
            'projection.dt.format': 'yyyy-MM-dd',
            'projection.dt.range': '2019-01-01,NOW',
            'projection.dt.interval': '1',
            'projection.dt.interval.unit': 'DAYS',
            'storage.location.template': `${location}dt=\${dt}/`,
          },
          storageDescriptor: {
            location,
            columns: glueColumns(table),
            inputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
            outputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
            serdeInfo: {
              serializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe',
            },
          },
        },
      });
      cfn.addResourceDependency(this.database);
      this.tables[table.name] = cfn;
    }
  }
}
