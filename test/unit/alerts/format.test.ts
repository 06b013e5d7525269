import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  alertEmailText,
  alertSubject,
  chatbotNotification,
  escapeMrkdwn,
  MAX_SUBJECT_LENGTH,
  SLACK_LIMITS,
  type SlackBlock,
  slackBlocks,
  truncateText,
} from '../../../shared/alerts/format.ts';
import type { Alert } from '../../../shared/ports/notifier.ts';

const alert: Alert = {
  id: 'perf-prod-us-east-1-gateway-process.memory.usage-2026-11-10T02-00-00.000Z',
  status: 'firing',
  severity: 'critical',
  title: 'process.memory.usage on prod-us-east-1/gateway is 3.2× normal',
  summary:
    'process.memory.usage of gateway in cluster prod-us-east-1 reached 1103 MiB at 2026-11-10T04:00:00.000Z, ' +
    '3.2× the expected 344 MiB (above normal since 2026-11-10T02:00:00.000Z, 3 h, still ongoing).',
  facts: [
    { label: 'Cluster', value: 'prod-us-east-1' },
    { label: 'Observed peak', value: '1103 MiB' },
    { label: 'Expected', value: '344 MiB' },
    { label: 'Deviation', value: '3.21× (robust z 9.4)' },
    { label: 'Since', value: '2026-11-10T02:00:00.000Z' },
  ],
  detectedAt: '2026-11-10T02:00:00.000Z',
  reportUrl: 'https://datahub.example.com/report/index.html',
};
const resolved: Alert = { ...alert, status: 'resolved' };

const sections = (blocks: readonly SlackBlock[]) =>
  blocks.filter((b): b is Extract<SlackBlock, { fields: unknown }> => 'fields' in b);

describe('Function: truncateText', () => {
  it('keeps short text as it is and ends cut text with an ellipsis', () => {
    expect(truncateText('short', 10)).toBe('short');
    expect(truncateText('abcdefghijkl', 5)).toBe('abcd…');
  });

  it('never exceeds the limit and never leaves half a surrogate pair', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 300 }),
        fc.integer({ min: 1, max: 200 }),
        (s, n) => {
          const cut = truncateText(s, n);
          expect(cut.length).toBeLessThanOrEqual(n);
          expect(cut.isWellFormed()).toBe(true);
        },
      ),
    );
  });
});

describe('Function: alertSubject', () => {
  it('leads with the severity while firing and with RESOLVED once resolved', () => {
    expect(alertSubject(alert)).toBe(
      '[CRITICAL] process.memory.usage on prod-us-east-1/gateway is 3.2× normal',
    );
    expect(alertSubject(resolved)).toMatch(/^\[RESOLVED\] process\.memory\.usage/);
    expect(alertSubject({ ...alert, severity: 'warning' })).toMatch(/^\[WARNING\] /);
  });

  it('makes one line of a title with line breaks and control characters', () => {
    expect(alertSubject({ ...alert, title: 'Latency up\r\non\tgateway\u2028now\u0007' })).toBe(
      '[CRITICAL] Latency up on gateway now',
    );
  });

  it('cuts long titles to 99 characters on a character boundary', () => {
    const long = alertSubject({ ...alert, title: `${'memory '.repeat(30)}end` });
    const emoji = alertSubject({ ...alert, title: '🔥'.repeat(200) });

    expect(long.length).toBeLessThanOrEqual(MAX_SUBJECT_LENGTH);
    expect(long.endsWith('memory…')).toBe(true);
    expect(emoji.length).toBeLessThanOrEqual(MAX_SUBJECT_LENGTH);
    expect(emoji.isWellFormed()).toBe(true);
    expect(emoji).toMatch(/^\[CRITICAL\] (🔥)+…$/u);
  });
});

describe('Function: alertEmailText', () => {
  it('says what, where, how far from normal, since when, the facts and the report link', () => {
    const text = alertEmailText(alert);

    expect(text.split('\n')[0]).toBe(`CRITICAL: ${alert.title}`);
    expect(text).toContain(alert.summary);
    expect(text).toContain('  Observed peak  1103 MiB');
    expect(text).toContain('  Cluster        prod-us-east-1');
    expect(text).toContain('Detected:  2026-11-10T02:00:00.000Z');
    expect(text).toContain(`Alert id:  ${alert.id}`);
    expect(text).toContain(`Open the Data Hub report: ${alert.reportUrl}`);
  });

  it('tells the reader a resolved alert needs no action', () => {
    const text = alertEmailText(resolved);

    expect(text.startsWith('RESOLVED: ')).toBe(true);
    expect(text).toContain('No action is needed');
  });
});

describe('Function: chatbotNotification', () => {
  it('follows the custom notification schema and threads firing and resolved by alert id', () => {
    const firing = chatbotNotification(alert);
    const over = chatbotNotification(resolved);

    expect(firing).toEqual({
      version: '1.0',
      source: 'custom',
      id: `${alert.id}:firing`,
      content: {
        textType: 'client-markdown',
        title: `:rotating_light: CRITICAL: ${alert.title}`,
        description: expect.stringContaining('*Observed peak:* 1103 MiB'),
        nextSteps: [`Open the <${alert.reportUrl}|Data Hub report>`],
        keywords: ['critical', 'firing', 'odigos-data-hub'],
      },
      metadata: {
        threadId: alert.id,
        summary: `[CRITICAL] ${alert.title}`,
        eventType: 'datahub-alert-firing',
        relatedResources: [],
        additionalContext: { severity: 'critical', status: 'firing', alertId: alert.id },
      },
    });
    expect(over.metadata.threadId).toBe(firing.metadata.threadId);
    expect(over.id).not.toBe(firing.id);
    expect(over.content.title).toMatch(/^:white_check_mark: RESOLVED: /);
    expect(over.metadata.eventType).toBe('datahub-alert-resolved');
  });

  it('leaves nextSteps out when there is no report', () => {
    const { reportUrl: _, ...noReport } = alert;

    expect(chatbotNotification(noReport).content).not.toHaveProperty('nextSteps');
  });
});

describe('Function: slackBlocks', () => {
  it('builds header, summary, fact fields, a report button and a context line, with a text fallback', () => {
    const message = slackBlocks(alert);

    expect(message.text).toBe(alertSubject(alert));
    expect(message.blocks.map((b) => b.type)).toEqual(['header', 'section', 'section', 'actions', 'context']);
    expect(message.blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: `CRITICAL: ${alert.title}`, emoji: true },
    });
    expect(message.blocks[1]).toEqual({
      type: 'section',
      text: { type: 'mrkdwn', text: `:rotating_light: ${alert.summary}` },
    });
    expect(sections(message.blocks)[0]!.fields[1]).toEqual({
      type: 'mrkdwn',
      text: '*Observed peak*\n1103 MiB',
    });
    expect(message.blocks[3]).toEqual({
      type: 'actions',
      elements: [
        {
          type: 'button',
          text: { type: 'plain_text', text: 'Open the Data Hub report' },
          url: alert.reportUrl,
          action_id: 'open-report',
          style: 'primary',
        },
      ],
    });
    expect(message.blocks[4]).toEqual({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `Detected <!date^${Date.parse(alert.detectedAt) / 1000}^{date_short_pretty} {time}|${alert.detectedAt}>`,
        },
        { type: 'mrkdwn', text: `Alert id ${alert.id}` },
      ],
    });
  });

  it('splits facts into sections of at most 10 fields and stays under 50 blocks however many facts', () => {
    const twelve = slackBlocks({
      ...alert,
      facts: Array.from({ length: 12 }, (_, i) => ({ label: `Fact ${i}`, value: `${i}` })),
    });
    const thousand = slackBlocks({
      ...alert,
      facts: Array.from({ length: 1000 }, (_, i) => ({ label: `Fact ${i}`, value: `${i}` })),
    });

    expect(sections(twelve.blocks).map((s) => s.fields.length)).toEqual([10, 2]);
    expect(thousand.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocksPerMessage);
    expect(JSON.stringify(thousand.blocks.at(-1))).toContain('960 more facts');
  });

  it('escapes mrkdwn control characters and keeps every text within Slack limits', () => {
    const message = slackBlocks({
      ...alert,
      title: 'x'.repeat(500),
      summary: `<b>&</b> ${'é'.repeat(5000)}`,
      facts: [{ label: 'Query', value: `a < b && ${'c'.repeat(3000)}` }],
    });
    const [header, summary] = message.blocks as [
      Extract<SlackBlock, { type: 'header' }>,
      Extract<SlackBlock, { text: { type: 'mrkdwn' } }>,
    ];
    const field = sections(message.blocks)[0]!.fields[0]!;

    expect(header.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.headerText);
    expect(summary.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
    expect(summary.text.text).toMatch(/^:rotating_light: &lt;b&gt;&amp;&lt;\/b&gt; é+…$/);
    expect(field.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fieldText);
    expect(field.text.startsWith('*Query*\na &lt; b &amp;&amp; ccc')).toBe(true);
    expect(escapeMrkdwn('<a&b>')).toBe('&lt;a&amp;b&gt;');
  });

  it('shows a report that is not on the web as text instead of a button', () => {
    const message = slackBlocks({ ...alert, reportUrl: 'file:///home/me/.datahub/report/index.html' });

    expect(message.blocks.some((b) => b.type === 'actions')).toBe(false);
    expect(JSON.stringify(message.blocks.at(-1))).toContain(
      'Report: file:///home/me/.datahub/report/index.html',
    );
  });
});
