export type AlertSeverity = 'info' | 'warning' | 'critical';
export type AlertStatus = 'firing' | 'resolved';

/** A notification-ready alert. Formatting for email and Slack derives from these fields. */
export interface Alert {
  /** Stable identity of the incident (series + start); re-runs of the same period reuse it. */
  readonly id: string;
  readonly status: AlertStatus;
  readonly severity: AlertSeverity;
  /** One line, under 100 characters (the email subject). */
  readonly title: string;
  /** What happened, where, how far from normal and since when — plain sentences. */
  readonly summary: string;
  /** Facts shown as a key/value list (series, observed, expected, deviation, …). */
  readonly facts: readonly { readonly label: string; readonly value: string }[];
  readonly detectedAt: string;
  readonly reportUrl?: string;
}

export interface PublishReceipt {
  readonly messageId: string;
}

/** Port: delivers alerts (SNS topic → email / Slack on AWS; an outbox folder and optional webhook locally). */
export interface Notifier {
  publish(alert: Alert): Promise<PublishReceipt>;
}
