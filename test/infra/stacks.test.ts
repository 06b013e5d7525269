import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type DataHubApp } from '../../infra/app.ts';
import { glueColumns } from '../../shared/catalog/engines.ts';
import { TABLES } from '../../shared/catalog/tables.ts';

let outdir: string;
let built: DataHubApp;
let data: Template;
let pipeline: Template;

async function build(context: Record<string, unknown>, dir: string): Promise<DataHubApp> {
  // Bundling is skipped here (esbuild runs in `npx cdk synth`, which CI also runs).
  return buildApp(new App({ outdir: dir, context: { 'aws:cdk:bundling-stacks': [], ...context } }));
}

/** Every action the function's role may take, by resource. */
function actionsOf(template: Template, functionId: string): Map<string, string[]> {
  const policies = template.findResources('AWS::IAM::Policy');
  const entry = Object.entries(policies).find(([id]) =>
    id.startsWith(`${functionId}ServiceRoleDefaultPolicy`),
  );
  if (!entry) throw new Error(`no default policy for ${functionId}`);
  const statements = (
    entry[1] as {
      Properties: { PolicyDocument: { Statement: { Action: string | string[]; Resource: unknown }[] } };
    }
  ).Properties.PolicyDocument.Statement;
  const out = new Map<string, string[]>();
  for (const s of statements) {
    // Policy minimisation merges statements: split them back into one entry per resource.
    for (const item of [s.Resource].flat()) {
      const resource = JSON.stringify(item);
      out.set(resource, [...(out.get(resource) ?? []), ...[s.Action].flat()]);
    }
  }
  return out;
}
const allActions = (m: Map<string, string[]>) => [...m.values()].flat().sort();

beforeAll(async () => {
  outdir = await mkdtemp(path.join(tmpdir(), 'cdk-test-'));
  built = await build(
    {
      alertEmails: 'pm@example.com, oncall@example.com',
      analyzeSchedule: 'cron(30 5 * * ? *)',
      stage: 'test',
    },
    outdir,
  );
  data = Template.fromStack(built.data);
  pipeline = Template.fromStack(built.pipeline);
});
afterAll(() => rm(outdir, { recursive: true, force: true }));

describe('Stack: data (stateful)', () => {
  it('encrypts every bucket, blocks public access and denies non-TLS requests', () => {
    const buckets = data.findResources('AWS::S3::Bucket');
    expect(Object.keys(buckets)).toHaveLength(6);
    for (const bucket of Object.values(buckets) as {
      Properties: Record<string, unknown>;
      DeletionPolicy: string;
    }[]) {
      expect(bucket.Properties.BucketEncryption).toEqual({
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      });
      expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(bucket.DeletionPolicy).toBe('Retain');
    }
    // Each bucket has its own policy that denies every request made without TLS.
    const tlsOnly = Object.values(data.findResources('AWS::S3::BucketPolicy'))
      .map((p) => (p as { Properties: { Bucket: { Ref: string }; PolicyDocument: unknown } }).Properties)
      .filter((p) =>
        JSON.stringify(p.PolicyDocument).match(
          /"Effect":"Deny".*"aws:SecureTransport":"false"|"aws:SecureTransport":"false".*"Effect":"Deny"/,
        ),
      )
      .map((p) => p.Bucket.Ref)
      .sort();
    expect(tlsOnly).toEqual(Object.keys(buckets).sort());
  });

  it('expires Athena results after 7 days and moves raw data to Intelligent-Tiering after 30', () => {
    data.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: {
        Rules: Match.arrayWith([Match.objectLike({ ExpirationInDays: 7, Status: 'Enabled' })]),
      },
    });
    data.hasResourceProperties('AWS::S3::Bucket', {
      VersioningConfiguration: { Status: 'Enabled' },
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          Match.objectLike({ Transitions: [{ StorageClass: 'INTELLIGENT_TIERING', TransitionInDays: 30 }] }),
        ]),
      },
    });
  });

  it('registers one Glue table per catalog table with its columns and dt partition projection', () => {
    expect(Object.keys(data.findResources('AWS::Glue::Table'))).toHaveLength(TABLES.length);
    for (const table of TABLES) {
      data.hasResourceProperties('AWS::Glue::Table', {
        DatabaseName: 'odigos_datahub_test',
        TableInput: Match.objectLike({
          Name: table.name,
          PartitionKeys: [{ Name: 'dt', Type: 'string', Comment: Match.anyValue() }],
          Parameters: Match.objectLike({
            classification: 'parquet',
            'projection.enabled': 'true',
            'projection.dt.type': 'date',
            'projection.dt.format': 'yyyy-MM-dd',
            'projection.dt.range': '2019-01-01,NOW',
            'projection.dt.interval': '1',
            'projection.dt.interval.unit': 'DAYS',
            'storage.location.template': Match.objectLike({
              'Fn::Join': ['', ['s3://', { Ref: Match.anyValue() }, `/${table.name}/dt=\${dt}/`]],
            }),
          }),
          StorageDescriptor: Match.objectLike({
            // Exactly the catalog's columns, in order (arrays match exactly, not as a subset).
            Columns: glueColumns(table).map((c) => ({ Name: c.name, Type: c.type, Comment: c.comment })),
            SerdeInfo: {
              SerializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe',
            },
          }),
        }),
      });
    }
  });

  it('enforces the Athena workgroup configuration with a bytes-scanned cutoff and encrypted results', () => {
    data.hasResourceProperties('AWS::Athena::WorkGroup', {
      Name: 'odigos-datahub-test',
      WorkGroupConfiguration: Match.objectLike({
        EnforceWorkGroupConfiguration: true,
        BytesScannedCutoffPerQuery: 10 * 1024 ** 3,
        EngineVersion: { SelectedEngineVersion: 'Athena engine version 3' },
        ResultConfiguration: Match.objectLike({ EncryptionConfiguration: { EncryptionOption: 'SSE_S3' } }),
      }),
    });
    expect(Object.keys(data.findResources('AWS::Athena::NamedQuery')).length).toBeGreaterThanOrEqual(5);
  });
});

describe('Stack: pipeline (stateless)', () => {
  it('feeds ingest from SQS with partial batch responses and a dead-letter queue after 5 receives', () => {
    pipeline.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    const dlq = pipeline.getResourceId('AWS::SQS::Queue', {
      Properties: Match.objectLike({ MessageRetentionPeriod: 14 * 24 * 3600 }),
    });
    pipeline.hasResourceProperties('AWS::SQS::Queue', {
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [dlq, 'Arn'] }, maxReceiveCount: 5 },
      VisibilityTimeout: 1800,
      SqsManagedSseEnabled: true,
    });
    pipeline.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 1,
    });
  });

  it('runs the newest Node LTS on arm64 with X-Ray tracing', () => {
    const functions = Object.entries(pipeline.findResources('AWS::Lambda::Function'))
      .filter(([id]) => id.startsWith('Ingest') || id.startsWith('Analyze'))
      .map(([, fn]) => fn) as { Properties: Record<string, unknown> }[];
    expect(functions).toHaveLength(2);
    for (const fn of functions)
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
      });
  });

  it('schedules the analysis with the expression from context', () => {
    pipeline.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(30 5 * * ? *)',
      State: 'ENABLED',
    });
  });

  it('encrypts the alert topic and subscribes each email address', () => {
    pipeline.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    const subscriptions = Object.values(pipeline.findResources('AWS::SNS::Subscription')).map(
      (s) => (s as { Properties: { Endpoint: string; Protocol: string } }).Properties,
    );
    expect(subscriptions.map((s) => [s.Protocol, s.Endpoint])).toEqual([
      ['email', 'pm@example.com'],
      ['email', 'oncall@example.com'],
    ]);
  });

  it('gives ingest exactly its S3 and queue actions and nothing of Athena, Glue or SNS', () => {
    const actions = allActions(actionsOf(pipeline, 'Ingest'));
    expect(actions.filter((a) => a.startsWith('athena:'))).toEqual([]);
    expect([...new Set(actions)]).toEqual([
      's3:DeleteObject',
      's3:GetObject',
      's3:ListBucket',
      's3:PutObject',
      'sqs:ChangeMessageVisibility',
      'sqs:DeleteMessage',
      'sqs:GetQueueAttributes',
      'sqs:GetQueueUrl',
      'sqs:ReceiveMessage',
      'xray:PutTelemetryRecords',
      'xray:PutTraceSegments',
    ]);
    const raw = [...actionsOf(pipeline, 'Ingest')]
      .filter(([resource]) => resource.includes('odh-test-raw'))
      .flatMap(([, a]) => a);
    expect(raw.sort()).toEqual(['s3:GetObject', 's3:ListBucket']);
  });

  it('gives analyze Athena on its workgroup, Glue reads, Comprehend, SNS publish and no access to raw data', () => {
    const byResource = actionsOf(pipeline, 'Analyze');
    const actions = new Set(allActions(byResource));
    for (const a of [
      'athena:StartQueryExecution',
      'athena:GetQueryResults',
      'glue:GetTable',
      'comprehend:BatchDetectSentiment',
      'sns:Publish',
    ])
      expect(actions).toContain(a);
    const onRaw = [...byResource].filter(([r]) => r.includes('odh-test-raw')).flatMap(([, a]) => a);
    expect(onRaw).not.toContain('s3:PutObject');
    expect(onRaw).toEqual([]);
    expect([...actions].filter((a) => a.endsWith('*'))).toEqual([]);
  });
});

describe('App: context and cdk-nag', () => {
  it('refuses invalid context with a message naming each bad value', async () => {
    await expect(
      build({ alertEmails: 'not-an-email', analyzeSchedule: 'every day' }, outdir),
    ).rejects.toThrow(/alertEmails: "not-an-email" is not an email address; analyzeSchedule "every day"/);
    await expect(build({ analyzeSchedule: ' ' }, outdir)).rejects.toThrow(
      /analyzeSchedule must not be empty/,
    );
  });

  it('synthesizes with zero unacknowledged AwsSolutions findings', async () => {
    built.app.synth();
    // cdk-nag v3 is a CDK validation plugin: findings (errors and warnings) land in this report,
    // not in stack annotations. Acknowledged findings are removed from `violations`.
    const report = JSON.parse(await readFile(path.join(outdir, 'validation-report.json'), 'utf8'));
    const violations = report.pluginReports.flatMap(
      (r: { violations: { ruleName: string }[] }) => r.violations,
    );
    expect(violations.filter((v: { ruleName: string }) => v.ruleName.startsWith('AwsSolutions-'))).toEqual(
      [],
    );
    expect(violations).toEqual([]);
  });

  it('fails synthesis on a new, unacknowledged AwsSolutions finding (cdk-nag is live)', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'cdk-nag-'));
    try {
      const { app, data: stack } = await build({}, dir);
      new Bucket(stack, 'UnloggedPlaintextBucket');
      expect(() => app.synth()).toThrow(/AwsSolutions-S10/);
      const report = JSON.parse(await readFile(path.join(dir, 'validation-report.json'), 'utf8'));
      const rules = report.pluginReports.flatMap((r: { violations: { ruleName: string }[] }) =>
        r.violations.map((v) => v.ruleName),
      );
      expect(rules).toEqual(expect.arrayContaining(['AwsSolutions-S1', 'AwsSolutions-S10']));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
