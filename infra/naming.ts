import { Aws, Fn } from 'aws-cdk-lib';

export type BucketRole = 'raw' | 'lake' | 'quarantine' | 'report' | 'results' | 'logs';

/**
 * Physical bucket names, derived from stage, account and region. Both stacks compute them, so the
 * pipeline stack needs no cross-stack exports (which would pin the data stack) and IAM policies
 * name exact buckets. `odh` keeps the longest name under S3's 63 characters.
 */
export function bucketName(stage: string, role: BucketRole): string {
  return Fn.join('-', ['odh', stage, role, Aws.ACCOUNT_ID, Aws.REGION]);
}

export const bucketArn = (stage: string, role: BucketRole): string =>
  Fn.join('', ['arn:', Aws.PARTITION, ':s3:::', bucketName(stage, role)]);

export const databaseName = (stage: string): string => `odigos_datahub_${stage.replaceAll('-', '_')}`;
export const workgroupName = (stage: string): string => `odigos-datahub-${stage}`;
/** Prefix of every alarm name, so the alert key's policy can name exactly this stage's alarms. */
export const alarmPrefix = (stage: string): string => `odigos-datahub-${stage}-`;
