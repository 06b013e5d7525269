import { ArnFormat, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { type Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { type IGrantable, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Bucket, EventType, type IBucket } from 'aws-cdk-lib/aws-s3';
import { SqsDestination } from 'aws-cdk-lib/aws-s3-notifications';
import { Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { DatahubFunction, type LogLevel } from '../constructs/datahub-function.ts';
import { alarmPrefix } from '../naming.ts';
import type { BucketRef, DataHubResources } from './data-stack.ts';

export interface PipelineStackProps extends StackProps {
  /** Buckets, Glue database and Athena workgroup of the data stack (`DataStack.resources`). */
  readonly data: DataHubResources;
  /** Addresses subscribed to the alert topic by email. @default none */
  readonly alertEmails?: readonly string[];
  /** EventBridge Scheduler expression (UTC) for the analysis, already validated by `parseContext`. */
  readonly analyzeSchedule: string;
  /** POWERTOOLS_LOG_LEVEL of both functions. @default 'INFO' */
  readonly logLevel?: LogLevel;
}

const INGEST_TIMEOUT = Duration.minutes(5);
const ANALYZE_TIMEOUT = Duration.minutes(15);
// Below 1,769 MB a function gets a fraction of a vCPU; DuckDB parsing and Parquet encoding are CPU-bound.
const ONE_VCPU_MB = 1769;

/** Exact S3 actions per kind of access, instead of grantRead/grantReadWrite's wildcard sets. */
export const S3_ACTIONS = {
  /** Read objects. */
  read: ['s3:GetObject'],
  /** Create objects; large Parquet goes up in parts, and a failed upload must be abortable. */
  write: ['s3:PutObject', 's3:AbortMultipartUpload'],
  /** Idempotent re-runs replace and withdraw earlier outputs. */
  readWriteDelete: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload'],
  /** Athena writes results with the caller's credentials and reads them back for GetQueryResults. */
  athenaResults: ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
} as const;

/** Bucket-level actions: listing makes a missing key a 404 instead of a 403; Athena also locates buckets. */
export const S3_BUCKET_ACTIONS = {
  list: ['s3:ListBucket'],
  athenaSource: ['s3:ListBucket', 's3:GetBucketLocation'],
  athenaResults: ['s3:ListBucket', 's3:GetBucketLocation', 's3:ListBucketMultipartUploads'],
  none: [],
} as const;

/**
 * Everything stateless: queues, functions, the schedule and the alert topic. Safe to redeploy or
 * destroy; the data lives in the DataStack, whose resources arrive as names (`props.data`).
 */
export class PipelineStack extends Stack {
  /** The data stack's names this stack was built against. */
  readonly data: DataHubResources;
  readonly ingestFunction: DatahubFunction;
  readonly analyzeFunction: DatahubFunction;
  readonly alertTopic: Topic;
  readonly alertKey: Key;
  readonly ingestQueue: Queue;
  readonly deadLetterQueue: Queue;
  readonly deadLetterAlarm: Alarm;
  readonly analyzeFailedAlarm: Alarm;
  readonly analyzeSchedule: Schedule;

  constructor(scope: Construct, id: string, props: PipelineStackProps) {
    super(scope, id, props);
    const { data } = props;
    this.data = data;
    const imported = (logicalId: string, ref: BucketRef): IBucket =>
      Bucket.fromBucketAttributes(this, logicalId, ref);
    const raw = imported('RawBucket', data.rawBucket);
    const lake = imported('LakeBucket', data.lakeBucket);
    const quarantine = imported('QuarantineBucket', data.quarantineBucket);
    const report = imported('ReportBucket', data.reportBucket);
    const results = imported('AthenaResultsBucket', data.athenaResultsBucket);

    // ---- Alerts: a customer-managed key, because CloudWatch alarms cannot use the AWS-managed aws/sns key.
    const alarmNames = alarmPrefix(data.stage);
    const fromOurAlarms = {
      StringEquals: { 'aws:SourceAccount': this.account },
      ArnLike: {
        'aws:SourceArn': this.formatArn({
          service: 'cloudwatch',
          resource: 'alarm',
          resourceName: `${alarmNames}*`,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      },
    };
    this.alertKey = new Key(this, 'AlertsKey', {
      description: `Odigos Data Hub ${data.stage}: encrypts the alert topic`,
      alias: `alias/odigos-datahub-${data.stage}-alerts`,
      enableKeyRotation: true,
      // It protects only messages in flight; nothing stored needs it after the stack is gone.
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });
    this.alertKey.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: fromOurAlarms,
      }),
    );
    this.alertTopic = new Topic(this, 'Alerts', {
      displayName: 'Odigos Data Hub alerts',
      enforceSSL: true,
      masterKey: this.alertKey,
    });
    // The topic policy replaces SNS's default one, so CloudWatch needs its own grant (this stage's alarms only).
    this.alertTopic.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.alertTopic.topicArn],
        conditions: fromOurAlarms,
      }),
    );
    for (const email of props.alertEmails ?? [])
      this.alertTopic.addSubscription(new EmailSubscription(email));
    const alarmAction = new SnsAction(this.alertTopic);

    // ---- Ingest: raw bucket → SQS → ingest function, with a dead-letter queue.
    this.deadLetterQueue = new Queue(this, 'IngestDeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // The longest SQS allows: time to fix the cause and redrive.
      retentionPeriod: Duration.days(14),
    });
    this.ingestQueue = new Queue(this, 'IngestQueue', {
      // SSE-SQS, not KMS: S3 event notifications cannot publish to a queue under the aws/sqs key.
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // AWS's guidance for Lambda event sources: at least six times the function timeout.
      visibilityTimeout: Duration.seconds(INGEST_TIMEOUT.toSeconds() * 6),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: 5 },
    });
    raw.addEventNotification(EventType.OBJECT_CREATED, new SqsDestination(this.ingestQueue));
    this.deadLetterAlarm = this.deadLetterQueue
      .metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' })
      .createAlarm(this, 'IngestDeadLettersAlarm', {
        alarmName: `${alarmNames}ingest-dead-letters`,
        alarmDescription:
          'Raw objects failed ingestion five times and wait in the dead-letter queue: fix the cause, then redrive.',
        threshold: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        // An idle queue stops reporting; no data means no dead letters.
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
    this.deadLetterAlarm.addAlarmAction(alarmAction);

    const environment = {
      RAW_BUCKET: data.rawBucket.bucketName,
      LAKE_BUCKET: data.lakeBucket.bucketName,
      QUARANTINE_BUCKET: data.quarantineBucket.bucketName,
      REPORT_BUCKET: data.reportBucket.bucketName,
      ATHENA_WORKGROUP: data.workgroupName,
      ATHENA_DATABASE: data.databaseName,
      ALERT_TOPIC_ARN: this.alertTopic.topicArn,
    };
    const logLevel = props.logLevel ?? 'INFO';

    this.ingestFunction = new DatahubFunction(this, 'Ingest', {
      entry: 'functions/ingest/handler.ts',
      description: 'Parses, validates and quarantines raw objects; writes Parquet to the lake.',
      memorySize: ONE_VCPU_MB,
      timeout: INGEST_TIMEOUT,
      logLevel,
      environment,
    });
    const ingest = this.ingestFunction;
    grantObjects(ingest, raw, S3_ACTIONS.read, S3_BUCKET_ACTIONS.list);
    // Manifests, de-duplication and withdrawal of stale outputs read and delete earlier lake files.
    grantObjects(ingest, lake, S3_ACTIONS.readWriteDelete, S3_BUCKET_ACTIONS.list);
    grantObjects(ingest, quarantine, S3_ACTIONS.readWriteDelete, S3_BUCKET_ACTIONS.list);
    ingest.addEventSource(
      new SqsEventSource(this.ingestQueue, {
        batchSize: 10,
        // Only the failed messages return to the queue; the rest of the batch is done.
        reportBatchItemFailures: true,
        // Bursts of small objects arrive together: fewer, fuller invocations.
        maxBatchingWindow: Duration.seconds(10),
      }),
    );

    // ---- Analyze: on a schedule, through Athena, with alerts and the report.
    this.analyzeFunction = new DatahubFunction(this, 'Analyze', {
      entry: 'functions/analyze/handler.ts',
      description:
        'Daily: compacts recent partitions, scores feedback, runs the query catalog, alerts, reports.',
      memorySize: ONE_VCPU_MB,
      timeout: ANALYZE_TIMEOUT,
      logLevel,
      environment,
    });
    const analyze = this.analyzeFunction;
    // Compaction rewrites recent partitions of every table; results, snapshots and alert state go to the lake too.
    grantObjects(analyze, lake, S3_ACTIONS.readWriteDelete, S3_BUCKET_ACTIONS.athenaSource);
    grantObjects(analyze, results, S3_ACTIONS.athenaResults, S3_BUCKET_ACTIONS.athenaResults);
    // The report is only written (index.html, history/, data/).
    grantObjects(analyze, report, S3_ACTIONS.write, S3_BUCKET_ACTIONS.none);
    this.alertTopic.grantPublish(analyze);
    analyze.addToRolePolicy(
      new PolicyStatement({
        actions: [
          'athena:StartQueryExecution',
          'athena:GetQueryExecution',
          'athena:GetQueryResults',
          'athena:StopQueryExecution',
        ],
        resources: [
          this.formatArn({ service: 'athena', resource: 'workgroup', resourceName: data.workgroupName }),
        ],
      }),
    );
    analyze.addToRolePolicy(
      new PolicyStatement({
        // Athena resolves tables through Glue with the caller's rights; projection means no partition calls.
        actions: ['glue:GetDatabase', 'glue:GetTable', 'glue:GetTables'],
        resources: [
          this.formatArn({ service: 'glue', resource: 'catalog' }),
          this.formatArn({ service: 'glue', resource: 'database', resourceName: data.databaseName }),
          ...data.tableNames.map((t) =>
            this.formatArn({ service: 'glue', resource: 'table', resourceName: `${data.databaseName}/${t}` }),
          ),
        ],
      }),
    );
    analyze.addToRolePolicy(
      new PolicyStatement({
        // Comprehend's detect APIs have no resource-level permissions.
        actions: [
          'comprehend:BatchDetectDominantLanguage',
          'comprehend:BatchDetectSentiment',
          'comprehend:BatchDetectKeyPhrases',
        ],
        resources: ['*'],
      }),
    );

    this.analyzeSchedule = new Schedule(this, 'AnalyzeSchedule', {
      description: 'Daily analysis: KPI snapshot, anomaly alerts and the report.',
      schedule: ScheduleExpression.expression(props.analyzeSchedule),
      target: new LambdaInvoke(analyze, {
        // `{}` analyses yesterday (UTC); a manual `{ "asOf": "YYYY-MM-DD" }` re-runs a day.
        input: ScheduleTargetInput.fromObject({}),
        retryAttempts: 2,
      }),
    });
    this.analyzeFailedAlarm = analyze
      .metricErrors({ period: Duration.minutes(5), statistic: 'Sum' })
      .createAlarm(this, 'AnalyzeFailedAlarm', {
        alarmName: `${alarmNames}analyze-failed`,
        alarmDescription: 'The scheduled analysis failed: no KPI snapshot, alerts or report for the day.',
        threshold: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
    this.analyzeFailedAlarm.addAlarmAction(alarmAction);
  }
}

/** `objectActions` on `bucket/*` and `bucketActions` on the bucket itself, each named exactly. */
function grantObjects(
  grantee: IGrantable,
  bucket: IBucket,
  objectActions: readonly string[],
  bucketActions: readonly string[],
): void {
  grantee.grantPrincipal.addToPrincipalPolicy(
    new PolicyStatement({ actions: [...objectActions], resources: [bucket.arnForObjects('*')] }),
  );
  if (bucketActions.length > 0)
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({ actions: [...bucketActions], resources: [bucket.bucketArn] }),
    );
}
