import { afterAll, describe, expect, it } from 'vitest';
import { parseContext } from '../../infra/config.ts';
import { build, CDK_JSON_CONTEXT, removeOutdirs } from './synth.ts';

afterAll(removeOutdirs);

const from =
  (values: Record<string, unknown>) =>
  (key: string): unknown =>
    values[key];

describe('Function: parseContext', () => {
  it('applies the documented defaults when nothing is given', () => {
    // Act
    const context = parseContext(from({}));

    // Assess
    expect(context).toEqual({ stage: 'dev', alertEmails: [], analyzeSchedule: 'cron(0 6 * * ? *)' });
  });

  it('reads cdk.json as the CLI passes it (empty strings mean "not set")', () => {
    expect(parseContext(from(CDK_JSON_CONTEXT))).toEqual({
      stage: 'dev',
      alertEmails: [],
      analyzeSchedule: 'cron(0 6 * * ? *)',
    });
  });

  it('splits a comma-separated email list and trims each address', () => {
    const context = parseContext(from({ alertEmails: ' pm@example.com, oncall@example.org ,' }));

    expect(context.alertEmails).toEqual(['pm@example.com', 'oncall@example.org']);
  });

  it('accepts a JSON array of emails from cdk.json', () => {
    expect(parseContext(from({ alertEmails: ['a@example.com', 'b@example.com'] })).alertEmails).toEqual([
      'a@example.com',
      'b@example.com',
    ]);
  });

  it.each(['cron(0 6 * * ? *)', 'cron(15 */2 ? * MON-FRI *)', 'rate(1 day)', 'rate(6 hours)'])(
    'accepts the recurring schedule %s',
    (expression) => {
      expect(parseContext(from({ analyzeSchedule: expression })).analyzeSchedule).toBe(expression);
    },
  );

  it.each([
    ['every day', /must be a recurring cron\(\.\.\.\) or rate\(\.\.\.\) expression/],
    ['cron(0 6 * * ?)', /needs six cron fields .* got 5/],
    ['cron(0 6 * * 1 *)', /exactly one of day-of-month and day-of-week must be "\?"/],
    ['rate(1 days)', /singular unit for 1/],
    ['rate(0 minutes)', /at least 1/],
    ['at(2030-01-01T06:00:00)', /recurring/],
    ['  ', /analyzeSchedule must not be empty/],
  ])('refuses the schedule %j', (expression, message) => {
    expect(() => parseContext(from({ analyzeSchedule: expression }))).toThrow(message);
  });

  it('names every bad value in one error', () => {
    // Act
    const act = () =>
      parseContext(
        from({
          stage: 'Prod_1',
          alertEmails: 'pm@example.com,not-an-email,PM@example.com',
          analyzeSchedule: 'daily',
          slackWebhookSecretName: 'has spaces',
        }),
      );

    // Assess
    expect(act).toThrow(/^Invalid CDK context: /);
    expect(act).toThrow(/stage "Prod_1" must be 1-10 lowercase letters/);
    expect(act).toThrow(/alertEmails: "not-an-email" is not an email address/);
    expect(act).toThrow(/alertEmails lists an address twice/);
    expect(act).toThrow(/analyzeSchedule "daily"/);
    expect(act).toThrow(/slackWebhookSecretName "has spaces" is not a Secrets Manager name/);
  });

  it('keeps the Slack secret name when given', () => {
    expect(
      parseContext(from({ slackWebhookSecretName: 'odigos/slack-webhook' })).slackWebhookSecretName,
    ).toBe('odigos/slack-webhook');
  });
});

describe('Function: buildApp', () => {
  it('fails before creating any stack when the context is invalid', async () => {
    await expect(build({ alertEmails: 'not-an-email', analyzeSchedule: 'every day' })).rejects.toThrow(
      /Invalid CDK context: alertEmails: "not-an-email" is not an email address; analyzeSchedule "every day"/,
    );
  });
});
