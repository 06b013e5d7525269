import type { Alert } from '../ports/notifier.ts';

/** SNS caps email subjects at 100 characters; we keep one in reserve. */
export const MAX_SUBJECT_LENGTH = 99;

/** Cuts text to `max` characters without splitting a surrogate pair, adding an ellipsis. */
export function truncateChars(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

const label = (alert: Alert) => (alert.status === 'resolved' ? 'RESOLVED' : alert.severity.toUpperCase());

/** Email subject: severity or status first, so inbox rules can sort on it. */
export function alertSubject(alert: Alert): string {
  // SNS rejects subjects with line breaks or control characters.
  const clean = alert.title.replace(/\p{Cc}+/gu, ' ').trim();
  return truncateChars(`[${label(alert)}] ${clean}`, MAX_SUBJECT_LENGTH);
}

/** Plain-text email body: what, where, how far from normal, since when, and where to look. */
export function alertEmailText(alert: Alert): string {
  const width = Math.max(...alert.facts.map((f) => f.label.length), 0);
  return [
    alert.status === 'resolved' ? `Resolved: ${alert.title}` : alert.title,
    '',
    alert.summary,
    '',
    ...alert.facts.map((f) => `${f.label.padEnd(width)}  ${f.value}`),
    '',
    `Detected: ${alert.detectedAt}`,
    `Alert id: ${alert.id}`,
    ...(alert.reportUrl ? ['', `Report: ${alert.reportUrl}`] : []),
    '',
    '— Odigos Data Hub',
  ].join('\n');
}

/**
 * Amazon Q Developer in chat applications (formerly AWS Chatbot) custom notification: Slack and
 * Teams render it when the SNS topic is mapped to a channel. `threadId` keeps an incident's firing
 * and resolved messages in one thread.
 */
export function chatbotNotification(alert: Alert): Record<string, unknown> {
  const emoji =
    alert.status === 'resolved'
      ? ':white_check_mark:'
      : alert.severity === 'critical'
        ? ':rotating_light:'
        : ':warning:';
  return {
    version: '1.0',
    source: 'custom',
    id: alert.id,
    content: {
      textType: 'client-markdown',
      title: `${emoji} ${truncateChars(alert.title, 200)}`,
      description: [alert.summary, '', ...alert.facts.map((f) => `*${f.label}:* ${f.value}`)].join('\n'),
      ...(alert.reportUrl ? { nextSteps: [`Open the <${alert.reportUrl}|Data Hub report>`] } : {}),
      keywords: [alert.severity, alert.status],
    },
    metadata: {
      threadId: alert.id,
      summary: truncateChars(alert.title, 100),
      eventType: `datahub.alert.${alert.status}`,
      relatedResources: [],
      additionalContext: { severity: alert.severity },
    },
  };
}

/** Slack Block Kit message for incoming webhooks (the notify route for teams without Chatbot). */
export function slackBlocks(alert: Alert): Record<string, unknown> {
  const emoji =
    alert.status === 'resolved'
      ? ':white_check_mark:'
      : alert.severity === 'critical'
        ? ':rotating_light:'
        : ':warning:';
  const blocks: Record<string, unknown>[] = [
    {
      type: 'header',
      text: { type: 'plain_text', text: truncateChars(`${label(alert)}: ${alert.title}`, 150), emoji: true },
    },
    { type: 'section', text: { type: 'mrkdwn', text: truncateChars(`${emoji} ${alert.summary}`, 3000) } },
  ];
  // Slack allows at most 10 fields per section.
  for (let i = 0; i < alert.facts.length; i += 10) {
    blocks.push({
      type: 'section',
      fields: alert.facts
        .slice(i, i + 10)
        .map((f) => ({ type: 'mrkdwn', text: truncateChars(`*${f.label}*\n${f.value}`, 2000) })),
    });
  }
  if (alert.reportUrl) {
    blocks.push({
      type: 'actions',
      elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open report' }, url: alert.reportUrl }],
    });
  }
  blocks.push({
    type: 'context',
    elements: [{ type: 'mrkdwn', text: `Detected ${alert.detectedAt} · ${alert.id}` }],
  });
  return { text: alertSubject(alert), blocks };
}
