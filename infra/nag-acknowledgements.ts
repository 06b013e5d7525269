import { Fn, type Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { BucketRef } from './stacks/data-stack.ts';
import type { PipelineStack } from './stacks/pipeline-stack.ts';

const BASIC_EXECUTION =
  'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]';

/** How cdk-nag prints an ARN built from tokens, e.g. `arn:<AWS::Partition>:s3:::odh-dev-raw-<AWS::AccountId>-<AWS::Region>/*`. */
export function nagArn(stack: Stack, arn: string): string {
  const flatten = (part: unknown): string => {
    if (typeof part === 'string') return part;
    const p = part as Record<string, unknown>;
    if (typeof p.Ref === 'string') return `<${p.Ref}>`;
    if (Array.isArray(p['Fn::GetAtt'])) return `<${(p['Fn::GetAtt'] as string[]).join('.')}>`;
    if (p['Fn::Join']) {
      const [sep, parts] = p['Fn::Join'] as [string, unknown[]];
      return parts.map(flatten).join(sep);
    }
    throw new Error(`nagArn: cannot print ${JSON.stringify(part)}`);
  };
  return flatten(stack.resolve(arn));
}

const ack = (scope: IConstruct, id: string, reason: string): void =>
  Validations.of(scope).acknowledge({ id, reason });

/**
 * The cdk-nag findings this project accepts, each scoped to the construct it is about and with its
 * reason. Everything else fails synthesis, so a new finding has to be fixed or argued for here.
 */
export function acknowledgeNagFindings(pipeline: PipelineStack): void {
  const { ingestFunction: ingest, analyzeFunction: analyze } = pipeline;
  const objectsOf = (bucket: BucketRef) =>
    `AwsSolutions-IAM5[Resource::${nagArn(pipeline, Fn.join('', [bucket.bucketArn, '/*']))}]`;
  const objectReason =
    'Object-level actions need `bucket/*`: keys are data (source keys, dt partitions). The bucket is named exactly and the actions are listed one by one.';
  const data = pipeline.data;

  for (const fn of [ingest, analyze]) {
    ack(
      fn,
      BASIC_EXECUTION,
      'AWSLambdaBasicExecutionRole only lets the function write its own CloudWatch Logs.',
    );
    ack(
      fn,
      'AwsSolutions-IAM5[Resource::*]',
      'X-Ray PutTraceSegments/PutTelemetryRecords (and Comprehend Batch* for analyze) have no resource-level permissions.',
    );
  }
  for (const bucket of [data.rawBucket, data.lakeBucket, data.quarantineBucket])
    ack(ingest, objectsOf(bucket), objectReason);
  for (const bucket of [data.lakeBucket, data.athenaResultsBucket, data.reportBucket])
    ack(analyze, objectsOf(bucket), objectReason);
  ack(
    analyze,
    'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
    'SNS needs GenerateDataKey (and its WithoutPlaintext form) to publish to the encrypted alert topic; the resource is that one key.',
  );

  for (const child of pipeline.node.findAll()) {
    if (child.node.id.startsWith('BucketNotificationsHandler')) {
      ack(
        child,
        BASIC_EXECUTION,
        "CDK's bucket-notification custom resource: logs-only managed policy, runs once per deployment.",
      );
    }
    if (child.node.id.startsWith('SchedulerRoleForTarget')) {
      const analyzeArn = `<${pipeline.getLogicalId(analyze.node.defaultChild as never)}.Arn>:*`;
      ack(
        child,
        `AwsSolutions-IAM5[Resource::${analyzeArn}]`,
        'EventBridge Scheduler may invoke the analyze function and its versions/aliases only.',
      );
    }
  }
}
