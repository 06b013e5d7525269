import type { Alert } from '../ports/notifier.ts';

/**
 * Alert formatting for every channel, as pure functions of the port's `Alert`: the email subject and
 * body (SNS email subscription and the local outbox), the Amazon Q Developer in chat applications
 * (formerly AWS Chatbot) custom notification, and a Slack Block Kit message for incoming webhooks.
 */

/** SNS: "Subjects must be UTF-8 text with no line breaks or control characters, and less than 100 characters long." */
export const MAX_SUBJECT_LENGTH = 99;

/** Slack Block Kit limits (characters) this module stays within. */
export const SLACK_LIMITS = {
  headerText: 150,
  sectionText: 3000,
  fieldText: 2000,
  fieldsPerSection: 10,
  buttonText: 75,
  buttonUrl: 3000,
  contextElements: 10,
  blocksPerMessage: 50,
} as const;

/** At most this many facts go to Slack and chat (4 field sections); the rest are counted, not lost. */
export const MAX_CHAT_FACTS = 40;

const ELLIPSIS = '…';

/**
 * Cuts text to at most `max` UTF-16 code units (so also at most `max` characters), never splitting a
 * surrogate pair, and ends a cut text with an ellipsis. When a space falls in the last fifth of the
 * kept text, the cut moves back to it so a word is not chopped in half.
 *
 * @example truncateText('process memory usage', 12) // 'process…'
 */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return '';
  let end = max - ELLIPSIS.length;
  // Never leave a lone high surrogate at the end.
  if (end > 0 && isHighSurrogate(text.charCodeAt(end - 1))) end -= 1;
  const space = text.lastIndexOf(' ', end);
  if (space > 0 && space >= end * 0.8) end = space;
  return `${text.slice(0, end).trimEnd()}${ELLIPSIS}`;
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;

/** One line of text: control characters, line and paragraph separators become single spaces. */
export function singleLine(text: string): string {
  return text
    .replace(/[\p{Cc}\p{Zl}\p{Zp}]+/gu, ' ')
    .replace(/\s{2,}/g, ' ')
    .trim();
}

/** `CRITICAL`, `WARNING`, `INFO`, or `RESOLVED` once the alert is over. */
export function alertLabel(alert: Alert): string {
  return alert.status === 'resolved' ? 'RESOLVED' : alert.severity.toUpperCase();
}

/** Slack / chat emoji shortcode for the alert's state. */
function alertEmoji(alert: Alert): string {
  if (alert.status === 'resolved') return ':white_check_mark:';
  if (alert.severity === 'critical') return ':rotating_light:';
  if (alert.severity === 'warning') return ':warning:';
  return ':information_source:';
}

/**
 * Email subject: the label first, so inbox rules can sort on it; one line, at most 99 characters.
 *
 * @example alertSubject(alert) // '[CRITICAL] process.memory.usage on prod/gateway is 3.2× normal'
 */
export function alertSubject(alert: Alert): string {
  return truncateText(`[${alertLabel(alert)}] ${singleLine(alert.title)}`, MAX_SUBJECT_LENGTH);
}

/**
 * Plain-text email body: what happened (the summary says where, how far from normal and since
 * when), the facts as an aligned list, when it was detected, and the link to the report.
 */
export function alertEmailText(alert: Alert): string {
  const labelWidth = Math.min(
    24,
    alert.facts.reduce((w, f) => Math.max(w, singleLine(f.label).length), 0),
  );
  const facts = alert.facts.map((f) => `  ${singleLine(f.label).padEnd(labelWidth)}  ${singleLine(f.value)}`);
  const status =
    alert.status === 'resolved'
      ? 'Resolved: the metric is back within its normal range. No action is needed.'
      : `Firing, severity ${alert.severity}.`;
  return [
    `${alertLabel(alert)}: ${singleLine(alert.title)}`,
    '',
    alert.summary,
    '',
    ...(facts.length > 0 ? ['Details', ...facts, ''] : []),
    `Status:    ${status}`,
    `Detected:  ${alert.detectedAt}`,
    `Alert id:  ${alert.id}`,
    '',
    alert.reportUrl ? `Open the Data Hub report: ${alert.reportUrl}` : 'The Data Hub report has the charts.',
    '',
    '-- ',
    'Odigos Data Hub. Firing and resolved messages of one incident share the alert id.',
  ].join('\n');
}

/** The custom notification format of Amazon Q Developer in chat applications (formerly AWS Chatbot). */
export interface ChatbotNotification {
  readonly version: '1.0';
  readonly source: 'custom';
  /** Unique per event: the alert id plus its status (firing and resolved are two events). */
  readonly id: string;
  readonly content: {
    readonly textType: 'client-markdown';
    readonly title: string;
    readonly description: string;
    readonly nextSteps?: readonly string[];
    readonly keywords?: readonly string[];
  };
  readonly metadata: {
    /** The alert id, so an incident's firing and resolved messages land in one thread. */
    readonly threadId: string;
    readonly summary: string;
    readonly eventType: string;
    readonly relatedResources: readonly string[];
    readonly additionalContext: Readonly<Record<string, string>>;
  };
}

const isWebUrl = (url: string | undefined): url is string => !!url && /^https?:\/\//i.test(url);

/** Facts for chat: at most `MAX_CHAT_FACTS`, and a line saying how many more the email has. */
function chatFacts(alert: Alert): { shown: Alert['facts']; hidden: number } {
  return {
    shown: alert.facts.slice(0, MAX_CHAT_FACTS),
    hidden: Math.max(0, alert.facts.length - MAX_CHAT_FACTS),
  };
}

/**
 * Amazon Q Developer in chat applications (AWS Chatbot) custom notification, for the SNS topic's
 * Chatbot subscription. Chatbot renders `client-markdown` in the chat platform's own markdown.
 * `threadId` = alert id keeps an incident's firing and resolved messages in one thread.
 */
export function chatbotNotification(alert: Alert): ChatbotNotification {
  const { shown, hidden } = chatFacts(alert);
  const description = [
    alert.summary,
    '',
    ...shown.map((f) => `*${singleLine(f.label)}:* ${singleLine(f.value)}`),
    ...(hidden > 0 ? [`_…and ${hidden} more in the email and the report._`] : []),
    '',
    `Detected ${alert.detectedAt} · alert id \`${alert.id}\``,
  ].join('\n');
  // Slack-style link for a web report; a local file:// report can only be named.
  const nextSteps = alert.reportUrl
    ? [
        isWebUrl(alert.reportUrl)
          ? `Open the <${alert.reportUrl}|Data Hub report>`
          : `Open ${alert.reportUrl}`,
      ]
    : [];
  return {
    version: '1.0',
    source: 'custom',
    id: `${alert.id}:${alert.status}`,
    content: {
      textType: 'client-markdown',
      title: `${alertEmoji(alert)} ${alertLabel(alert)}: ${truncateText(singleLine(alert.title), 250)}`,
      // Chatbot's limit is not documented; Slack's 3,000-character section limit is the safe bound.
      description: truncateText(description, 3000),
      ...(nextSteps.length > 0 ? { nextSteps } : {}),
      keywords: [alert.severity, alert.status, 'odigos-data-hub'],
    },
    metadata: {
      threadId: alert.id,
      summary: truncateText(`[${alertLabel(alert)}] ${singleLine(alert.title)}`, 100),
      // Letters, digits and dashes, the form Chatbot custom actions match notification types on.
      eventType: `datahub-alert-${alert.status}`,
      relatedResources: [],
      additionalContext: { severity: alert.severity, status: alert.status, alertId: alert.id },
    },
  };
}

/** Escapes the three characters Slack's mrkdwn treats as control characters. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** `prefix` + escaped `raw`, within `max` characters: cut before escaping, so no entity is split. */
function mrkdwnWithin(prefix: string, raw: string, max: number): string {
  let cut = raw;
  let out = prefix + escapeMrkdwn(cut);
  while (out.length > max && cut.length > 0) {
    cut = truncateText(raw, Math.max(0, cut.length - (out.length - max)));
    out = prefix + escapeMrkdwn(cut);
  }
  return out.length > max ? truncateText(prefix, max) : out;
}

interface PlainText {
  readonly type: 'plain_text';
  readonly text: string;
  readonly emoji?: boolean;
}
interface Mrkdwn {
  readonly type: 'mrkdwn';
  readonly text: string;
}
export type SlackBlock =
  | { readonly type: 'header'; readonly text: PlainText }
  | { readonly type: 'section'; readonly text: Mrkdwn }
  | { readonly type: 'section'; readonly fields: readonly Mrkdwn[] }
  | { readonly type: 'context'; readonly elements: readonly Mrkdwn[] }
  | {
      readonly type: 'actions';
      readonly elements: readonly {
        readonly type: 'button';
        readonly text: PlainText;
        readonly url: string;
        readonly action_id: string;
        readonly style?: 'primary' | 'danger';
      }[];
    };

/** A Slack message for `chat.postMessage` or an incoming webhook; `text` is the notification fallback. */
export interface SlackMessage {
  readonly text: string;
  readonly blocks: readonly SlackBlock[];
}

/** `<!date^…|fallback>` shows the time in each reader's own time zone; the fallback is the ISO text. */
function slackDate(iso: string): string {
  const millis = Date.parse(iso);
  if (Number.isNaN(millis)) return escapeMrkdwn(iso);
  return `<!date^${Math.floor(millis / 1000)}^{date_short_pretty} {time}|${escapeMrkdwn(iso)}>`;
}

/**
 * Slack Block Kit message for incoming webhooks (the notify route for teams without Chatbot, and
 * local mode): a header, the summary, the facts as two-column fields, a button to the report, and
 * the detection time. Every text is cut to Slack's limits; the message stays under 50 blocks.
 */
export function slackBlocks(alert: Alert): SlackMessage {
  const { shown, hidden } = chatFacts(alert);
  const blocks: SlackBlock[] = [
    {
      type: 'header',
      text: {
        type: 'plain_text',
        text: truncateText(`${alertLabel(alert)}: ${singleLine(alert.title)}`, SLACK_LIMITS.headerText),
        emoji: true,
      },
    },
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: mrkdwnWithin(`${alertEmoji(alert)} `, alert.summary, SLACK_LIMITS.sectionText),
      },
    },
  ];
  for (let i = 0; i < shown.length; i += SLACK_LIMITS.fieldsPerSection) {
    blocks.push({
      type: 'section',
      fields: shown.slice(i, i + SLACK_LIMITS.fieldsPerSection).map((f) => ({
        type: 'mrkdwn',
        text: mrkdwnWithin(
          `*${escapeMrkdwn(truncateText(singleLine(f.label), 100))}*\n`,
          f.value,
          SLACK_LIMITS.fieldText,
        ),
      })),
    });
  }
  if (isWebUrl(alert.reportUrl) && alert.reportUrl.length <= SLACK_LIMITS.buttonUrl) {
    blocks.push({
      type: 'actions',
      elements: [
        {
          type: 'button',
          text: { type: 'plain_text', text: 'Open the Data Hub report' },
          url: alert.reportUrl,
          action_id: 'open-report',
          ...(alert.status === 'firing' ? { style: 'primary' as const } : {}),
        },
      ],
    });
  }
  const context: Mrkdwn[] = [
    { type: 'mrkdwn', text: `Detected ${slackDate(alert.detectedAt)}` },
    { type: 'mrkdwn', text: `Alert id ${mrkdwnWithin('', alert.id, 1000)}` },
  ];
  if (hidden > 0) context.push({ type: 'mrkdwn', text: `${hidden} more facts in the email and the report` });
  // A report that is not on the web (local mode's file:// URL) cannot be a button; show it as text.
  if (alert.reportUrl && !isWebUrl(alert.reportUrl))
    context.push({ type: 'mrkdwn', text: mrkdwnWithin('Report: ', alert.reportUrl, 2000) });
  blocks.push({ type: 'context', elements: context });
  return { text: alertSubject(alert), blocks };
}
