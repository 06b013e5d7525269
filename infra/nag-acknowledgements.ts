import { type Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { type BucketRole, bucketArn } from './naming.ts';
import type { PipelineStack } from './stacks/pipeline-stack.ts';

const BASIC_EXECUTION =
  'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]';

/** How cdk-nag prints an ARN we built from tokens, e.g. `arn:<AWS::Partition>:s3:::odh-dev-raw-<AWS::AccountId>-<AWS::Region>/*`. */
function nagArn(stack: Stack, arn: string): string {
  const resolved = stack.resolve(arn) as { 'Fn::Join': [string, unknown[]] };
  const flatten = (part: unknown): string => {
    if (typeof part === 'string') return part;
    const p = part as Record<string, unknown>;
    if (p.Ref) return `<${String(p.Ref)}>`;
    if (p['Fn::Join']) {
      const [sep, parts] = p['Fn::Join'] as [string, unknown[]];
      return parts.map(flatten).join(sep);
    }
    return JSON.stringify(part);
  };
  return flatten(resolved);
}

/**
 * The cdk-nag findings this project accepts, each with its reason. Everything else fails synthesis,
 * so a new finding has to be fixed or argued for here.
 */
export function acknowledgeNagFindings(pipeline: PipelineStack, stage: string): void {
  const ack = (scope: IConstruct, id: string, reason: string) =>
    Validations.of(scope).acknowledge({ id, reason });
  const objectsOf = (role: BucketRole) =>
    `AwsSolutions-IAM5[Resource::${nagArn(pipeline, `${bucketArn(stage, role)}/*`)}]`;
  const objectReason =
    'Object-level actions need `bucket/*`: keys are data (source keys, dt partitions). The bucket is named exactly and the actions are listed one by one.';

  for (const fn of [pipeline.ingestFunction, pipeline.analyzeFunction]) {
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
  for (const role of ['raw', 'lake', 'quarantine'] as const)
    ack(pipeline.ingestFunction, objectsOf(role), objectReason);
  for (const role of ['lake', 'results', 'report'] as const)
    ack(pipeline.analyzeFunction, objectsOf(role), objectReason);

  for (const child of pipeline.node.findAll()) {
    if (child.node.id.startsWith('BucketNotificationsHandler')) {
      ack(
        child,
        BASIC_EXECUTION,
        "CDK's bucket-notification custom resource: logs-only managed policy, runs once per deployment.",
      );
    }
    if (child.node.id.startsWith('SchedulerRoleForTarget')) {
      const analyzeArn = `<${pipeline.getLogicalId(pipeline.analyzeFunction.node.defaultChild as never)}.Arn>:*`;
      ack(
        child,
        `AwsSolutions-IAM5[Resource::${analyzeArn}]`,
        'EventBridge Scheduler may invoke the analyze function and its versions/aliases only.',
      );
    }
  }
}
