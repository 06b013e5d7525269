import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { type IGrantable, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Alias } from 'aws-cdk-lib/aws-kms';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Bucket, EventType } from 'aws-cdk-lib/aws-s3';
import { SqsDestination } from 'aws-cdk-lib/aws-s3-notifications';
import { Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { DatahubFunction } from '../constructs/datahub-function.ts';
import { type BucketRole, bucketArn, bucketName, databaseName, workgroupName } from '../naming.ts';

export interface PipelineStackProps extends StackProps {
  readonly stage: string;
  /** Lake tables the analysis may read through Glue. */
  readonly tableNames: readonly string[];
  readonly alertEmails: readonly string[];
  readonly analyzeSchedule: string;
}

const INGEST_TIMEOUT = Duration.minutes(5);

/** Exact S3 object and bucket actions, instead of the wider grantRead/grantReadWrite sets. */
const S3_ACCESS = {
  read: ['s3:GetObject'],
  write: ['s3:PutObject'],
  readWrite: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
} as const;

/**
 * Everything stateless: queues, functions, the schedule and the alert topic. Safe to redeploy or
 * destroy; the data lives in the DataStack (whose resources it finds by name, not by export).
 */
export class PipelineStack extends Stack {
  readonly ingestFunction: DatahubFunction;
  readonly analyzeFunction: DatahubFunction;
  readonly alertTopic: Topic;
  readonly ingestQueue: Queue;
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: PipelineStackProps) {
    super(scope, id, props);
    const { stage } = props;
    const grantObjects = (grantee: IGrantable, role: BucketRole, access: keyof typeof S3_ACCESS) => {
      grantee.grantPrincipal.addToPrincipalPolicy(
        new PolicyStatement({ actions: [...S3_ACCESS[access]], resources: [`${bucketArn(stage, role)}/*`] }),
      );
      grantee.grantPrincipal.addToPrincipalPolicy(
        new PolicyStatement({ actions: ['s3:ListBucket'], resources: [bucketArn(stage, role)] }),
      );
    };

    this.alertTopic = new Topic(this, 'Alerts', {
      displayName: 'Odigos Data Hub alerts',
      enforceSSL: true,
      masterKey: Alias.fromAliasName(this, 'SnsManagedKey', 'alias/aws/sns'),
    });
    for (const email of props.alertEmails) this.alertTopic.addSubscription(new EmailSubscription(email));

    this.deadLetterQueue = new Queue(this, 'IngestDeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.ingestQueue = new Queue(this, 'IngestQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // AWS's guidance for Lambda event sources: at least six times the function timeout.
      visibilityTimeout: Duration.seconds(INGEST_TIMEOUT.toSeconds() * 6),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: 5 },
    });
    Bucket.fromBucketName(this, 'RawBucketRef', bucketName(stage, 'raw')).addEventNotification(
      EventType.OBJECT_CREATED,
      new SqsDestination(this.ingestQueue),
    );
    this.deadLetterQueue
      .metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) })
      .createAlarm(this, 'IngestDeadLettersAlarm', {
        alarmDescription: 'Raw objects failed ingestion five times and wait in the dead-letter queue.',
        threshold: 1,
        evaluationPeriods: 1,
      })
      .addAlarmAction(new SnsAction(this.alertTopic));

    const environment = {
      RAW_BUCKET: bucketName(stage, 'raw'),
      LAKE_BUCKET: bucketName(stage, 'lake'),
      QUARANTINE_BUCKET: bucketName(stage, 'quarantine'),
      REPORT_BUCKET: bucketName(stage, 'report'),
      ATHENA_WORKGROUP: workgroupName(stage),
      ATHENA_DATABASE: databaseName(stage),
      ALERT_TOPIC_ARN: this.alertTopic.topicArn,
    };

    this.ingestFunction = new DatahubFunction(this, 'Ingest', {
      entry: 'functions/ingest/handler.ts',
      memorySize: 1024,
      timeout: INGEST_TIMEOUT,
      environment,
    });
    grantObjects(this.ingestFunction, 'raw', 'read');
    grantObjects(this.ingestFunction, 'lake', 'readWrite');
    grantObjects(this.ingestFunction, 'quarantine', 'readWrite');
    this.ingestFunction.addEventSource(
      new SqsEventSource(this.ingestQueue, {
        batchSize: 10,
        reportBatchItemFailures: true,
        maxBatchingWindow: Duration.seconds(10),
      }),
    );

    this.analyzeFunction = new DatahubFunction(this, 'Analyze', {
      entry: 'functions/analyze/handler.ts',
      // 1,769 MB is one full vCPU: Parquet encoding and scoring are CPU-bound.
      memorySize: 1769,
      timeout: Duration.minutes(15),
      withQueries: true,
      // One run at a time keeps Comprehend under its request quota and alerts in order.
      reservedConcurrentExecutions: 1,
      environment,
    });
    grantObjects(this.analyzeFunction, 'lake', 'readWrite');
    grantObjects(this.analyzeFunction, 'results', 'readWrite');
    grantObjects(this.analyzeFunction, 'report', 'write');
    this.analyzeFunction.addToRolePolicy(
      new PolicyStatement({
        actions: ['s3:GetBucketLocation'],
        resources: [bucketArn(stage, 'results'), bucketArn(stage, 'lake')],
      }),
    );
    this.alertTopic.grantPublish(this.analyzeFunction);
    this.analyzeFunction.addToRolePolicy(
      new PolicyStatement({
        actions: [
          'athena:StartQueryExecution',
          'athena:GetQueryExecution',
          'athena:GetQueryResults',
          'athena:StopQueryExecution',
        ],
        resources: [
          this.formatArn({ service: 'athena', resource: 'workgroup', resourceName: workgroupName(stage) }),
        ],
      }),
    );
    this.analyzeFunction.addToRolePolicy(
      new PolicyStatement({
        actions: [
          'glue:GetDatabase',
          'glue:GetTable',
          'glue:GetTables',
          'glue:GetPartition',
          'glue:GetPartitions',
        ],
        resources: [
          this.formatArn({ service: 'glue', resource: 'catalog' }),
          this.formatArn({ service: 'glue', resource: 'database', resourceName: databaseName(stage) }),
          ...props.tableNames.map((t) =>
            this.formatArn({
              service: 'glue',
              resource: 'table',
              resourceName: `${databaseName(stage)}/${t}`,
            }),
          ),
        ],
      }),
    );
    this.analyzeFunction.addToRolePolicy(
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

    new Schedule(this, 'AnalyzeSchedule', {
      description: 'Daily analysis: KPI snapshot, anomaly alerts and the report.',
      schedule: ScheduleExpression.expression(props.analyzeSchedule),
      target: new LambdaInvoke(this.analyzeFunction, {
        input: ScheduleTargetInput.fromObject({}),
        retryAttempts: 2,
      }),
    });
  }
}
