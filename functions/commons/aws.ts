import { AthenaClient } from '@aws-sdk/client-athena';
import { ComprehendClient } from '@aws-sdk/client-comprehend';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { tracer } from '../../shared/observability/powertools.ts';

/**
 * SDK clients, created once per container at cold start and wrapped for X-Ray. Created lazily so a
 * function only pays for the clients it uses.
 */
let s3: S3Client | undefined;
let athena: AthenaClient | undefined;
let sns: SNSClient | undefined;
let comprehend: ComprehendClient | undefined;

export const s3Client = (): S3Client => (s3 ??= tracer.captureAWSv3Client(new S3Client({})));
export const athenaClient = (): AthenaClient => (athena ??= tracer.captureAWSv3Client(new AthenaClient({})));
export const snsClient = (): SNSClient => (sns ??= tracer.captureAWSv3Client(new SNSClient({})));
export const comprehendClient = (): ComprehendClient =>
  (comprehend ??= tracer.captureAWSv3Client(new ComprehendClient({})));
