import { z } from 'zod';
import { ConfigError } from '../errors/index.ts';

const optionalUrl = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .pipe(z.url().optional())
  .optional();

/**
 * Everything configurable, read once at start-up from environment variables.
 * Lambda gets them from the stack; locally from the shell (all have sane defaults).
 */
const EnvSchema = z.object({
  DATAHUB_HOME: z.string().default('out'),
  RAW_BUCKET: z.string().default('raw'),
  LAKE_BUCKET: z.string().default('lake'),
  QUARANTINE_BUCKET: z.string().default('quarantine'),
  REPORT_BUCKET: z.string().default('report'),
  ATHENA_WORKGROUP: z.string().default('odigos-datahub'),
  ATHENA_DATABASE: z.string().default('odigos_datahub'),
  ATHENA_OUTPUT_LOCATION: z.string().optional(),
  ALERT_TOPIC_ARN: z.string().optional(),
  SLACK_WEBHOOK_URL: optionalUrl,
  REPORT_BASE_URL: optionalUrl,
  ANALYSIS_LOOKBACK_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  POWERTOOLS_SERVICE_NAME: z.string().default('odigos-data-hub'),
});

export interface Buckets {
  readonly raw: string;
  readonly lake: string;
  readonly quarantine: string;
  readonly report: string;
}

export interface DataHubConfig {
  /** Local mode only: the directory that plays S3 (one sub-directory per bucket). */
  readonly home: string;
  readonly buckets: Buckets;
  readonly athena: {
    readonly workgroup: string;
    readonly database: string;
    readonly outputLocation?: string;
  };
  readonly alertTopicArn?: string;
  readonly slackWebhookUrl?: string;
  readonly reportBaseUrl?: string;
  readonly analysisLookbackDays: number;
  readonly serviceName: string;
}

/**
 * Parses the environment once. Throws a `ConfigError` that names every bad variable.
 *
 * @example
 *   const config = loadConfig(process.env);
 */
export function loadConfig(env: Record<string, string | undefined>): DataHubConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigError(`Invalid configuration: ${problems}`);
  }
  const e = parsed.data;
  return {
    home: e.DATAHUB_HOME,
    buckets: {
      raw: e.RAW_BUCKET,
      lake: e.LAKE_BUCKET,
      quarantine: e.QUARANTINE_BUCKET,
      report: e.REPORT_BUCKET,
    },
    athena: {
      workgroup: e.ATHENA_WORKGROUP,
      database: e.ATHENA_DATABASE,
      ...(e.ATHENA_OUTPUT_LOCATION ? { outputLocation: e.ATHENA_OUTPUT_LOCATION } : {}),
    },
    ...(e.ALERT_TOPIC_ARN ? { alertTopicArn: e.ALERT_TOPIC_ARN } : {}),
    ...(e.SLACK_WEBHOOK_URL ? { slackWebhookUrl: e.SLACK_WEBHOOK_URL } : {}),
    ...(e.REPORT_BASE_URL ? { reportBaseUrl: e.REPORT_BASE_URL } : {}),
    analysisLookbackDays: e.ANALYSIS_LOOKBACK_DAYS,
    serviceName: e.POWERTOOLS_SERVICE_NAME,
  };
}
