import { describe, expect, it } from 'vitest';
import {
  alertEmailText,
  alertSubject,
  chatbotNotification,
  slackBlocks,
} from '../../../shared/alerts/format.ts';
import type { Alert } from '../../../shared/ports/notifier.ts';

const alert: Alert = {
  id: 'a-1',
  status: 'firing',
  severity: 'warning',
  title: 'Latency up\non gateway',
  summary: 'p95 is 2× normal.',
  facts: Array.from({ length: 12 }, (_, i) => ({ label: `Fact ${i}`, value: `${i}` })),
  detectedAt: '2026-11-10T02:00:00.000Z',
};

describe('Alert formatting', () => {
  it('makes a one-line subject under 100 characters that leads with the severity', () => {
    expect(alertSubject(alert)).toBe('[WARNING] Latency up on gateway');
    expect(alertSubject({ ...alert, title: '🔥'.repeat(200) }).length).toBeLessThan(100 * 2);
    expect(Array.from(alertSubject({ ...alert, title: '🔥'.repeat(200) })).length).toBeLessThanOrEqual(99);
  });

  it('writes an email body with the summary, every fact and the alert id', () => {
    const text = alertEmailText(alert);
    expect(text).toContain('p95 is 2× normal.');
    expect(text).toContain('Fact 11');
    expect(text).toContain('Alert id: a-1');
  });

  it('threads Chatbot notifications by alert id', () => {
    expect(chatbotNotification({ ...alert, status: 'resolved' })).toMatchObject({
      version: '1.0',
      source: 'custom',
      metadata: { threadId: 'a-1', eventType: 'datahub.alert.resolved' },
    });
  });

  it('splits facts into Slack sections of at most 10 fields', () => {
    const sections = (slackBlocks(alert).blocks as { fields?: unknown[] }[]).filter((b) => b.fields);
    expect(sections.map((s) => s.fields!.length)).toEqual([10, 2]);
  });
});
