/** Deploy-time settings, from `cdk deploy -c key=value` or cdk.json. Validated before any resource exists. */
export interface DataHubContext {
  /** Suffix for names, so several copies (dev, prod) can live in one account. */
  readonly stage: string;
  /** Addresses subscribed to the alert topic by email. */
  readonly alertEmails: readonly string[];
  /** EventBridge Scheduler expression for the daily analysis, e.g. `cron(0 6 * * ? *)`. */
  readonly analyzeSchedule: string;
}

const EMAIL = /^[^\s@,]+@[^\s@,]+\.[^\s@,]+$/;
const SCHEDULE = /^(cron\(.+\)|rate\(\d+ (minute|minutes|hour|hours|day|days)\))$/;

/** Reads and checks the context values; throws one error naming every bad value. */
export function parseContext(get: (key: string) => unknown): DataHubContext {
  const problems: string[] = [];
  const stage = String(get('stage') ?? 'dev');
  if (!/^[a-z][a-z0-9-]{0,9}$/.test(stage))
    problems.push(
      `stage "${stage}" must be 1-10 lowercase letters, digits or dashes, starting with a letter`,
    );
  const rawEmails = get('alertEmails');
  const alertEmails = (Array.isArray(rawEmails) ? rawEmails.map(String) : String(rawEmails ?? '').split(','))
    .map((e) => e.trim())
    .filter(Boolean);
  for (const email of alertEmails)
    if (!EMAIL.test(email)) problems.push(`alertEmails: "${email}" is not an email address`);
  const analyzeSchedule = String(get('analyzeSchedule') ?? 'cron(0 6 * * ? *)').trim();
  if (analyzeSchedule === '') problems.push('analyzeSchedule must not be empty (e.g. "cron(0 6 * * ? *)")');
  else if (!SCHEDULE.test(analyzeSchedule))
    problems.push(`analyzeSchedule "${analyzeSchedule}" must be cron(...) or rate(N unit)`);
  if (problems.length > 0) throw new Error(`Invalid CDK context: ${problems.join('; ')}`);
  return { stage, alertEmails, analyzeSchedule };
}
