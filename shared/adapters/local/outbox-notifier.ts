import { alertEmailText, alertSubject, type SlackMessage, slackBlocks } from '../../alerts/format.ts';
import { ConfigError, ServiceError } from '../../errors/index.ts';
import type { Alert, Notifier, PublishReceipt } from '../../ports/notifier.ts';
import type { ObjectStore } from '../../ports/object-store.ts';

/** A Slack incoming webhook call that failed; `status` is the HTTP status, undefined when no response came. */
export class SlackWebhookError extends ServiceError {
  readonly status: number | undefined;
  constructor(message: string, options: { status?: number; retryable: boolean; cause?: unknown }) {
    super('Slack webhook', message, { retryable: options.retryable, cause: options.cause });
    this.status = options.status;
  }
}

export interface OutboxNotifierOptions {
  readonly store: ObjectStore;
  /** Bucket the outbox files go to (`outbox` locally). */
  readonly bucket: string;
  /** A Slack incoming webhook; when set, every alert is also posted there. It is a secret: never logged. */
  readonly slackWebhookUrl?: string;
  readonly fetch?: typeof fetch;
  /** Per request; default 10 s. */
  readonly timeoutMillis?: number;
  /** Longest wait honoured from Retry-After before the one retry; default 30 s. */
  readonly maxRetryAfterMillis?: number;
  /** Waits before the retry (tests pass a recorder). */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** What an outbox file holds: the alert and what the email and Slack would show. */
export interface OutboxMessage {
  readonly subject: string;
  readonly email: string;
  readonly slack: SlackMessage;
  readonly alert: Alert;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Retry-After as milliseconds: delta-seconds or an HTTP date (RFC 9110); 1 s when absent or unreadable.
 */
export function retryAfterMillis(header: string | null, now: number = Date.now()): number {
  if (header === null || header.trim() === '') return 1000;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? 1000 : Math.max(0, date - now);
}

/**
 * Local adapter of the notifier: each alert becomes `<alert id>/<status>.json` in the outbox bucket
 * (what the email and Slack would show), so re-publishing the same alert rewrites the same file.
 * With a webhook URL it also posts the Slack Block Kit message for real; the outbox file is written
 * first, so it exists even when Slack fails.
 */
export class OutboxNotifier implements Notifier {
  private readonly store: ObjectStore;
  private readonly bucket: string;
  private readonly webhookUrl: string | undefined;
  private readonly fetch: typeof fetch;
  private readonly timeoutMillis: number;
  private readonly maxRetryAfterMillis: number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(options: OutboxNotifierOptions) {
    if (options.bucket === '') throw new ConfigError('OutboxNotifier: bucket must not be empty');
    if (options.slackWebhookUrl !== undefined) {
      let protocol: string;
      try {
        protocol = new URL(options.slackWebhookUrl).protocol;
      } catch (error) {
        throw new ConfigError('OutboxNotifier: the Slack webhook URL is not a URL', error);
      }
      if (protocol !== 'https:' && protocol !== 'http:')
        throw new ConfigError(`OutboxNotifier: the Slack webhook URL must be http(s), not ${protocol}`);
    }
    this.store = options.store;
    this.bucket = options.bucket;
    this.webhookUrl = options.slackWebhookUrl;
    this.fetch = options.fetch ?? globalThis.fetch;
    this.timeoutMillis = options.timeoutMillis ?? 10_000;
    this.maxRetryAfterMillis = options.maxRetryAfterMillis ?? 30_000;
    this.sleep = options.sleep ?? defaultSleep;
  }

  /** Writes the outbox file, then posts to Slack when configured. The message id is the outbox key. */
  async publish(alert: Alert): Promise<PublishReceipt> {
    const key = `${alert.id}/${alert.status}.json`;
    const message: OutboxMessage = {
      subject: alertSubject(alert),
      email: alertEmailText(alert),
      slack: slackBlocks(alert),
      alert,
    };
    await this.store.put(this.bucket, key, `${JSON.stringify(message, null, 2)}\n`, {
      contentType: 'application/json',
    });
    if (this.webhookUrl) await this.postToSlack(this.webhookUrl, message.slack);
    return { messageId: key };
  }

  /** One POST, and one retry on 429/5xx or a connection error, after the Retry-After wait. */
  private async postToSlack(url: string, body: SlackMessage): Promise<void> {
    const payload = JSON.stringify(body);
    for (let attempt = 1; ; attempt++) {
      const last = attempt === 2;
      let response: Response;
      try {
        response = await this.fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json; charset=utf-8' },
          body: payload,
          signal: AbortSignal.timeout(this.timeoutMillis),
        });
      } catch (error) {
        const timedOut = (error as Error)?.name === 'TimeoutError';
        // A timed-out POST may have been delivered: no retry, so Slack does not show it twice.
        if (!last && !timedOut) {
          await this.sleep(1000);
          continue;
        }
        // The URL carries the webhook's secret, so it stays out of the message.
        throw new SlackWebhookError(
          timedOut
            ? `no answer within ${this.timeoutMillis} ms`
            : `request failed: ${(error as Error)?.message ?? String(error)}`,
          { retryable: true, cause: error },
        );
      }
      if (response.ok) {
        await response.body?.cancel();
        return;
      }
      const retryable = response.status === 429 || response.status >= 500;
      if (retryable && !last) {
        const wait = retryAfterMillis(response.headers.get('retry-after'));
        await response.body?.cancel();
        await this.sleep(Math.min(wait, this.maxRetryAfterMillis));
        continue;
      }
      // Slack answers errors with a short reason in plain text (invalid_blocks, no_service, …).
      const reason = (await response.text().catch(() => '')).slice(0, 200);
      throw new SlackWebhookError(`HTTP ${response.status}${reason ? ` ${reason}` : ''}`, {
        status: response.status,
        retryable,
      });
    }
  }
}
