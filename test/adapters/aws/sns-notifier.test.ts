import { PublishCommand, SNSClient, SNSServiceException } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import {
  fitAlert,
  SNS_MAX_PUBLISH_BYTES,
  SnsNotifier,
  snsMessage,
} from '../../../shared/adapters/aws/sns-notifier.ts';
import { alertEmailText, alertSubject, chatbotNotification } from '../../../shared/alerts/format.ts';
import { ConfigError, ServiceError } from '../../../shared/errors/index.ts';
import type { Alert } from '../../../shared/ports/notifier.ts';

const sns = mockClient(SNSClient);
const topicArn = 'arn:aws:sns:eu-west-1:123456789012:odigos-datahub-alerts';
const notifier = new SnsNotifier({ client: new SNSClient({ region: 'eu-west-1' }), topicArn });

afterEach(() => {
  sns.reset();
});

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

const sdkError = (name: string, status: number, fault: 'client' | 'server' = 'client') =>
  new SNSServiceException({ name, $fault: fault, $metadata: { httpStatusCode: status }, message: name });

const publishedInput = () => sns.commandCalls(PublishCommand)[0]!.args[0].input;
const publishedBytes = () => {
  const input = publishedInput();
  return Buffer.byteLength(input.Message!) + Buffer.byteLength(input.Subject!);
};

describe('Class: SnsNotifier', () => {
  describe('Method: constructor', () => {
    it('rejects a topic ARN that is not one', () => {
      expect(() => new SnsNotifier({ client: new SNSClient({}), topicArn: 'odigos-alerts' })).toThrow(
        ConfigError,
      );
    });
  });

  describe('Method: publish', () => {
    it('publishes one JSON-structured message with the subject and the filterable attributes', async () => {
      // Prepare
      sns.on(PublishCommand).resolves({ MessageId: 'm-1' });

      // Act
      const receipt = await notifier.publish(alert);

      // Assess
      expect(receipt).toEqual({ messageId: 'm-1' });
      expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
      expect(sns).toHaveReceivedCommandWith(PublishCommand, {
        TopicArn: topicArn,
        Subject: alertSubject(alert),
        MessageStructure: 'json',
        Message: snsMessage(alert),
        MessageAttributes: {
          severity: { DataType: 'String', StringValue: 'critical' },
          status: { DataType: 'String', StringValue: 'firing' },
          alert_id: { DataType: 'String', StringValue: alert.id },
        },
      });
    });

    it('keeps the subject one line under 100 characters, led by the severity', async () => {
      sns.on(PublishCommand).resolves({ MessageId: 'm-1' });

      await notifier.publish({ ...alert, title: `Memory\nspike ${'🔥'.repeat(80)}` });

      const subject = publishedInput().Subject!;
      expect(subject.length).toBeLessThan(100);
      expect(subject).toMatch(/^\[CRITICAL\] Memory spike 🔥+…$/u);
      expect(subject.isWellFormed()).toBe(true);
    });

    it('sends email text to default and email, the Chatbot notification to https and the alert to lambda', async () => {
      sns.on(PublishCommand).resolves({ MessageId: 'm-1' });

      await notifier.publish(alert);

      const message = JSON.parse(publishedInput().Message!) as Record<string, string>;
      expect(Object.keys(message).sort()).toEqual(['default', 'email', 'https', 'lambda']);
      for (const value of Object.values(message)) expect(typeof value).toBe('string');
      expect(message.default).toBe(alertEmailText(alert));
      expect(message.email).toBe(alertEmailText(alert));
      expect(message.email).toContain('Observed peak');
      expect(message.email).toContain(alert.reportUrl);
      expect(JSON.parse(message.https!)).toEqual(chatbotNotification(alert));
      expect(JSON.parse(message.https!)).toMatchObject({
        version: '1.0',
        source: 'custom',
        content: { textType: 'client-markdown' },
        metadata: { threadId: alert.id },
      });
      expect(JSON.parse(message.lambda!)).toEqual(alert);
    });

    it('drops trailing facts, saying how many, to keep the message under 256 KiB', async () => {
      sns.on(PublishCommand).resolves({ MessageId: 'm-2' });
      const huge = {
        ...alert,
        facts: Array.from({ length: 5000 }, (_, i) => ({ label: `fact ${i}`, value: 'x'.repeat(100) })),
      };

      await notifier.publish(huge);

      expect(publishedBytes()).toBeLessThan(SNS_MAX_PUBLISH_BYTES);
      const sent = JSON.parse(JSON.parse(publishedInput().Message!).lambda) as Alert;
      expect(sent.facts.length).toBeGreaterThan(100);
      expect(sent.facts.slice(0, -1)).toEqual(huge.facts.slice(0, sent.facts.length - 1));
      expect(sent.facts.at(-1)).toEqual({
        label: 'Omitted',
        value: `${5000 - (sent.facts.length - 1)} more facts did not fit in the notification`,
      });
    });

    it('cuts an enormous summary when dropping facts is not enough', async () => {
      sns.on(PublishCommand).resolves({ MessageId: 'm-3' });

      await notifier.publish({ ...alert, summary: 'ü'.repeat(200_000) });

      expect(publishedBytes()).toBeLessThan(SNS_MAX_PUBLISH_BYTES);
      const sent = JSON.parse(JSON.parse(publishedInput().Message!).lambda) as Alert;
      expect(sent.summary).toMatch(/^ü+…$/);
    });

    it.each([
      ['ThrottledException', 429, 'client', true],
      ['KMSThrottlingException', 400, 'client', true],
      ['InternalErrorException', 500, 'server', true],
      ['InvalidParameterException', 400, 'client', false],
      ['AuthorizationErrorException', 403, 'client', false],
      ['NotFoundException', 404, 'client', false],
    ] as const)(
      'maps %s (HTTP %i) to a ServiceError with retryable = %s',
      async (name, status, fault, retryable) => {
        sns.on(PublishCommand).rejects(sdkError(name, status, fault));

        const error = await notifier.publish(alert).catch((e: unknown) => e);

        expect(error).toBeInstanceOf(ServiceError);
        expect(error).toMatchObject({ service: 'SNS', retryable });
        expect((error as ServiceError).message).toContain(name);
        expect((error as ServiceError).cause).toBeInstanceOf(SNSServiceException);
      },
    );
  });
});

describe('Function: fitAlert', () => {
  it('returns the alert itself when it fits', () => {
    expect(fitAlert(alert, 256 * 1024)).toBe(alert);
  });

  it('first cuts very long fact values, keeping every fact', () => {
    const long = { ...alert, facts: [{ label: 'Stack', value: 'y'.repeat(60_000) }, ...alert.facts] };

    const fitted = fitAlert(long, 100_000);

    expect(fitted.facts).toHaveLength(3);
    expect(fitted.facts[0]!.value.length).toBeLessThanOrEqual(500);
    expect(Buffer.byteLength(snsMessage(fitted))).toBeLessThanOrEqual(100_000);
  });
});
