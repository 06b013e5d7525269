import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { FsObjectStore } from '../../../shared/adapters/local/fs-object-store.ts';
import { OutboxNotifier } from '../../../shared/adapters/local/outbox-notifier.ts';
import { ServiceError } from '../../../shared/errors/index.ts';
import type { Alert } from '../../../shared/ports/notifier.ts';
import { tempDir } from '../../support/tmp.ts';

const alert: Alert = {
  id: 'perf-prod-gateway-memory-2026-11-10T02',
  status: 'firing',
  severity: 'critical',
  title: 'process.memory.usage on prod-us-east-1/gateway is 3.2× normal',
  summary: 'Gateway memory reached 1,103 MiB, 3.2× the expected 344 MiB.',
  facts: [{ label: 'Cluster', value: 'prod-us-east-1' }],
  detectedAt: '2026-11-10T02:00:00.000Z',
  reportUrl: 'file:///tmp/report/index.html',
};

/** A Slack incoming webhook stand-in on loopback that answers with the given statuses in turn. */
async function webhook(statuses: number[]): Promise<{ url: string; bodies: unknown[]; server: Server }> {
  const bodies: unknown[] = [];
  const server = createServer(async (req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    bodies.push(JSON.parse(Buffer.concat(chunks).toString()));
    const status = statuses.shift() ?? 200;
    res.writeHead(status, status === 429 ? { 'retry-after': '1' } : {}).end(status === 200 ? 'ok' : 'error');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/services/T000/B000/XXX`,
    bodies,
    server,
  };
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

describe('Class: OutboxNotifier', () => {
  it('writes <alert id>/<status>.json with the email text and Slack blocks, idempotently', async () => {
    const store = new FsObjectStore(await tempDir());
    const notifier = new OutboxNotifier({ store, bucket: 'outbox' });

    const receipt = await notifier.publish(alert);
    await notifier.publish(alert);

    expect(receipt.messageId).toBe(`${alert.id}/firing.json`);
    const saved = JSON.parse(new TextDecoder().decode(await store.get('outbox', receipt.messageId)));
    expect(saved.subject).toBe('[CRITICAL] process.memory.usage on prod-us-east-1/gateway is 3.2× normal');
    expect(saved.email).toContain('Gateway memory reached');
    expect(saved.slack.blocks[0]).toMatchObject({ type: 'header' });
    const keys: string[] = [];
    for await (const o of store.list('outbox', '')) keys.push(o.key);
    expect(keys).toEqual([`${alert.id}/firing.json`]);
  });

  it('posts Slack Block Kit to a real webhook over HTTP', async () => {
    const hook = await webhook([200]);
    servers.push(hook.server);
    const notifier = new OutboxNotifier({
      store: new FsObjectStore(await tempDir()),
      bucket: 'outbox',
      slackWebhookUrl: hook.url,
    });

    await notifier.publish({ ...alert, status: 'resolved' });

    expect(hook.bodies).toHaveLength(1);
    expect(hook.bodies[0]).toMatchObject({
      text: expect.stringMatching(/^\[RESOLVED\]/),
      blocks: expect.arrayContaining([
        expect.objectContaining({ type: 'header' }),
        expect.objectContaining({
          type: 'actions',
          elements: [expect.objectContaining({ url: alert.reportUrl })],
        }),
      ]),
    });
  });

  it('retries once on a 5xx and succeeds', async () => {
    const hook = await webhook([500, 200]);
    servers.push(hook.server);
    const notifier = new OutboxNotifier({
      store: new FsObjectStore(await tempDir()),
      bucket: 'outbox',
      slackWebhookUrl: hook.url,
      sleep: async () => {},
    });

    await notifier.publish(alert);

    expect(hook.bodies).toHaveLength(2);
  });

  it('keeps the outbox file and reports a rejected webhook as a permanent ServiceError', async () => {
    const hook = await webhook([404]);
    servers.push(hook.server);
    const store = new FsObjectStore(await tempDir());
    const notifier = new OutboxNotifier({ store, bucket: 'outbox', slackWebhookUrl: hook.url });

    const error = await notifier.publish(alert).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ServiceError);
    expect((error as ServiceError).retryable).toBe(false);
    expect(await store.head('outbox', `${alert.id}/firing.json`)).toBeDefined();
  });
});
