import { Duration, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { CfnWorkGroup } from 'aws-cdk-lib/aws-athena';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type LifecycleRule,
  ObjectOwnership,
  StorageClass,
} from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import type { QueryDef } from '../../shared/analytics/query-catalog.ts';
import { TABLES } from '../../shared/catalog/tables.ts';
import { LakeTables } from '../constructs/lake-tables.ts';
import { NamedQueries } from '../constructs/named-queries.ts';
import { type BucketRole, bucketName, databaseName, workgroupName } from '../naming.ts';

export interface DataStackProps extends StackProps {
  readonly stage: string;
  readonly queries: readonly QueryDef[];
}

/**
 * Everything stateful: buckets, the Glue catalog and the Athena workgroup. Kept apart from the
 * functions so those can be redeployed (or destroyed) freely while the data survives.
 */
export class DataStack extends Stack {
  readonly rawBucket: Bucket;
  readonly lakeBucket: Bucket;
  readonly quarantineBucket: Bucket;
  readonly reportBucket: Bucket;
  readonly resultsBucket: Bucket;
  readonly databaseName: string;
  readonly workgroupName: string;
  readonly tableNames: readonly string[];

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
    const logs = new Bucket(this, 'AccessLogs', {
      bucketName: bucketName(props.stage, 'logs'),
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(365) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(logs).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This is the access-log bucket; logging it into itself would loop.',
    });

    const bucket = (
      name: string,
      role: BucketRole,
      options: { versioned?: boolean; lifecycleRules?: LifecycleRule[] } = {},
    ) =>
      new Bucket(this, name, {
        bucketName: bucketName(props.stage, role),
        encryption: BucketEncryption.S3_MANAGED,
        blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
        enforceSSL: true,
        versioned: options.versioned ?? false,
        serverAccessLogsBucket: logs,
        serverAccessLogsPrefix: `${name.toLowerCase()}/`,
        removalPolicy: RemovalPolicy.RETAIN,
        lifecycleRules: options.lifecycleRules ?? [],
      });

    this.rawBucket = bucket('Raw', 'raw', {
      versioned: true,
      // Raw input is re-read only for backfills: cheaper storage after a month.
      lifecycleRules: [
        {
          transitions: [
            { storageClass: StorageClass.INTELLIGENT_TIERING, transitionAfter: Duration.days(30) },
          ],
          noncurrentVersionExpiration: Duration.days(30),
        },
      ],
    });
    this.lakeBucket = bucket('Lake', 'lake', {
      versioned: true,
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(14) }],
    });
    this.quarantineBucket = bucket('Quarantine', 'quarantine', {
      lifecycleRules: [{ expiration: Duration.days(90) }],
    });
    this.reportBucket = bucket('Report', 'report', {
      lifecycleRules: [{ prefix: 'history/', expiration: Duration.days(400) }],
    });
    this.resultsBucket = bucket('AthenaResults', 'results', {
      lifecycleRules: [{ expiration: Duration.days(7) }],
    });

    this.databaseName = databaseName(props.stage);
    const tables = new LakeTables(this, 'LakeTables', {
      databaseName: this.databaseName,
      lakeBucket: this.lakeBucket,
      tables: TABLES,
    });
    this.tableNames = TABLES.map((t) => t.name);

    this.workgroupName = workgroupName(props.stage);
    const workgroup = new CfnWorkGroup(this, 'Workgroup', {
      name: this.workgroupName,
      description: 'Odigos Data Hub queries: results encrypted, 10 GB scan cutoff per query.',
      recursiveDeleteOption: true,
      workGroupConfiguration: {
        engineVersion: { selectedEngineVersion: 'Athena engine version 3' },
        enforceWorkGroupConfiguration: true,
        publishCloudWatchMetricsEnabled: true,
        // A runaway query (a missing dt filter) is cancelled before it costs more than ~$0.05.
        bytesScannedCutoffPerQuery: 10 * 1024 ** 3,
        resultConfiguration: {
          outputLocation: `s3://${this.resultsBucket.bucketName}/results/`,
          encryptionConfiguration: { encryptionOption: 'SSE_S3' },
        },
      },
    });
    const named = new NamedQueries(this, 'NamedQueries', {
      database: this.databaseName,
      workgroup: this.workgroupName,
      queries: props.queries,
    });
    named.node.addDependency(workgroup, tables);
  }
}
