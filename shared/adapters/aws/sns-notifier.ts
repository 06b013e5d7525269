import { type MessageAttributeValue, PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { alertEmailText, alertSubject, chatbotNotification, truncateText } from '../../alerts/format.ts';
import { ConfigError, ServiceError } from '../../errors/index.ts';
import type { Alert, Notifier, PublishReceipt } from '../../ports/notifier.ts';
import { isRetryable } from './errors.ts';

/** SNS rejects a publish whose message (with its attributes) is over 256 KiB = 262,144 bytes. */
export const SNS_MAX_PUBLISH_BYTES = 256 * 1024;
/** Kept free for the subject, the request envelope and rounding; the rest is the message budget. */
const HEADROOM_BYTES = 2 * 1024;

/** SNS error names that mean "try again later" besides HTTP 429/5xx (KMS throttling comes back as 400). */
const RETRYABLE_SNS_ERRORS = new Set([
  'ThrottledException',
  'KMSThrottlingException',
  'InternalErrorException',
]);

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

/** The message attributes subscribers filter on (`severity`, `status`) plus the alert id. */
export function snsMessageAttributes(alert: Alert): Record<string, MessageAttributeValue> {
  return {
    severity: { DataType: 'String', StringValue: alert.severity },
    status: { DataType: 'String', StringValue: alert.status },
    alert_id: { DataType: 'String', StringValue: alert.id },
  };
}

const attributesBytes = (attributes: Record<string, MessageAttributeValue>) =>
  Object.entries(attributes).reduce(
    (n, [name, value]) => n + bytes(name) + bytes(value.DataType ?? '') + bytes(value.StringValue ?? ''),
    0,
  );

/**
 * The SNS message for an alert, one body per protocol (`MessageStructure: 'json'`): readable text
 * for email (and `default`), the Amazon Q Developer / Chatbot custom notification for its HTTPS
 * subscription, and the alert itself as JSON for the notify Lambda that posts to Slack webhooks.
 */
export function snsMessage(alert: Alert): string {
  const email = alertEmailText(alert);
  return JSON.stringify({
    default: email,
    email,
    https: JSON.stringify(chatbotNotification(alert)),
    lambda: JSON.stringify(alert),
  });
}

/**
 * The alert, shrunk only as far as needed for its SNS message to fit `maxBytes`: long fact values are
 * cut first, then trailing facts dropped (a last fact says how many), then the summary and title cut.
 * Each message repeats the alert four times (default, email, Chatbot, Lambda), so facts go first.
 */
export function fitAlert(alert: Alert, maxBytes: number): Alert {
  const fits = (a: Alert) => bytes(snsMessage(a)) <= maxBytes;
  if (fits(alert)) return alert;

  const capped: Alert = {
    ...alert,
    facts: alert.facts.map((f) => ({ label: truncateText(f.label, 100), value: truncateText(f.value, 500) })),
  };
  if (fits(capped)) return capped;

  const withFacts = (n: number): Alert => {
    const dropped = capped.facts.length - n;
    return {
      ...capped,
      facts: [
        ...capped.facts.slice(0, n),
        { label: 'Omitted', value: `${dropped} more facts did not fit in the notification` },
      ],
    };
  };
  // The largest number of facts that still fits (binary search; the message grows with n).
  let low = 0;
  let high = capped.facts.length - 1;
  if (fits(withFacts(0))) {
    while (low < high) {
      const mid = Math.ceil((low + high) / 2);
      if (fits(withFacts(mid))) low = mid;
      else high = mid - 1;
    }
    return withFacts(low);
  }

  // Even without facts it is too big: the summary (then the title) is what is left to cut.
  const bare: Alert = { ...capped, facts: [], title: truncateText(capped.title, 200) };
  let lowLength = 0;
  let highLength = bare.summary.length;
  const withSummary = (n: number): Alert => ({ ...bare, summary: truncateText(bare.summary, n) });
  while (lowLength < highLength) {
    const mid = Math.ceil((lowLength + highLength) / 2);
    if (fits(withSummary(mid))) lowLength = mid;
    else highLength = mid - 1;
  }
  return withSummary(lowLength);
}

export interface SnsNotifierOptions {
  readonly client: SNSClient;
  /** The alerts topic; its subscriptions (email, Chatbot over HTTPS, the notify Lambda) fan it out. */
  readonly topicArn: string;
}

/** AWS adapter of the notifier: one SNS publish per alert; subscribers fan it out to email and Slack. */
export class SnsNotifier implements Notifier {
  private readonly client: SNSClient;
  private readonly topicArn: string;

  constructor(options: SnsNotifierOptions) {
    if (!/^arn:aws[\w-]*:sns:[\w-]+:\d{12}:[\w.-]+$/.test(options.topicArn))
      throw new ConfigError(`SnsNotifier: not an SNS topic ARN: ${JSON.stringify(options.topicArn)}`);
    this.client = options.client;
    this.topicArn = options.topicArn;
  }

  /** Publishes the alert and returns SNS's MessageId; throws `ServiceError` (retryable or not). */
  async publish(alert: Alert): Promise<PublishReceipt> {
    const subject = alertSubject(alert);
    const attributes = snsMessageAttributes(alert);
    const budget = SNS_MAX_PUBLISH_BYTES - HEADROOM_BYTES - bytes(subject) - attributesBytes(attributes);
    const message = snsMessage(fitAlert(alert, budget));
    if (bytes(message) > budget)
      throw new ServiceError('SNS', `alert ${alert.id} does not fit in an SNS message even when shrunk`, {
        retryable: false,
      });
    let messageId: string | undefined;
    try {
      const response = await this.client.send(
        new PublishCommand({
          TopicArn: this.topicArn,
          Subject: subject,
          MessageStructure: 'json',
          Message: message,
          MessageAttributes: attributes,
        }),
      );
      messageId = response.MessageId;
    } catch (error) {
      const e = error as { name?: string; message?: string };
      throw new ServiceError(
        'SNS',
        `Publish of alert ${alert.id} to ${this.topicArn} failed: ${e?.name ?? 'Error'}: ${e?.message ?? String(error)}`,
        { retryable: isRetryable(error) || RETRYABLE_SNS_ERRORS.has(e?.name ?? ''), cause: error },
      );
    }
    if (!messageId)
      throw new ServiceError('SNS', `Publish of alert ${alert.id} returned no MessageId`, {
        retryable: false,
      });
    return { messageId };
  }
}
