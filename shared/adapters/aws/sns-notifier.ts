import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { alertEmailText, alertSubject, chatbotNotification } from '../../alerts/format.ts';
import type { Alert, Notifier, PublishReceipt } from '../../ports/notifier.ts';
import { serviceError } from './errors.ts';

/** SNS rejects messages over 256 KiB; keep headroom for attributes and JSON escaping. */
export const MAX_MESSAGE_BYTES = 250 * 1024;

/**
 * The SNS message for an alert, one body per protocol (MessageStructure json): readable text for
 * email, the Amazon Q Developer / Chatbot custom notification for its HTTPS subscription, and the
 * alert itself for the notify Lambda that posts to Slack webhooks.
 */
export function snsMessage(alert: Alert): string {
  const build = (a: Alert) =>
    JSON.stringify({
      default: alertEmailText(a),
      email: alertEmailText(a),
      https: JSON.stringify(chatbotNotification(a)),
      lambda: JSON.stringify(a),
    });
  let message = build(alert);
  let facts = alert.facts;
  while (Buffer.byteLength(message) > MAX_MESSAGE_BYTES && facts.length > 0) {
    facts = facts.slice(0, Math.floor(facts.length / 2));
    message = build({ ...alert, facts });
  }
  if (Buffer.byteLength(message) > MAX_MESSAGE_BYTES)
    message = build({ ...alert, facts: [], summary: `${alert.summary.slice(0, 10_000)}…` });
  return message;
}

/** AWS adapter of the notifier: one SNS publish per alert; subscribers fan it out to email and Slack. */
export class SnsNotifier implements Notifier {
  private readonly client: SNSClient;
  private readonly topicArn: string;

  constructor(options: { client: SNSClient; topicArn: string }) {
    this.client = options.client;
    this.topicArn = options.topicArn;
  }

  async publish(alert: Alert): Promise<PublishReceipt> {
    try {
      const response = await this.client.send(
        new PublishCommand({
          TopicArn: this.topicArn,
          Subject: alertSubject(alert),
          MessageStructure: 'json',
          Message: snsMessage(alert),
          MessageAttributes: {
            severity: { DataType: 'String', StringValue: alert.severity },
            status: { DataType: 'String', StringValue: alert.status },
            alert_id: { DataType: 'String', StringValue: alert.id },
          },
        }),
      );
      return { messageId: response.MessageId ?? '' };
    } catch (error) {
      throw serviceError('SNS', `Publish to ${this.topicArn}`, error);
    }
  }
}
