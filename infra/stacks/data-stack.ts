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
import type { TableDef } from '../../shared/catalog/types.ts';
import { LakeTables } from '../constructs/lake-tables.ts';
import { NamedQueries } from '../constructs/named-queries.ts';
import { type BucketRole, bucketArn, bucketName, databaseName, workgroupName } from '../naming.ts';

/** A bucket as other stacks see it: its name and ARN. */
export interface BucketRef {
  readonly bucketName: string;
  readonly bucketArn: string;
}

/**
 * What the stateless stacks get from the data stack. Every value is derived from stage, account and
 * region (never a `Ref` to a resource), so using it in another stack creates no CloudFormation
 * export — exports would pin the data stack and block changes to its buckets.
 */
export interface DataHubResources {
  readonly stage: string;
  readonly rawBucket: BucketRef;
  readonly lakeBucket: BucketRef;
  readonly quarantineBucket: BucketRef;
  readonly reportBucket: BucketRef;
  readonly athenaResultsBucket: BucketRef;
  readonly databaseName: string;
  /** The lake tables registered in Glue (one per catalog table). */
  readonly tableNames: readonly string[];
  readonly workgroupName: string;
}

export interface DataStackProps extends StackProps {
  /** Name suffix (see `infra/config.ts`). */
  readonly stage: string;
  /** Saved in Athena as named queries; an empty list creates none. @default none */
  readonly queries?: readonly QueryDef[];
  /** Lake tables to register in Glue. @default TABLES (the schema catalog) */
  readonly tables?: readonly TableDef[];
  /** Athena cancels any query that would scan more. @default 10 GiB */
  readonly bytesScannedCutoffPerQuery?: number;
}

const DEFAULT_SCAN_CUTOFF = 10 * 1024 ** 3;
// Failed multipart uploads (the object store uses them for large Parquet) are billed until aborted.
const ABORT_UPLOADS: LifecycleRule = { abortIncompleteMultipartUploadAfter: Duration.days(7) };

/**
 * Everything stateful: buckets, the Glue catalog and the Athena workgroup. Kept apart from the
 * functions so those can be redeployed (or destroyed) freely while the data survives.
 */
export class DataStack extends Stack {
  readonly rawBucket: Bucket;
  readonly lakeBucket: Bucket;
  readonly quarantineBucket: Bucket;
  readonly reportBucket: Bucket;
  readonly athenaResultsBucket: Bucket;
  readonly accessLogsBucket: Bucket;
  readonly lakeTables: LakeTables;
  readonly workgroup: CfnWorkGroup;
  /** Names and ARNs for the pipeline stack (and later stateless stacks). */
  readonly resources: DataHubResources;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
    const { stage } = props;
    const cutoff = props.bytesScannedCutoffPerQuery ?? DEFAULT_SCAN_CUTOFF;
    // Athena's own lower bound (10 MB); a smaller value would fail only at deploy time.
    if (!Number.isInteger(cutoff) || cutoff < 10_000_000)
      throw new Error(
        `bytesScannedCutoffPerQuery must be an integer of at least 10000000 bytes, got ${cutoff}`,
      );

    this.accessLogsBucket = new Bucket(this, 'AccessLogs', {
      bucketName: bucketName(stage, 'logs'),
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      // S3 log delivery is granted by bucket policy (feature flag serverAccessLogsUseBucketPolicy), so ACLs stay off.
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ expiration: Duration.days(365) }, ABORT_UPLOADS],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.accessLogsBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This is the access-log bucket; logging it into itself would loop.',
    });

    const bucket = (
      id: string,
      role: BucketRole,
      options: { versioned?: boolean; lifecycleRules?: LifecycleRule[] } = {},
    ) =>
      new Bucket(this, id, {
        bucketName: bucketName(stage, role),
        encryption: BucketEncryption.S3_MANAGED,
        blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
        enforceSSL: true,
        objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
        versioned: options.versioned ?? false,
        serverAccessLogsBucket: this.accessLogsBucket,
        serverAccessLogsPrefix: `${role}/`,
        // Data outlives the stack: `cdk destroy` leaves these buckets (and their objects) in place.
        removalPolicy: RemovalPolicy.RETAIN,
        lifecycleRules: [...(options.lifecycleRules ?? []), ABORT_UPLOADS],
      });

    this.rawBucket = bucket('Raw', 'raw', {
      // Versioned: an overwritten or deleted input can be recovered and re-ingested.
      versioned: true,
      lifecycleRules: [
        {
          // Raw input is re-read only for backfills; Intelligent-Tiering cuts storage cost without retrieval fees.
          transitions: [
            { storageClass: StorageClass.INTELLIGENT_TIERING, transitionAfter: Duration.days(30) },
          ],
          noncurrentVersionExpiration: Duration.days(30),
        },
      ],
    });
    this.lakeBucket = bucket('Lake', 'lake', {
      versioned: true,
      // Compaction replaces files daily; old versions are only an undo window.
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(14) }],
    });
    this.quarantineBucket = bucket('Quarantine', 'quarantine', {
      lifecycleRules: [{ expiration: Duration.days(90) }],
    });
    this.reportBucket = bucket('Report', 'report', {
      lifecycleRules: [{ prefix: 'history/', expiration: Duration.days(400) }],
    });
    this.athenaResultsBucket = bucket('AthenaResults', 'results', {
      // Query results are re-creatable and read once by the analysis.
      lifecycleRules: [{ expiration: Duration.days(7) }],
    });

    const tables = props.tables ?? TABLES;
    this.lakeTables = new LakeTables(this, 'LakeTables', {
      databaseName: databaseName(stage),
      lakeBucket: this.lakeBucket,
      tables,
    });

    this.workgroup = new CfnWorkGroup(this, 'Workgroup', {
      name: workgroupName(stage),
      description: `Odigos Data Hub queries: results encrypted, ${Math.round(cutoff / 1024 ** 3)} GB scan cutoff per query.`,
      // The workgroup holds only query history and saved queries (both re-creatable from code).
      recursiveDeleteOption: true,
      workGroupConfiguration: {
        engineVersion: { selectedEngineVersion: 'Athena engine version 3' },
        // Clients cannot override the result location, encryption or cutoff below.
        enforceWorkGroupConfiguration: true,
        publishCloudWatchMetricsEnabled: true,
        // A runaway query (a missing dt filter) is cancelled before it costs more than ~$0.05.
        bytesScannedCutoffPerQuery: cutoff,
        resultConfiguration: {
          outputLocation: `s3://${this.athenaResultsBucket.bucketName}/results/`,
          encryptionConfiguration: { encryptionOption: 'SSE_S3' },
        },
      },
    });

    const named = new NamedQueries(this, 'NamedQueries', {
      database: databaseName(stage),
      workgroup: this.workgroup,
      queries: props.queries ?? [],
    });
    named.node.addDependency(this.lakeTables);

    const ref = (role: BucketRole): BucketRef => ({
      bucketName: bucketName(stage, role),
      bucketArn: bucketArn(stage, role),
    });
    this.resources = {
      stage,
      rawBucket: ref('raw'),
      lakeBucket: ref('lake'),
      quarantineBucket: ref('quarantine'),
      reportBucket: ref('report'),
      athenaResultsBucket: ref('results'),
      databaseName: databaseName(stage),
      tableNames: tables.map((t) => t.name),
      workgroupName: workgroupName(stage),
    };
  }
}
