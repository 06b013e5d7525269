import { alertEmailText, alertSubject, slackBlocks } from '../../alerts/format.ts';
import { ServiceError } from '../../errors/index.ts';
import type { Alert, Notifier, PublishReceipt } from '../../ports/notifier.ts';
import type { ObjectStore } from '../../ports/object-store.ts';

export interface OutboxNotifierOptions {
  readonly store: ObjectStore;
  readonly bucket: string;
  /** A Slack incoming webhook; when set, every alert is also posted there. */
  readonly slackWebhookUrl?: string;
  readonly fetch?: typeof fetch;
  readonly timeoutMillis?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

/**
 * Local adapter of the notifier: each alert becomes `<alert id>/<status>.json` in the outbox bucket
 * (what the email and Slack would show), so re-publishing the same alert is idempotent. With a
 * webhook URL it also posts Slack Block Kit for real; the outbox file is written either way.
 */
export class OutboxNotifier implements Notifier {
  private readonly options: OutboxNotifierOptions;

  constructor(options: OutboxNotifierOptions) {
    this.options = options;
  }

  async publish(alert: Alert): Promise<PublishReceipt> {
    const key = `${alert.id}/${alert.status}.json`;
    const message = {
      subject: alertSubject(alert),
      email: alertEmailText(alert),
      slack: slackBlocks(alert),
      alert,
    };
    await this.options.store.put(this.options.bucket, key, `${JSON.stringify(message, null, 2)}\n`, {
      contentType: 'application/json',
    });
    if (this.options.slackWebhookUrl) await this.postToSlack(this.options.slackWebhookUrl, message.slack);
    return { messageId: key };
  }

  private async postToSlack(url: string, body: unknown): Promise<void> {
    const doFetch = this.options.fetch ?? fetch;
    const sleep = this.options.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));
    for (let attempt = 1; ; attempt++) {
      let response: Response;
      try {
        response = await doFetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(this.options.timeoutMillis ?? 10_000),
        });
      } catch (error) {
        if (attempt < 2) continue;
        throw new ServiceError('Slack webhook', `request failed: ${(error as Error).message}`, {
          retryable: true,
          cause: error,
        });
      }
      if (response.ok) return;
      const retryable = response.status === 429 || response.status >= 500;
      if (retryable && attempt < 2) {
        // Slack sends Retry-After (seconds) with 429; wait at most 30 s.
        const retryAfter = Number(response.headers.get('retry-after'));
        await sleep(Math.min(30, Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : 1) * 1000);
        continue;
      }
      const text = await response.text().catch(() => '');
      throw new ServiceError('Slack webhook', `HTTP ${response.status} ${text.slice(0, 200)}`, { retryable });
    }
  }
}
