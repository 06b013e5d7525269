import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataHubApp } from '../../infra/app.ts';
import { DataStack } from '../../infra/stacks/data-stack.ts';
import { PipelineStack } from '../../infra/stacks/pipeline-stack.ts';
import { TABLES } from '../../shared/catalog/tables.ts';
import { build, flat, removeOutdirs, resourceByPrefix, resourcesOf, roleActions, testApp } from './synth.ts';

let built: DataHubApp;
let pipeline: Template;

beforeAll(async () => {
  built = await build({
    stage: 'test',
    alertEmails: 'pm@example.com, oncall@example.com',
    analyzeSchedule: 'cron(30 5 * * ? *)',
  });
  pipeline = Template.fromStack(built.pipeline);
});
afterAll(removeOutdirs);

const XRAY = ['xray:PutTelemetryRecords', 'xray:PutTraceSegments'];

describe('Class: PipelineStack', () => {
  describe('Ingest path', () => {
    it('sends every ObjectCreated event of the raw bucket to the ingest queue', () => {
      const [notifications] = Object.values(resourcesOf(pipeline, 'Custom::S3BucketNotifications'));
      expect(flat(undefined, notifications!.Properties.BucketName)).toBe(
        'odh-test-raw-<AWS::AccountId>-<AWS::Region>',
      );
      expect(notifications!.Properties.NotificationConfiguration).toEqual({
        QueueConfigurations: [
          { Events: ['s3:ObjectCreated:*'], QueueArn: { 'Fn::GetAtt': [expect.any(String), 'Arn'] } },
        ],
      });
      const queueArn = (
        notifications!.Properties.NotificationConfiguration as { QueueConfigurations: unknown[] }
      ).QueueConfigurations[0] as { QueueArn: unknown };
      expect(flat(undefined, queueArn.QueueArn)).toBe('<IngestQueue.Arn>');
    });

    it('encrypts both queues, enforces TLS and redrives to the DLQ after 5 receives', () => {
      const queue = resourceByPrefix(pipeline, 'AWS::SQS::Queue', 'IngestQueue');
      const dlq = resourceByPrefix(pipeline, 'AWS::SQS::Queue', 'IngestDeadLetters');
      expect(queue.Properties).toMatchObject({ SqsManagedSseEnabled: true, VisibilityTimeout: 6 * 300 });
      expect(
        flat(
          undefined,
          (queue.Properties.RedrivePolicy as { deadLetterTargetArn: unknown }).deadLetterTargetArn,
        ),
      ).toBe('<IngestDeadLetters.Arn>');
      expect((queue.Properties.RedrivePolicy as { maxReceiveCount: number }).maxReceiveCount).toBe(5);
      expect(dlq.Properties).toMatchObject({
        SqsManagedSseEnabled: true,
        MessageRetentionPeriod: 14 * 86400,
      });
      for (const policy of Object.values(resourcesOf(pipeline, 'AWS::SQS::QueuePolicy')))
        expect(JSON.stringify(policy.Properties.PolicyDocument)).toContain('"aws:SecureTransport":"false"');
      expect(Object.keys(resourcesOf(pipeline, 'AWS::SQS::QueuePolicy'))).toHaveLength(2);
    });

    it('keeps the queue visibility at least six times the ingest timeout', () => {
      const fn = resourceByPrefix(pipeline, 'AWS::Lambda::Function', 'Ingest');
      const queue = resourceByPrefix(pipeline, 'AWS::SQS::Queue', 'IngestQueue');
      expect(queue.Properties.VisibilityTimeout).toBeGreaterThanOrEqual(
        6 * (fn.Properties.Timeout as number),
      );
    });

    it('maps the queue to the ingest function in batches of 10 with partial batch responses', () => {
      const mappings = Object.values(resourcesOf(pipeline, 'AWS::Lambda::EventSourceMapping'));
      expect(mappings).toHaveLength(1);
      const m = mappings[0]!.Properties;
      expect(flat(undefined, m.EventSourceArn)).toBe('<IngestQueue.Arn>');
      expect(flat(undefined, m.FunctionName)).toBe('<Ingest>');
      expect(m).toMatchObject({ BatchSize: 10, FunctionResponseTypes: ['ReportBatchItemFailures'] });
    });

    it('alarms to the alert topic as soon as one message waits in the DLQ', () => {
      const alarm = resourceByPrefix(pipeline, 'AWS::CloudWatch::Alarm', 'IngestDeadLettersAlarm').Properties;
      expect(alarm).toMatchObject({
        AlarmName: 'odigos-datahub-test-ingest-dead-letters',
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
      });
      expect(flat(undefined, (alarm.Dimensions as { Value: unknown }[])[0]!.Value)).toBe(
        '<IngestDeadLetters.QueueName>',
      );
      expect((alarm.AlarmActions as unknown[]).map((a) => flat(undefined, a))).toEqual(['<Alerts>']);
    });
  });

  describe('Functions', () => {
    it.each(['Ingest', 'Analyze'])('%s: newest Node LTS on arm64, X-Ray, JSON logs kept a month', (id) => {
      const fn = resourceByPrefix(pipeline, 'AWS::Lambda::Function', id).Properties;
      expect(fn).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        TracingConfig: { Mode: 'Active' },
        LoggingConfig: { LogFormat: 'JSON' },
      });
      const logGroup = (fn.LoggingConfig as { LogGroup: unknown }).LogGroup;
      expect(flat(undefined, logGroup)).toBe(`<${id}Logs>`);
      expect(resourceByPrefix(pipeline, 'AWS::Logs::LogGroup', `${id}Logs`).Properties.RetentionInDays).toBe(
        30,
      );
    });

    it.each(['Ingest', 'Analyze'])('%s: gets the buckets, Athena, topic and Powertools settings', (id) => {
      const variables = (
        resourceByPrefix(pipeline, 'AWS::Lambda::Function', id).Properties.Environment as {
          Variables: Record<string, unknown>;
        }
      ).Variables;
      const readable = Object.fromEntries(Object.entries(variables).map(([k, v]) => [k, flat(undefined, v)]));
      expect(readable).toEqual({
        RAW_BUCKET: 'odh-test-raw-<AWS::AccountId>-<AWS::Region>',
        LAKE_BUCKET: 'odh-test-lake-<AWS::AccountId>-<AWS::Region>',
        QUARANTINE_BUCKET: 'odh-test-quarantine-<AWS::AccountId>-<AWS::Region>',
        REPORT_BUCKET: 'odh-test-report-<AWS::AccountId>-<AWS::Region>',
        ATHENA_WORKGROUP: 'odigos-datahub-test',
        ATHENA_DATABASE: 'odigos_datahub_test',
        ALERT_TOPIC_ARN: '<Alerts>',
        POWERTOOLS_SERVICE_NAME: 'odigos-data-hub',
        POWERTOOLS_METRICS_NAMESPACE: 'OdigosDataHub',
        POWERTOOLS_LOG_LEVEL: 'INFO',
        NODE_OPTIONS: '--enable-source-maps',
      });
    });
  });

  describe('Least privilege', () => {
    const bucketAccess = (role: string, objects: string[], bucket: string[]) => ({
      [`s3:::odh-test-${role}/*`]: objects,
      ...(bucket.length > 0 ? { [`s3:::odh-test-${role}`]: bucket } : {}),
    });
    const READ_WRITE_DELETE = ['s3:AbortMultipartUpload', 's3:DeleteObject', 's3:GetObject', 's3:PutObject'];

    it('ingest: reads raw, writes lake and quarantine, consumes its queue — nothing else', () => {
      expect(roleActions(pipeline, 'Ingest')).toEqual({
        '*': XRAY,
        ...bucketAccess('raw', ['s3:GetObject'], ['s3:ListBucket']),
        ...bucketAccess('lake', READ_WRITE_DELETE, ['s3:ListBucket']),
        ...bucketAccess('quarantine', READ_WRITE_DELETE, ['s3:ListBucket']),
        '<IngestQueue.Arn>': [
          'sqs:ChangeMessageVisibility',
          'sqs:DeleteMessage',
          'sqs:GetQueueAttributes',
          'sqs:GetQueueUrl',
          'sqs:ReceiveMessage',
        ],
      });
    });

    it('analyze: Athena on its workgroup, Glue reads, lake, results, report, topic — no raw data', () => {
      const database = 'odigos_datahub_test';
      const glue = [
        'glue:::catalog',
        `glue:::database/${database}`,
        ...TABLES.map((t) => `glue:::table/${database}/${t.name}`),
      ];
      expect(roleActions(pipeline, 'Analyze')).toEqual({
        '*': [
          'comprehend:BatchDetectDominantLanguage',
          'comprehend:BatchDetectKeyPhrases',
          'comprehend:BatchDetectSentiment',
          ...XRAY,
        ],
        ...bucketAccess('lake', READ_WRITE_DELETE, ['s3:GetBucketLocation', 's3:ListBucket']),
        ...bucketAccess(
          'results',
          ['s3:AbortMultipartUpload', 's3:GetObject', 's3:ListMultipartUploadParts', 's3:PutObject'],
          ['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads'],
        ),
        ...bucketAccess('report', ['s3:AbortMultipartUpload', 's3:PutObject'], []),
        'athena:::workgroup/odigos-datahub-test': [
          'athena:GetQueryExecution',
          'athena:GetQueryResults',
          'athena:StartQueryExecution',
          'athena:StopQueryExecution',
        ],
        ...Object.fromEntries(
          glue.map((arn) => [arn, ['glue:GetDatabase', 'glue:GetTable', 'glue:GetTables']]),
        ),
        '<Alerts>': ['sns:Publish'],
        '<AlertsKey.Arn>': ['kms:Decrypt', 'kms:GenerateDataKey*'],
      });
    });
  });

  describe('Schedule', () => {
    it('invokes analyze with the expression from context', () => {
      const schedule = Object.values(resourcesOf(pipeline, 'AWS::Scheduler::Schedule'));
      expect(schedule).toHaveLength(1);
      const props = schedule[0]!.Properties as {
        ScheduleExpression: string;
        State: string;
        Target: { Arn: unknown; Input: string; RetryPolicy: { MaximumRetryAttempts: number } };
      };
      expect(props.ScheduleExpression).toBe('cron(30 5 * * ? *)');
      expect(props.State).toBe('ENABLED');
      expect(flat(undefined, props.Target.Arn)).toBe('<Analyze.Arn>');
      expect(JSON.parse(props.Target.Input)).toEqual({});
      expect(props.Target.RetryPolicy.MaximumRetryAttempts).toBe(2);
    });

    it('alarms when the analysis fails', () => {
      const alarm = resourceByPrefix(pipeline, 'AWS::CloudWatch::Alarm', 'AnalyzeFailedAlarm').Properties;
      expect(alarm).toMatchObject({
        AlarmName: 'odigos-datahub-test-analyze-failed',
        Namespace: 'AWS/Lambda',
        MetricName: 'Errors',
        Threshold: 1,
      });
      expect((alarm.AlarmActions as unknown[]).map((a) => flat(undefined, a))).toEqual(['<Alerts>']);
    });
  });

  describe('Alert topic', () => {
    it('is encrypted with a rotating customer-managed key and refuses non-TLS publishing', () => {
      const topic = resourceByPrefix(pipeline, 'AWS::SNS::Topic', 'Alerts').Properties;
      expect(flat(undefined, topic.KmsMasterKeyId)).toBe('<AlertsKey.Arn>');
      expect(resourceByPrefix(pipeline, 'AWS::KMS::Key', 'AlertsKey').Properties.EnableKeyRotation).toBe(
        true,
      );
      const [policy] = Object.values(resourcesOf(pipeline, 'AWS::SNS::TopicPolicy'));
      expect(policy!.Properties.PolicyDocument).toMatchObject({
        Statement: expect.arrayContaining([
          expect.objectContaining({
            Effect: 'Deny',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      });
    });

    it('lets only this stage’s CloudWatch alarms use the key and publish', () => {
      const key = resourceByPrefix(pipeline, 'AWS::KMS::Key', 'AlertsKey').Properties;
      const [policy] = Object.values(resourcesOf(pipeline, 'AWS::SNS::TopicPolicy'));
      const forCloudWatch = (document: unknown) =>
        (
          document as {
            Statement: { Principal?: { Service?: string }; Condition?: unknown; Action: unknown }[];
          }
        ).Statement.filter((s) => s.Principal?.Service === 'cloudwatch.amazonaws.com').map((s) => ({
          Action: s.Action,
          SourceArn: flat(
            undefined,
            (s.Condition as { ArnLike: Record<string, unknown> }).ArnLike['aws:SourceArn'],
          ),
        }));
      const alarms =
        'arn:<AWS::Partition>:cloudwatch:<AWS::Region>:<AWS::AccountId>:alarm:odigos-datahub-test-*';
      expect(forCloudWatch(key.KeyPolicy)).toEqual([
        { Action: ['kms:Decrypt', 'kms:GenerateDataKey*'], SourceArn: alarms },
      ]);
      expect(forCloudWatch(policy!.Properties.PolicyDocument)).toEqual([
        { Action: 'sns:Publish', SourceArn: alarms },
      ]);
      for (const alarm of Object.values(resourcesOf(pipeline, 'AWS::CloudWatch::Alarm')))
        expect(alarm.Properties.AlarmName).toMatch(/^odigos-datahub-test-/);
    });

    it('subscribes each email address once', () => {
      const subscriptions = Object.values(resourcesOf(pipeline, 'AWS::SNS::Subscription')).map(
        (s) => s.Properties,
      );
      expect(subscriptions.map((s) => [s.Protocol, s.Endpoint, flat(undefined, s.TopicArn)])).toEqual([
        ['email', 'pm@example.com', '<Alerts>'],
        ['email', 'oncall@example.com', '<Alerts>'],
      ]);
    });

    it('has no subscription when no address is given', async () => {
      const app = await testApp();
      const data = new DataStack(app, 'D', { stage: 'x' });
      const stack = new PipelineStack(app, 'P', { data: data.resources, analyzeSchedule: 'rate(1 day)' });
      Template.fromStack(stack).resourceCountIs('AWS::SNS::Subscription', 0);
    });
  });

  it('references the data stack by name only: no exports, no imports', () => {
    expect(Template.fromStack(built.data).toJSON().Outputs ?? {}).toEqual({});
    expect(JSON.stringify(pipeline.toJSON())).not.toContain('Fn::ImportValue');
    expect(built.pipeline.dependencies).toContain(built.data);
  });
});
