import { PublishCommand, SNSClient, SNSServiceException } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { SnsNotifier } from '../../../shared/adapters/aws/sns-notifier.ts';
import { ServiceError } from '../../../shared/errors/index.ts';
import type { Alert } from '../../../shared/ports/notifier.ts';

const sns = mockClient(SNSClient);
afterEach(() => sns.reset());
const topicArn = 'arn:aws:sns:eu-west-1:123456789012:odigos-datahub-alerts';
const notifier = new SnsNotifier({ client: new SNSClient({ region: 'eu-west-1' }), topicArn });

const alert: Alert = {
  id: 'perf-prod-us-east-1-gateway-process.memory.usage-2026-11-10T02-00-00.000Z',
  status: 'firing',
  severity: 'critical',
  title:
    'process.memory.usage on prod-us-east-1/gateway is 3.2× normal — and a very long tail that makes the subject overflow the limit',
  summary: 'Gateway memory reached 1,103 MiB, 3.2× the expected 344 MiB, since 02:00 UTC.',
  facts: [
    { label: 'Cluster', value: 'prod-us-east-1' },
    { label: 'Observed peak', value: '1103 MiB' },
  ],
  detectedAt: '2026-11-10T02:00:00.000Z',
  reportUrl: 'https://example.com/report/index.html',
};

describe('Class: SnsNotifier', () => {
  describe('Method: publish', () => {
    it('publishes one JSON-structured message: email text, Chatbot custom notification and the alert for Lambda', async () => {
      sns.on(PublishCommand).resolves({ MessageId: 'm-1' });

      const receipt = await notifier.publish(alert);

      expect(receipt).toEqual({ messageId: 'm-1' });
      const input = sns.commandCalls(PublishCommand)[0]!.args[0].input;
      expect(input).toMatchObject({
        TopicArn: topicArn,
        MessageStructure: 'json',
        MessageAttributes: {
          severity: { DataType: 'String', StringValue: 'critical' },
          status: { DataType: 'String', StringValue: 'firing' },
        },
      });
      expect(input.Subject!.length).toBeLessThan(100);
      expect(input.Subject).toMatch(/^\[CRITICAL\] process\.memory\.usage/);
      const message = JSON.parse(input.Message!);
      expect(Object.keys(message).sort()).toEqual(['default', 'email', 'https', 'lambda']);
      expect(message.email).toContain('Observed peak');
      expect(message.email).toContain(alert.reportUrl);
      expect(JSON.parse(message.https)).toMatchObject({
        version: '1.0',
        source: 'custom',
        content: { textType: 'client-markdown' },
        metadata: { threadId: alert.id },
      });
      expect(JSON.parse(message.lambda)).toEqual(alert);
    });

    it('keeps the message under 256 KiB however many facts there are', async () => {
      sns.on(PublishCommand).resolves({ MessageId: 'm-2' });
      const huge = {
        ...alert,
        facts: Array.from({ length: 5000 }, (_, i) => ({ label: `fact ${i}`, value: 'x'.repeat(100) })),
      };

      await notifier.publish(huge);

      expect(Buffer.byteLength(sns.commandCalls(PublishCommand)[0]!.args[0].input.Message!)).toBeLessThan(
        256 * 1024,
      );
    });

    it('reports throttling as a retryable ServiceError', async () => {
      sns.on(PublishCommand).rejects(
        new SNSServiceException({
          name: 'ThrottledException',
          $fault: 'client',
          $metadata: { httpStatusCode: 429 },
          message: 'Rate exceeded',
        }),
      );

      const error = await notifier.publish(alert).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(ServiceError);
      expect((error as ServiceError).retryable).toBe(true);
    });
  });
});
