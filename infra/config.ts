/**
 * Deploy-time settings, from `cdk deploy -c key=value` or the `context` block of cdk.json.
 * Validated before any construct exists, so a typo fails in a second with a message that names it.
 */
export interface DataHubContext {
  /** Suffix for names, so several copies (dev, prod) can live in one account. @default 'dev' */
  readonly stage: string;
  /** Addresses subscribed to the alert topic by email (each confirms once). @default none */
  readonly alertEmails: readonly string[];
  /** EventBridge Scheduler expression (UTC) for the daily analysis. @default 'cron(0 6 * * ? *)' */
  readonly analyzeSchedule: string;
  /**
   * Secrets Manager name of a Slack incoming-webhook URL, for the notify function of a later issue.
   * Validated now so cdk.json can carry it; no resource uses it yet. @default none
   */
  readonly slackWebhookSecretName?: string;
}

export const CONTEXT_DEFAULTS = {
  stage: 'dev',
  analyzeSchedule: 'cron(0 6 * * ? *)',
} as const;

const EMAIL = /^[^\s@,]+@[^\s@,]+\.[^\s@,]+$/;
const STAGE = /^[a-z][a-z0-9-]{0,9}$/;
// Secrets Manager name characters (the console also accepts these; no spaces).
const SECRET_NAME = /^[A-Za-z0-9/_+=.@-]{1,512}$/;
const RATE = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/;
const CRON = /^cron\((.+)\)$/;

/** Why a Scheduler expression is not a valid recurring schedule, or undefined when it is. */
function scheduleProblem(expression: string): string | undefined {
  const example = 'e.g. "cron(0 6 * * ? *)" or "rate(1 day)"';
  if (expression === '') return `analyzeSchedule must not be empty (${example})`;
  const rate = RATE.exec(expression);
  if (rate) {
    const value = Number(rate[1]);
    const plural = rate[2]!.endsWith('s');
    if (value < 1) return `analyzeSchedule "${expression}": the rate must be at least 1`;
    // Scheduler rejects "rate(1 days)" and "rate(2 day)" at deploy time; catch it here instead.
    if ((value === 1) === plural)
      return `analyzeSchedule "${expression}": use a singular unit for 1 and a plural one otherwise`;
    return undefined;
  }
  const cron = CRON.exec(expression);
  if (cron) {
    const fields = cron[1]!.trim().split(/\s+/);
    if (fields.length !== 6)
      return `analyzeSchedule "${expression}" needs six cron fields (minutes hours day-of-month month day-of-week year), got ${fields.length}`;
    if ((fields[2] === '?') === (fields[4] === '?'))
      return `analyzeSchedule "${expression}": exactly one of day-of-month and day-of-week must be "?"`;
    return undefined;
  }
  return `analyzeSchedule "${expression}" must be a recurring cron(...) or rate(...) expression (${example})`;
}

/**
 * Reads and checks the context values; throws one error naming every bad value.
 *
 * @example
 *   parseContext((key) => app.node.tryGetContext(key));
 */
export function parseContext(get: (key: string) => unknown): DataHubContext {
  const problems: string[] = [];
  const text = (key: string): string | undefined => {
    const value = get(key);
    return value === undefined || value === null ? undefined : String(value).trim();
  };

  const stage = text('stage') || CONTEXT_DEFAULTS.stage;
  if (!STAGE.test(stage))
    problems.push(
      `stage "${stage}" must be 1-10 lowercase letters, digits or dashes, starting with a letter`,
    );

  // `-c alertEmails=a@x.org,b@y.org` arrives as one string; cdk.json may hold a JSON array.
  const rawEmails = get('alertEmails');
  const alertEmails = (Array.isArray(rawEmails) ? rawEmails.map(String) : String(rawEmails ?? '').split(','))
    .map((e) => e.trim())
    .filter(Boolean);
  for (const email of alertEmails)
    if (!EMAIL.test(email)) problems.push(`alertEmails: "${email}" is not an email address`);
  if (new Set(alertEmails.map((e) => e.toLowerCase())).size !== alertEmails.length)
    problems.push('alertEmails lists an address twice');

  const analyzeSchedule = text('analyzeSchedule') ?? CONTEXT_DEFAULTS.analyzeSchedule;
  const scheduleError = scheduleProblem(analyzeSchedule);
  if (scheduleError) problems.push(scheduleError);

  const slackWebhookSecretName = text('slackWebhookSecretName') || undefined;
  if (slackWebhookSecretName !== undefined && !SECRET_NAME.test(slackWebhookSecretName))
    problems.push(
      `slackWebhookSecretName "${slackWebhookSecretName}" is not a Secrets Manager name (letters, digits, /_+=.@-)`,
    );

  if (problems.length > 0) throw new Error(`Invalid CDK context: ${problems.join('; ')}`);
  return {
    stage,
    alertEmails,
    analyzeSchedule,
    ...(slackWebhookSecretName ? { slackWebhookSecretName } : {}),
  };
}
