import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type OutboxMessage,
  OutboxNotifier,
  retryAfterMillis,
  SlackWebhookError,
} from '../../../shared/adapters/local/outbox-notifier.ts';
import { alertEmailText, alertSubject, slackBlocks } from '../../../shared/alerts/format.ts';
import { ConfigError, ServiceError } from '../../../shared/errors/index.ts';
import type { Alert } from '../../../shared/ports/notifier.ts';
import { MemoryObjectStore } from '../../support/memory-object-store.ts';

const alert: Alert = {
  id: 'perf-prod-gateway-memory-2026-11-10T02',
  status: 'firing',
  severity: 'critical',
  title: 'process.memory.usage on prod-us-east-1/gateway is 3.2× normal',
  summary: 'Gateway memory reached 1,103 MiB, 3.2× the expected 344 MiB.',
  facts: [{ label: 'Cluster', value: 'prod-us-east-1' }],
  detectedAt: '2026-11-10T02:00:00.000Z',
  reportUrl: 'https://datahub.example.com/report/index.html',
};

interface Received {
  readonly method: string | undefined;
  readonly url: string | undefined;
  readonly headers: IncomingHttpHeaders;
  readonly body: unknown;
}

/** A Slack incoming webhook stand-in on loopback that answers with the given responses in turn. */
async function webhook(
  responses: { status: number; headers?: Record<string, string>; body?: string }[] = [],
): Promise<{ url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    received.push({
      method: req.method,
      url: req.url,
      headers: req.headers,
      body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
    });
    const next = responses.shift() ?? { status: 200, body: 'ok' };
    res.writeHead(next.status, { 'content-type': 'text/plain', ...next.headers }).end(next.body ?? '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/services/T000/B000/XXX`,
    received,
  };
}

const servers: Server[] = [];

afterEach(async () => {
  await Promise.all(
    servers.splice(0).map(
      (s) =>
        new Promise<void>((resolve) => {
          s.close(() => resolve());
          // Keep-alive and never-answered connections would hold close() open.
          s.closeAllConnections();
        }),
    ),
  );
});

const readOutbox = (store: MemoryObjectStore, key: string) =>
  JSON.parse(store.text('outbox', key)) as OutboxMessage;

describe('Class: OutboxNotifier', () => {
  describe('Method: constructor', () => {
    it('rejects a webhook URL that is not http(s) and an empty bucket', () => {
      const store = new MemoryObjectStore();

      expect(() => new OutboxNotifier({ store, bucket: 'outbox', slackWebhookUrl: 'not a url' })).toThrow(
        ConfigError,
      );
      expect(() => new OutboxNotifier({ store, bucket: 'outbox', slackWebhookUrl: 'ftp://x/y' })).toThrow(
        ConfigError,
      );
      expect(() => new OutboxNotifier({ store, bucket: '' })).toThrow(ConfigError);
    });
  });

  describe('Method: publish', () => {
    it('writes <alert id>/<status>.json with the alert, its email text and its Slack blocks', async () => {
      // Prepare
      const store = new MemoryObjectStore();
      const notifier = new OutboxNotifier({ store, bucket: 'outbox' });

      // Act
      const receipt = await notifier.publish(alert);

      // Assess
      expect(receipt).toEqual({ messageId: `${alert.id}/firing.json` });
      expect(readOutbox(store, receipt.messageId)).toEqual({
        subject: alertSubject(alert),
        email: alertEmailText(alert),
        slack: slackBlocks(alert),
        alert,
      });
      expect(store.metadata.get(`outbox/${receipt.messageId}`)?.contentType).toBe('application/json');
    });

    it('is idempotent: publishing the same alert again rewrites the same file with the same bytes', async () => {
      const store = new MemoryObjectStore();
      const notifier = new OutboxNotifier({ store, bucket: 'outbox' });

      await notifier.publish(alert);
      const first = store.text('outbox', `${alert.id}/firing.json`);
      await notifier.publish(alert);
      await notifier.publish({ ...alert, status: 'resolved' });

      expect(store.keys('outbox')).toEqual([`${alert.id}/firing.json`, `${alert.id}/resolved.json`]);
      expect(store.text('outbox', `${alert.id}/firing.json`)).toBe(first);
    });

    it('posts the Slack Block Kit message to a real webhook over HTTP', async () => {
      const hook = await webhook();
      const store = new MemoryObjectStore();
      const notifier = new OutboxNotifier({ store, bucket: 'outbox', slackWebhookUrl: hook.url });
      const over: Alert = { ...alert, status: 'resolved' };

      await notifier.publish(over);

      expect(hook.received).toHaveLength(1);
      const [request] = hook.received;
      expect(request).toMatchObject({ method: 'POST', url: '/services/T000/B000/XXX' });
      expect(request!.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(request!.body).toEqual(JSON.parse(JSON.stringify(slackBlocks(over))));
      expect(request!.body).toMatchObject({
        text: expect.stringMatching(/^\[RESOLVED\] /),
        blocks: [
          { type: 'header', text: { type: 'plain_text', text: `RESOLVED: ${alert.title}` } },
          { type: 'section', text: { type: 'mrkdwn', text: `:white_check_mark: ${alert.summary}` } },
          { type: 'section', fields: [{ type: 'mrkdwn', text: '*Cluster*\nprod-us-east-1' }] },
          { type: 'actions', elements: [{ type: 'button', url: alert.reportUrl }] },
          { type: 'context' },
        ],
      });
      expect(store.keys('outbox')).toEqual([`${alert.id}/resolved.json`]);
    });

    it('retries once after a 500 and succeeds', async () => {
      const hook = await webhook([
        { status: 500, body: 'internal_error' },
        { status: 200, body: 'ok' },
      ]);
      const sleeps: number[] = [];
      const notifier = new OutboxNotifier({
        store: new MemoryObjectStore(),
        bucket: 'outbox',
        slackWebhookUrl: hook.url,
        sleep: async (ms) => {
          sleeps.push(ms);
        },
      });

      const receipt = await notifier.publish(alert);

      expect(receipt.messageId).toBe(`${alert.id}/firing.json`);
      expect(hook.received).toHaveLength(2);
      expect(hook.received[1]!.body).toEqual(hook.received[0]!.body);
      expect(sleeps).toEqual([1000]);
    });

    it('honours Retry-After on a 429 before the one retry', async () => {
      const hook = await webhook([{ status: 429, headers: { 'retry-after': '3' }, body: 'rate_limited' }]);
      const sleeps: number[] = [];
      const notifier = new OutboxNotifier({
        store: new MemoryObjectStore(),
        bucket: 'outbox',
        slackWebhookUrl: hook.url,
        sleep: async (ms) => {
          sleeps.push(ms);
        },
      });

      await notifier.publish(alert);

      expect(sleeps).toEqual([3000]);
      expect(hook.received).toHaveLength(2);
    });

    it('gives up after the retry with a retryable error that carries the status', async () => {
      const hook = await webhook([
        { status: 503, body: 'unavailable' },
        { status: 503, body: 'still unavailable' },
      ]);
      const store = new MemoryObjectStore();
      const notifier = new OutboxNotifier({
        store,
        bucket: 'outbox',
        slackWebhookUrl: hook.url,
        sleep: async () => {},
      });

      const error = await notifier.publish(alert).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(SlackWebhookError);
      expect(error).toBeInstanceOf(ServiceError);
      expect(error).toMatchObject({ service: 'Slack webhook', status: 503, retryable: true });
      expect(hook.received).toHaveLength(2);
      expect(store.keys('outbox')).toEqual([`${alert.id}/firing.json`]);
    });

    it('reports a rejected webhook as a permanent error with Slack’s reason, keeps the outbox file, hides the URL', async () => {
      const hook = await webhook([{ status: 404, body: 'no_service' }]);
      const store = new MemoryObjectStore();
      const notifier = new OutboxNotifier({ store, bucket: 'outbox', slackWebhookUrl: hook.url });

      const error = await notifier.publish(alert).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(SlackWebhookError);
      expect(error).toMatchObject({ status: 404, retryable: false });
      expect((error as Error).message).toContain('HTTP 404 no_service');
      expect((error as Error).message).not.toContain('/services/');
      expect(hook.received).toHaveLength(1);
      expect(store.keys('outbox')).toEqual([`${alert.id}/firing.json`]);
    });

    it('fails with a retryable error and no status when the webhook does not answer in time', async () => {
      const server = createServer(() => {
        // Never answers.
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      servers.push(server);
      const notifier = new OutboxNotifier({
        store: new MemoryObjectStore(),
        bucket: 'outbox',
        slackWebhookUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
        timeoutMillis: 100,
      });

      const error = await notifier.publish(alert).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(SlackWebhookError);
      expect(error).toMatchObject({ status: undefined, retryable: true });
      expect((error as Error).message).toContain('no answer within 100 ms');
    });
  });
});

describe('Function: retryAfterMillis', () => {
  it('reads delta-seconds and HTTP dates, and defaults to one second', () => {
    const now = Date.parse('2026-11-10T02:00:00Z');

    expect(retryAfterMillis('2', now)).toBe(2000);
    expect(retryAfterMillis('Tue, 10 Nov 2026 02:00:05 GMT', now)).toBe(5000);
    expect(retryAfterMillis(null, now)).toBe(1000);
    expect(retryAfterMillis('soon', now)).toBe(1000);
  });
});
